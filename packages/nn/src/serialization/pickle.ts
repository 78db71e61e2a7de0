/**
 * A small unpickler for the subset of Python's pickle that PyTorch state dicts use
 * (protocols 2 to 5: dicts, lists, tuples, numbers, strings, bytes, `collections.OrderedDict`,
 * the tensor rebuild functions, persistent ids for storages). Classes are resolved through an
 * allow-list given by the caller: anything else (a pickled `nn.Module`, arbitrary code) is
 * refused with a clear error instead of being executed.
 * @module
 */
import { SerializationError } from './safetensors.js';

/** A Python global the pickle refers to (`module.name`), resolved by the caller. */
export type FindClass = (module: string, name: string) => unknown;

/** Options of {@link unpickle}. */
export interface UnpickleOptions {
  /** Resolves `GLOBAL module name` to a callable or value; throws for forbidden ones. */
  findClass: FindClass;
  /** Resolves a persistent id (PyTorch's storages). */
  persistentLoad?: (pid: unknown) => unknown;
}

/** A Python callable the unpickler can `REDUCE` (call) or `NEWOBJ` (instantiate). */
export interface PyCallable {
  call(args: unknown[]): unknown;
}

/** A Python object the unpickler cannot represent otherwise, with the state `BUILD` gave it. */
export class PyObject {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly args: unknown[],
    public state: unknown = undefined,
  ) {}
}

/** A Python dict (`dict` or `OrderedDict`): insertion-ordered, any keys. */
export class PyDict extends Map<unknown, unknown> {
  /** Attributes set on an OrderedDict by `BUILD` (PyTorch's `_metadata`). */
  attributes: Record<string, unknown> = {};
}

/** A Python tuple (kept apart from lists only for clarity; both are JS arrays). */
export type PyTuple = unknown[];

const MARK = Symbol('mark');

/** Python 2 module names protocol 2 pickles use, as Python 3's `fix_imports` maps them. */
const PY2_MODULES: Record<string, string> = { __builtin__: 'builtins', copy_reg: 'copyreg' };

/** Unpickles `bytes` (one pickle, up to its STOP). */
export function unpickle(bytes: Uint8Array, options: UnpickleOptions): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8');
  const latin1 = new TextDecoder('latin1');
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;

  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) throw new SerializationError('truncated pickle data: unexpected end of data');
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
    const v = Number(view.getBigUint64(pos, true));
    pos += 8;
    return v;
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const b = bytes.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const line = (): string => {
    const start = pos;
    while (pos < bytes.byteLength && bytes[pos] !== 0x0a) pos++;
    if (pos >= bytes.byteLength) throw new SerializationError('truncated pickle data: unterminated line');
    const s = latin1.decode(bytes.subarray(start, pos));
    pos++;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new SerializationError('corrupt pickle data: stack underflow');
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) throw new SerializationError('corrupt pickle data: no MARK on the stack');
    const items = stack.slice(i + 1);
    stack.length = i;
    return items;
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new SerializationError('corrupt pickle data: stack underflow');
    return stack[stack.length - 1];
  };
  const callable = (f: unknown, what: string): PyCallable => {
    if (f && typeof (f as PyCallable).call === 'function' && !(typeof f === 'function')) return f as PyCallable;
    throw new SerializationError(`cannot ${what} ${String(f)}`);
  };
  const setItems = (d: unknown, items: unknown[]): void => {
    if (!(d instanceof Map)) throw new SerializationError('corrupt pickle data: SETITEM(S) on a non-dict');
    for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
  };
  const longFrom = (b: Uint8Array): number => {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return Number(v);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        stack.push(MARK);
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
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: // LONG1
        stack.push(longFrom(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(longFrom(take(u32())));
        break;
      case 0x49: { // INT
        const s = line();
        stack.push(s === '01' ? true : s === '00' ? false : Number.parseInt(s, 10));
        break;
      }
      case 0x4c: // LONG
        stack.push(Number.parseInt(line().replace(/L$/, ''), 10));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x46: // FLOAT
        stack.push(Number.parseFloat(line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(decoder.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(decoder.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(decoder.decode(take(u64())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: { // TUPLE2
        const b = pop(), a = pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: { // TUPLE3
        const c = pop(), b = pop(), a = pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x61: { // APPEND
        const v = pop();
        (top() as unknown[]).push(v);
        break;
      }
      case 0x65: { // APPENDS
        const items = popMark();
        (top() as unknown[]).push(...items);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new PyDict());
        break;
      case 0x64: { // DICT
        const d = new PyDict();
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x73: { // SETITEM
        const v = pop(), k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: { // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: { // ADDITEMS
        const items = popMark();
        const s = top() as Set<unknown>;
        for (const it of items) s.add(it);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(new Set(popMark()));
        break;
      case 0x70: // PUT
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x67: // GET
      case 0x68: // BINGET
      case 0x6a: { // LONG_BINGET
        const k = op === 0x67 ? Number.parseInt(line(), 10) : op === 0x68 ? u8() : u32();
        if (!memo.has(k)) throw new SerializationError(`corrupt pickle data: memo key ${k} missing`);
        stack.push(memo.get(k));
        break;
      }
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x63: { // GLOBAL
        const module = line(), name = line();
        stack.push(options.findClass(PY2_MODULES[module] ?? module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop() as string, module = pop() as string;
        stack.push(options.findClass(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop() as unknown[];
        const f = pop();
        stack.push(callable(f, 'call').call(args));
        break;
      }
      case 0x81: { // NEWOBJ
        const args = pop() as unknown[];
        const cls = pop();
        stack.push(callable(cls, 'instantiate').call(args));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        pop();
        const args = pop() as unknown[];
        const cls = pop();
        stack.push(callable(cls, 'instantiate').call(args));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const obj = top();
        if (obj instanceof PyDict && state instanceof Map) {
          for (const [k, v] of state) obj.attributes[String(k)] = v;
        } else if (obj instanceof PyObject) {
          obj.state = state;
        } else if (obj && typeof obj === 'object' && 'setState' in obj) {
          (obj as { setState(s: unknown): void }).setState(state);
        }
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) throw new SerializationError('pickle data refers to external storage, but no loader was given');
        stack.push(options.persistentLoad(pid));
        break;
      }
      case 0x50: { // PERSID
        const pid = line();
        if (!options.persistentLoad) throw new SerializationError('pickle data refers to external storage, but no loader was given');
        stack.push(options.persistentLoad(pid));
        break;
      }
      default:
        throw new SerializationError(`unsupported or corrupt pickle data: opcode 0x${op.toString(16)} at byte ${pos - 1}`);
    }
  }
}
