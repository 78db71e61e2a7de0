/**
 * A small unpickler for the data files of datasets (CIFAR's python batches): dicts, lists,
 * tuples, numbers, strings, bytes and numpy arrays, in pickle protocols 0 to 5 as written by
 * Python 2's cPickle and Python 3's pickle.
 *
 * It runs no code: only the globals that rebuild numpy arrays and bytes are known, anything
 * else is refused with an error. (npm's pickle readers decode Python 2 strings as text, which
 * garbles the binary pixel data of Python 2 pickles, so this one keeps them as bytes.)
 */

import { transcode } from 'node:buffer';

/** A numpy array from a pickle: dtype, shape and raw bytes. */
export interface NdArray {
  /** Marks a decoded numpy array. */
  readonly kind: 'ndarray';
  /** numpy type code without byte order: `'u1'`, `'i8'`, `'f4'`, ... */
  dtype: string;
  /** `'<'` little-endian, `'>'` big-endian, `'|'` not applicable (1-byte types), `'='` native. */
  byteOrder: string;
  /** Size of each dim. */
  shape: number[];
  /** Whether `data` is in column-major (Fortran) order. */
  fortranOrder: boolean;
  /** The element bytes (a view into the pickle, not a copy). */
  data: Uint8Array;
}

/** Python 2 `str` (bytes). Kept as bytes until the end, then decoded as latin-1 like `pickle.load(f, encoding='latin1')`. */
class Py2Str {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    return latin1(this.bytes);
  }
}

/**
 * Long Python 3 text, kept as UTF-8 until needed: Python 3 pickles bytes at protocol 2 as
 * `_codecs.encode(text, 'latin1')`, and decoding 30 MB of pixels to a JS string and back
 * is much slower than turning the UTF-8 straight into bytes.
 */
class Utf8Text {
  constructor(readonly utf8: Uint8Array) {}
  toString(): string {
    return utf8.decode(this.utf8);
  }
  /** `text.encode('latin1')`, or undefined when a character is above U+00FF. */
  toLatin1(): Uint8Array | undefined {
    const src = this.utf8;
    try {
      // ICU's transcoder is several times faster than the loop below on pixel data
      const out = new Uint8Array(transcode(src, 'utf8', 'latin1'));
      // it maps characters above U+00FF to '?' silently: check that the UTF-8 length of
      // the result (1 byte per character below 0x80, 2 above) is the input's length
      let utf8Length = out.length;
      for (let i = 0; i < out.length; i++) utf8Length += out[i]! >> 7;
      return utf8Length === src.length ? out : undefined;
    } catch {
      // Node without ICU: decode by hand
    }
    const out = new Uint8Array(src.length);
    let n = 0;
    for (let i = 0; i < src.length; i++) {
      const c = src[i]!;
      if (c < 0x80) out[n++] = c;
      else if ((c === 0xc2 || c === 0xc3) && i + 1 < src.length && (src[i + 1]! & 0xc0) === 0x80) {
        out[n++] = ((c & 0x03) << 6) | (src[++i]! & 0x3f);
      } else return undefined;
    }
    return out.subarray(0, n);
  }
}

const LAZY_TEXT_BYTES = 4096;

class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

class NumpyDtype {
  byteOrder = '|';
  constructor(readonly code: string) {}
}

class PendingNdArray {
  array: NdArray | undefined;
}

const MARK = Symbol('mark');

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

const utf8 = new TextDecoder('utf-8');

const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const DTYPE = new Set(['numpy.dtype']);
const NDARRAY = new Set(['numpy.ndarray']);
const KNOWN = new Set([
  ...RECONSTRUCT,
  ...FROMBUFFER,
  ...DTYPE,
  ...NDARRAY,
  '_codecs.encode',
  'builtins.bytearray',
  '__builtin__.bytearray',
  'builtins.bytes',
  '__builtin__.bytes',
]);

/** Options of {@link unpickle}. */
export interface UnpickleOptions {
  /** Name used in error messages, e.g. the file path. */
  source?: string;
}

/**
 * Reads one pickled object.
 *
 * Python values map to: `dict` -> `Map` (str and bytes keys become strings), `list`/`tuple`
 * -> arrays, `set` -> `Set`, `int` -> number (bigint beyond 2^53), `float` -> number,
 * `str` -> string, Python 3 `bytes`/`bytearray` -> `Uint8Array`, Python 2 `str` -> string
 * (latin-1, as torchvision's `pickle.load(f, encoding="latin1")`), numpy arrays -> {@link NdArray}.
 *
 * @example
 * ```ts
 * const batch = unpickle(readFileSync('cifar-10-batches-py/data_batch_1')) as Map<string, unknown>;
 * const data = batch.get('data') as NdArray; // dtype 'u1', shape [10000, 3072]
 * ```
 */
export function unpickle(input: Uint8Array, options: UnpickleOptions = {}): unknown {
  // views of a plain Uint8Array, so bytes values are never Node Buffers
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const source = options.source ?? 'pickle data';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let opStart = 0;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();
  // Py2Str values that became bytes of a numpy array must not be decoded to text.
  const usedAsBytes = new WeakSet<object>();

  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg} (pickle opcode at byte ${opStart})`);
  };
  const need = (n: number): void => {
    if (pos + n > bytes.length) {
      fail(`truncated pickle: needs ${n} more bytes at byte ${pos} but the data ends at byte ${bytes.length}`);
    }
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = (): number => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = (): number => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const i32 = (): number => {
    need(4);
    const v = view.getInt32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = (): number => {
    need(8);
    const v = view.getBigUint64(pos, true);
    pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`length ${v} is too large`);
    return Number(v);
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('truncated pickle: a text argument has no terminating newline');
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) fail('stack underflow (corrupt pickle)');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('stack underflow (corrupt pickle)');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) fail('MARK expected on the stack (corrupt pickle)');
    stack = prev!;
    return items;
  };
  const memoGet = (i: number): unknown => {
    if (!memo.has(i)) fail(`memo key ${i} not found (corrupt pickle)`);
    return memo.get(i);
  };
  const asText = (v: unknown, what: string): string => {
    if (typeof v === 'string') return v;
    if (v instanceof Py2Str || v instanceof Utf8Text) return v.toString();
    if (v instanceof Uint8Array) return latin1(v);
    return fail(`expected a string for ${what}, got ${describe(v)}`);
  };
  const asBytes = (v: unknown, what: string): Uint8Array => {
    if (v instanceof Uint8Array) return v;
    if (v instanceof Py2Str) {
      usedAsBytes.add(v);
      return v.bytes;
    }
    // Python 3 text holding bytes (numpy arrays pickled at protocol 0/1 under Python 3).
    if (typeof v === 'string') return new Uint8Array(Buffer.from(v, 'latin1'));
    if (v instanceof Utf8Text) {
      const direct = v.toLatin1();
      if (direct) return direct;
    }
    return fail(`expected bytes for ${what}, got ${describe(v)}`);
  };
  const asInt = (v: unknown, what: string): number => {
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return fail(`expected an integer for ${what}, got ${describe(v)}`);
  };
  const asShape = (v: unknown): number[] => {
    if (!Array.isArray(v)) fail(`expected a shape tuple, got ${describe(v)}`);
    return (v as unknown[]).map((d) => asInt(d, 'a dimension'));
  };
  const dictKey = (k: unknown): string | number | bigint | boolean | null => {
    if (k instanceof Py2Str || k instanceof Utf8Text) return k.toString();
    if (typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean' || k === null) return k;
    if (k instanceof Uint8Array) return latin1(k);
    return fail(`unsupported dict key ${describe(k)}`);
  };
  const setItems = (dict: unknown, items: unknown[]): void => {
    if (!(dict instanceof Map)) fail(`SETITEM(S) on ${describe(dict)}, expected a dict`);
    if (items.length % 2 !== 0) fail('odd number of items for SETITEMS (corrupt pickle)');
    for (let i = 0; i < items.length; i += 2) (dict as Map<unknown, unknown>).set(dictKey(items[i]), items[i + 1]);
  };
  const appendItems = (list: unknown, items: unknown[]): void => {
    if (!Array.isArray(list)) fail(`APPEND(S) on ${describe(list)}, expected a list`);
    for (const item of items) (list as unknown[]).push(item);
  };
  const longFromBytes = (b: Uint8Array): number | bigint => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const parseIntText = (s: string): number | bigint | boolean => {
    const t = s.trim().replace(/L$/, '');
    if (t === '00') return false;
    if (t === '01') return true;
    if (!/^[-+]?\d+$/.test(t)) fail(`invalid integer literal ${JSON.stringify(s)}`);
    const b = BigInt(t);
    return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
  };

  const reduce = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof PyGlobal)) return fail(`cannot call ${describe(fn)}`);
    if (!Array.isArray(args)) return fail(`arguments of ${fn.qualified} are not a tuple`);
    const q = fn.qualified;
    if (RECONSTRUCT.has(q)) {
      // numpy's ndarray.__reduce__: _reconstruct(ndarray, (0,), b'b'), then BUILD with the state.
      return new PendingNdArray();
    }
    if (DTYPE.has(q)) return new NumpyDtype(asText(args[0], 'the numpy dtype'));
    if (FROMBUFFER.has(q)) {
      // numpy >= 1.16 at protocol 5: _frombuffer(buffer, dtype, shape, order)
      const [buf, dtype, shape, order] = args;
      if (!(dtype instanceof NumpyDtype)) return fail(`_frombuffer with dtype ${describe(dtype)}`);
      return makeNdArray(dtype, asShape(shape), asText(order, 'the array order') === 'F', asBytes(buf, 'array data'));
    }
    if (q === '_codecs.encode') {
      // Python 3 writes bytes at protocol 2 as _codecs.encode(text, 'latin1').
      const enc = args.length > 1 ? asText(args[1], 'the encoding').toLowerCase() : 'utf-8';
      const isLatin1 = enc === 'latin1' || enc === 'latin-1' || enc === 'iso-8859-1';
      if (isLatin1 && args[0] instanceof Utf8Text) {
        const direct = args[0].toLatin1();
        if (direct) return direct;
        return fail('_codecs.encode: character above U+00FF cannot be encoded as latin-1');
      }
      const text = asText(args[0], '_codecs.encode');
      if (isLatin1) return new Uint8Array(Buffer.from(text, 'latin1'));
      if (enc === 'utf-8' || enc === 'utf8') return new Uint8Array(Buffer.from(text, 'utf8'));
      return fail(`unsupported encoding ${JSON.stringify(enc)} in _codecs.encode`);
    }
    if (q.endsWith('.bytearray') || q.endsWith('.bytes')) {
      if (args.length === 0) return new Uint8Array(0);
      if (args.length === 1) return asBytes(args[0], q).slice();
      const text = asText(args[0], q);
      return new Uint8Array(Buffer.from(text, 'latin1'));
    }
    return fail(`cannot call ${q}`);
  };

  const makeNdArray = (dtype: NumpyDtype, shape: number[], fortranOrder: boolean, data: Uint8Array): NdArray => {
    const size = dtypeSize(dtype.code);
    if (size === undefined) fail(`unsupported numpy dtype ${JSON.stringify(dtype.code)} (only numeric arrays are read)`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (data.length !== count * size!) {
      fail(`numpy array of shape [${shape.join(', ')}] and dtype ${dtype.code} needs ${count * size!} bytes, the pickle has ${data.length}`);
    }
    return { kind: 'ndarray', dtype: dtype.code, byteOrder: dtype.byteOrder, shape, fortranOrder, data };
  };

  const build = (target: unknown, state: unknown): void => {
    if (target instanceof NumpyDtype) {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags)
      if (Array.isArray(state) && state.length >= 2) target.byteOrder = asText(state[1], 'the dtype byte order');
      return;
    }
    if (target instanceof PendingNdArray) {
      // ndarray.__setstate__: (version, shape, dtype, is_fortran, rawdata), or the same without version
      if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
        return void fail(`unexpected numpy array state ${describe(state)}`);
      }
      const s = state.length === 5 ? state.slice(1) : state;
      const [shape, dtype, fortran, raw] = s;
      if (!(dtype instanceof NumpyDtype)) return void fail(`numpy array state has dtype ${describe(dtype)}`);
      if (Array.isArray(raw)) return void fail('numpy object arrays are not supported');
      target.array = makeNdArray(dtype, asShape(shape), Boolean(fortran), asBytes(raw, 'array data'));
      return;
    }
    fail(`cannot restore the state of ${describe(target)}`);
  };

  for (;;) {
    opStart = pos;
    const op = u8();
    switch (op) {
      case 0x80: {
        // PROTO
        const proto = u8();
        if (proto > 5) fail(`pickle protocol ${proto} is newer than the supported 0..5`);
        break;
      }
      case 0x95: // FRAME: frames are inline, the length is only a hint
        u64();
        break;
      case 0x2e: {
        // STOP
        const result = pop();
        return finalize(result, usedAsBytes);
      }
      case 0x28: // MARK
        metastack.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        if (stack.length) stack.pop();
        else popMark();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x49: // INT
        stack.push(parseIntText(line()));
        break;
      case 0x4c: // LONG
        stack.push(parseIntText(line()));
        break;
      case 0x8a: // LONG1
        stack.push(longFromBytes(take(u8())));
        break;
      case 0x8b: {
        // LONG4
        const n = i32();
        if (n < 0) fail('negative LONG4 length');
        stack.push(longFromBytes(take(n)));
        break;
      }
      case 0x47: {
        // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x46: // FLOAT
        stack.push(Number.parseFloat(line()));
        break;
      case 0x54: {
        // BINSTRING (Python 2 str)
        const n = i32();
        if (n < 0) fail('negative BINSTRING length');
        stack.push(new Py2Str(take(n)));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(new Py2Str(take(u8())));
        break;
      case 0x58: {
        // BINUNICODE
        const raw = take(u32());
        stack.push(raw.length >= LAZY_TEXT_BYTES ? new Utf8Text(raw) : utf8.decode(raw));
        break;
      }
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: {
        // BINUNICODE8
        const raw = take(u64());
        stack.push(raw.length >= LAZY_TEXT_BYTES ? new Utf8Text(raw) : utf8.decode(raw));
        break;
      }
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()));
        break;
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()));
        break;
      case 0x97: // NEXT_BUFFER
        fail('out-of-band buffers (pickle protocol 5 NEXT_BUFFER) are not supported');
        break;
      case 0x98: // READONLY_BUFFER: the top item stays as it is
        break;
      case 0x53: // STRING (protocol 0 quoted text)
      case 0x56: // UNICODE (protocol 0 raw-unicode-escape text)
        fail('protocol 0 text strings are not supported; re-save the file with pickle protocol 2 or newer');
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        const d = new Map();
        setItems(d, items);
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: {
        // LIST (popMark replaces `stack`, so call it before touching `stack`)
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        appendItems(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: {
        // TUPLE
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) fail(`ADDITEMS on ${describe(s)}, expected a set`);
        for (const item of items) (s as Set<unknown>).add(item);
        break;
      }
      case 0x91: {
        // FROZENSET
        const items = popMark();
        stack.push(new Set(items));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32()));
        break;
      case 0x67: // GET
        stack.push(memoGet(Number.parseInt(line(), 10)));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        const name = line();
        stack.push(global(module, name, fail));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof name !== 'string' || typeof module !== 'string') fail('STACK_GLOBAL needs two strings');
        stack.push(global(module as string, name as string, fail));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(reduce(fn, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        build(top(), state);
        break;
      }
      default:
        fail(
          `unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')} (${JSON.stringify(String.fromCharCode(op))}); ` +
            'only plain data and numpy arrays can be read',
        );
    }
  }
}

function global(module: string, name: string, fail: (msg: string) => never): PyGlobal {
  // Python 2 pickles name builtins "__builtin__"; Python 3 maps them to "builtins".
  const g = new PyGlobal(module, name);
  if (!KNOWN.has(g.qualified)) {
    fail(`refusing to load ${g.qualified}: only numpy arrays and plain Python data are supported`);
  }
  return g;
}

const DTYPE_SIZES: Record<string, number> = {
  u1: 1, i1: 1, b1: 1, u2: 2, i2: 2, f2: 2, u4: 4, i4: 4, f4: 4, u8: 8, i8: 8, f8: 8,
};

function dtypeSize(code: string): number | undefined {
  return DTYPE_SIZES[code.replace(/^[<>|=]/, '')];
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof Map) return 'a dict';
  if (Array.isArray(v)) return `a list/tuple of ${v.length}`;
  if (v instanceof Uint8Array) return `bytes of length ${v.length}`;
  if (v instanceof Py2Str) return `a Python 2 str of length ${v.bytes.length}`;
  if (v instanceof PyGlobal) return v.qualified;
  if (v instanceof NumpyDtype) return `numpy.dtype(${v.code})`;
  if (v instanceof PendingNdArray) return 'a numpy array';
  if (typeof v === 'string') return `a str of length ${v.length}`;
  if (v instanceof Utf8Text) return `a str of ${v.utf8.length} UTF-8 bytes`;
  return typeof v;
}

/** Replaces the intermediate objects by their final values (strings, NdArray). */
function finalize(root: unknown, usedAsBytes: WeakSet<object>): unknown {
  const seen = new Map<object, unknown>();
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Py2Str) return usedAsBytes.has(v) ? v.bytes : v.toString();
    if (v instanceof Utf8Text) return v.toString();
    if (v instanceof PendingNdArray) {
      if (!v.array) throw new Error('numpy array without state (corrupt pickle)');
      return v.array;
    }
    if (v instanceof Uint8Array || v instanceof NumpyDtype || v instanceof PyGlobal) return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      seen.set(v, v);
      for (let i = 0; i < v.length; i++) v[i] = visit(v[i]);
      return v;
    }
    if (v instanceof Map) {
      seen.set(v, v);
      for (const [k, val] of v) v.set(k, visit(val));
      return v;
    }
    if (v instanceof Set) {
      const out = new Set<unknown>();
      seen.set(v, out);
      for (const item of v) out.add(visit(item));
      return out;
    }
    return v;
  };
  return visit(root);
}

/** Whether a value from {@link unpickle} is a numpy array. */
export function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'ndarray';
}

/**
 * The elements of an integer or float numpy array as numbers, in C (row-major) order.
 */
export function ndArrayToNumbers(a: NdArray): number[] {
  const code = a.dtype.replace(/^[<>|=]/, '');
  const size = DTYPE_SIZES[code];
  if (size === undefined) throw new Error(`unsupported numpy dtype ${a.dtype}`);
  const little = a.byteOrder !== '>';
  const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  const count = a.data.length / size;
  const flat: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * size;
    switch (code) {
      case 'u1': flat[i] = view.getUint8(o); break;
      case 'b1': flat[i] = view.getUint8(o) ? 1 : 0; break;
      case 'i1': flat[i] = view.getInt8(o); break;
      case 'u2': flat[i] = view.getUint16(o, little); break;
      case 'i2': flat[i] = view.getInt16(o, little); break;
      case 'u4': flat[i] = view.getUint32(o, little); break;
      case 'i4': flat[i] = view.getInt32(o, little); break;
      case 'u8': flat[i] = Number(view.getBigUint64(o, little)); break;
      case 'i8': flat[i] = Number(view.getBigInt64(o, little)); break;
      case 'f4': flat[i] = view.getFloat32(o, little); break;
      case 'f8': flat[i] = view.getFloat64(o, little); break;
      default: throw new Error(`unsupported numpy dtype ${a.dtype}`);
    }
  }
  if (!a.fortranOrder || a.shape.length < 2) return flat;
  return fortranToC(flat, a.shape);
}

function fortranToC<T>(flat: T[], shape: number[]): T[] {
  const n = shape.length;
  const out: T[] = new Array(flat.length);
  const idx = new Array<number>(n).fill(0);
  for (let c = 0; c < flat.length; c++) {
    // column-major offset of the multi-index idx
    let f = 0;
    let stride = 1;
    for (let d = 0; d < n; d++) {
      f += idx[d]! * stride;
      stride *= shape[d]!;
    }
    out[c] = flat[f]!;
    for (let d = n - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
