/**
 * Values crossing between the main thread and DataLoader workers. Structured clone carries
 * plain data; this adds tensors (sent as typed arrays, whose buffers are transferred, not
 * copied, when nothing else uses them) and objects that rebuild themselves from a
 * {@link WorkerSpec} (datasets, transforms).
 * @module
 */
import { fromTypedArray, isTensor, type Tensor, type TypedArray, DType, toDType, type DTypeName } from '@torchts/core';
import { buildFromSpec, hasWorkerSpec, moduleSpecifier, type WorkerSpec } from './worker-spec.js';

const TENSOR = '__torchts_tensor__';
const REVIVE = '__torchts_revive__';
const DTYPE = '__torchts_dtype__';
const ESCAPE = '__torchts_object__';

interface EncodedTensor {
  dtype: DTypeName;
  shape: number[];
  data: TypedArray;
}

interface EncodedSpec {
  module: string;
  export: string;
  args: unknown[];
  construct?: boolean;
}

/** Options of {@link encodeForWorker}. */
export interface EncodeOptions {
  /** Buffers to transfer; tensors add theirs when it is safe. */
  transfer?: ArrayBuffer[];
  /** Tensors nobody else holds (fresh collate output): their storage is transferred as is. */
  fresh?: WeakSet<object>;
  /** Whether objects with `workerSpec()` are sent as specs (default true). */
  specs?: boolean;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'function') {
    // callable objects (transforms) are named by their class
    const ctor = (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null)?.constructor;
    if (ctor && ctor !== Function && ctor.name) return `a ${ctor.name} (a callable object)`;
    const name = (v as { name?: string }).name;
    return name ? `the function ${name}` : 'an anonymous function';
  }
  if (typeof v === 'object') return `an instance of ${(v as object).constructor?.name ?? 'Object'}`;
  return typeof v;
}

function encodeTensor(t: Tensor, opts: EncodeOptions): { [TENSOR]: EncodedTensor } {
  let data: TypedArray;
  const owned = opts.fresh?.has(t) && t.device.type === 'cpu' && t.isContiguous();
  if (owned) {
    data = t.asTypedArray();
  } else {
    data = t.toTypedArray();
  }
  const buf = data.buffer;
  const whole = buf instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === buf.byteLength;
  if (opts.transfer) {
    if (!whole) data = data.slice() as TypedArray; // a private copy whose buffer can move
    if (data.buffer instanceof ArrayBuffer && !opts.transfer.includes(data.buffer)) opts.transfer.push(data.buffer);
  }
  return { [TENSOR]: { dtype: t.dtype.name, shape: [...t.shape], data } };
}

/**
 * Encodes `value` for `postMessage`: tensors become typed arrays (their buffers listed in
 * `opts.transfer`), objects with `workerSpec()` become specs. Throws a TypeError naming the
 * path of anything that cannot cross (functions, class instances without a spec).
 */
export function encodeForWorker(value: unknown, opts: EncodeOptions = {}, path = 'value'): unknown {
  if (value === null || value === undefined) return value;
  const t = typeof value;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return value;
  if (isTensor(value)) return encodeTensor(value, opts);
  if (value instanceof DType) return { [DTYPE]: value.name };
  if ((opts.specs ?? true) && hasWorkerSpec(value)) {
    let spec: WorkerSpec;
    try {
      spec = value.workerSpec();
    } catch (e) {
      throw new TypeError(`${path} (${typeName(value)}) cannot be sent to a worker thread: ${(e as Error).message}`);
    }
    const encoded: EncodedSpec = {
      module: moduleSpecifier(spec.module),
      export: spec.export ?? 'default',
      args: (spec.args ?? []).map((a, i) => encodeForWorker(a, opts, `${path}.workerSpec().args[${i}]`)),
    };
    if (spec.construct !== undefined) encoded.construct = spec.construct;
    return { [REVIVE]: encoded };
  }
  if (t === 'function') {
    throw new TypeError(
      `${path} is ${typeName(value)}, which cannot be sent to a worker thread. Define it in a module ` +
        'and build the dataset with workerDataset(moduleUrl, exportName), or give the object a workerSpec()',
    );
  }
  if (t === 'symbol') throw new TypeError(`${path} is a symbol, which cannot be sent to a worker thread`);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return value;
  if (Array.isArray(value)) return value.map((v, i) => encodeForWorker(v, opts, `${path}[${i}]`));
  if (value instanceof Map) {
    const out = new Map();
    for (const [k, v] of value) out.set(k, encodeForWorker(v, opts, `${path}.get(${String(k)})`));
    return out;
  }
  if (value instanceof Set || value instanceof Date || value instanceof RegExp || value instanceof Error) return value;
  const obj = value as Record<string, unknown>;
  if (!isPlainObject(obj)) {
    throw new TypeError(
      `${path} is ${typeName(value)} without a workerSpec(), which cannot be sent to a worker thread; ` +
        'give its class a workerSpec() or build the dataset with workerDataset(moduleUrl, exportName)',
    );
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) out[k] = encodeForWorker(obj[k], opts, `${path}.${k}`);
  // An object that happens to use one of our marker keys is wrapped so it decodes as itself.
  if (TENSOR in out || REVIVE in out || DTYPE in out || ESCAPE in out) return { [ESCAPE]: out };
  return out;
}

/** Whether an encoded value needs async decoding (it holds specs to import). */
function needsImport(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v)) return false;
  if (REVIVE in (v as object)) return true;
  if (TENSOR in (v as object) || DTYPE in (v as object)) return false;
  if (Array.isArray(v)) return v.some(needsImport);
  if (v instanceof Map) return [...v.values()].some(needsImport);
  return Object.values(v as object).some(needsImport);
}

function decodeSync(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return v;
  if (Array.isArray(v)) return v.map(decodeSync);
  if (v instanceof Map) {
    const out = new Map();
    for (const [k, x] of v) out.set(k, decodeSync(x));
    return out;
  }
  if (v instanceof Set || v instanceof Date || v instanceof RegExp || v instanceof Error) return v;
  const o = v as Record<string, unknown>;
  if (TENSOR in o) {
    const e = o[TENSOR] as EncodedTensor;
    return fromTypedArray(e.data, e.shape, { dtype: toDType(e.dtype) });
  }
  if (DTYPE in o) return toDType(o[DTYPE] as DTypeName);
  const src = ESCAPE in o ? (o[ESCAPE] as Record<string, unknown>) : o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) out[k] = decodeSync(src[k]);
  return out;
}

async function decodeAsync(v: unknown): Promise<unknown> {
  if (!needsImport(v)) return decodeSync(v);
  if (Array.isArray(v)) return Promise.all(v.map(decodeAsync));
  if (v instanceof Map) {
    const out = new Map();
    for (const [k, x] of v) out.set(k, await decodeAsync(x));
    return out;
  }
  const o = v as Record<string, unknown>;
  if (REVIVE in o) {
    const spec = o[REVIVE] as EncodedSpec;
    const args = (await decodeAsync(spec.args)) as unknown[];
    const built = await buildFromSpec(spec, args);
    // The rebuilt object describes itself the same way (a worker may pass it on).
    if (built !== null && typeof built === 'object' && !hasWorkerSpec(built)) {
      Object.defineProperty(built, 'workerSpec', { value: () => ({ ...spec, args }), enumerable: false, configurable: true, writable: true });
    }
    return built;
  }
  const src = ESCAPE in o ? (o[ESCAPE] as Record<string, unknown>) : o;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) out[k] = await decodeAsync(src[k]);
  return out;
}

/**
 * Decodes what {@link encodeForWorker} produced: typed arrays become tensors again (sharing
 * the received memory), specs are imported and rebuilt.
 */
export function decodeFromWorker(value: unknown): Promise<unknown> {
  return decodeAsync(value);
}

/** Synchronous {@link decodeFromWorker} when `value` holds no specs; `undefined` means async is needed. */
export function tryDecodeSync(value: unknown): { value: unknown } | undefined {
  return needsImport(value) ? undefined : { value: decodeSync(value) };
}
