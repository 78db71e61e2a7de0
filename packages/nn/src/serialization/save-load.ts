/**
 * `torch.save` / `torch.load`: state dicts (and any structure of tensors, numbers, strings,
 * arrays and plain objects, such as an optimizer's state) in the safetensors format;
 * `load` also reads the zip checkpoints PyTorch's `torch.save` writes, so weights trained in
 * PyTorch load into torchts modules.
 * @module
 */
import { Tensor, type DeviceLike } from '@torchts/core';
import { Module } from '../module.js';
import { decodeSafetensors, encodeSafetensors, SerializationError } from './safetensors.js';
import { isLegacyTorch, isZip, readTorchZip } from './torch-zip.js';

const STRUCTURE_KEY = 'torchts.structure';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Whether `obj` is a plain object whose values are all tensors (a state dict). */
function isFlatTensorDict(obj: unknown): obj is Record<string, Tensor> {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj) || Object.getPrototypeOf(obj) !== Object.prototype) {
    return false;
  }
  return Object.values(obj).every((v) => v instanceof Tensor);
}

/**
 * Encodes `obj` as safetensors bytes: a state dict as plain safetensors (readable by Python's
 * `safetensors.torch.load_file`), any other structure with its shape in the metadata.
 */
export function serialize(obj: unknown): Uint8Array {
  if (obj instanceof Module) {
    throw new SerializationError(
      `save(): a Module cannot be saved as is (PyTorch pickles its Python class); save module.stateDict() and restore it with module.loadStateDict(await torch.load(path))`,
    );
  }
  if (isFlatTensorDict(obj)) return encodeSafetensors(Object.entries(obj), { format: 'pt' });
  const tensors: [string, Tensor][] = [];
  const names = new Map<Tensor, string>();
  const used = new Set<string>();
  const walk = (v: unknown, path: string[]): Json => {
    if (v instanceof Tensor) {
      let name = names.get(v);
      if (!name) {
        const base = path.join('.') || 'tensor';
        name = base;
        for (let i = 1; used.has(name); i++) name = `${base}#${i}`;
        used.add(name);
        names.set(v, name);
        tensors.push([name, v]);
      }
      return { $tensor: name };
    }
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (v === undefined) return { $undefined: true };
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
    if (v instanceof Map) return { $map: [...v].map(([k, x], i) => [walk(k, [...path, `k${i}`]), walk(x, [...path, String(k)])]) };
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const o: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) o[k.startsWith('$') ? `$${k}` : k] = walk(x, [...path, k]);
      return o;
    }
    throw new SerializationError(`save(): cannot save a value of type ${(v as object)?.constructor?.name ?? typeof v} at '${path.join('.')}'`);
  };
  const structure = walk(obj, []);
  return encodeSafetensors(tensors, { format: 'torchts', [STRUCTURE_KEY]: JSON.stringify(structure) });
}

function rebuild(s: Json, tensors: Map<string, Tensor>): unknown {
  if (s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map((x) => rebuild(x, tensors));
  if ('$tensor' in s) {
    const t = tensors.get(s.$tensor as string);
    if (!t) throw new SerializationError(`corrupt file: tensor '${String(s.$tensor)}' is missing`);
    return t;
  }
  if ('$number' in s) return Number(s.$number);
  if ('$undefined' in s) return undefined;
  if ('$map' in s) return new Map((s.$map as [Json, Json][]).map(([k, v]) => [rebuild(k, tensors), rebuild(v, tensors)]));
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) o[k.startsWith('$$') ? k.slice(1) : k] = rebuild(v, tensors);
  return o;
}

/** Options of {@link load} and {@link deserialize}. */
export interface LoadOptions {
  /** Move every tensor to this device (PyTorch's `map_location`). */
  mapLocation?: DeviceLike;
}

function moveAll(v: unknown, device: DeviceLike): unknown {
  if (v instanceof Tensor) return v.to(device);
  if (Array.isArray(v)) return v.map((x) => moveAll(x, device));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, moveAll(x, device)]));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = moveAll(x, device);
    return o;
  }
  return v;
}

/**
 * Decodes what {@link serialize} wrote, any safetensors file, or a PyTorch zip checkpoint.
 * Corrupt, truncated or unknown data gives a {@link SerializationError} that says what is wrong.
 */
export function deserialize(bytes: Uint8Array, options: LoadOptions = {}): unknown {
  let result: unknown;
  if (isZip(bytes)) result = readTorchZip(bytes);
  else if (isLegacyTorch(bytes)) {
    throw new SerializationError(
      'this is a PyTorch checkpoint in the legacy (pre-1.6) format, which is not supported: re-save it in PyTorch with torch.save(obj, path) (the zip format, the default since 1.6)',
    );
  } else {
    const { tensors, metadata } = decodeSafetensors(bytes);
    const structure = metadata[STRUCTURE_KEY];
    if (structure !== undefined) {
      let parsed: Json;
      try {
        parsed = JSON.parse(structure) as Json;
      } catch {
        throw new SerializationError('corrupt file: the torchts structure in the metadata is not valid JSON');
      }
      result = rebuild(parsed, new Map(tensors));
    } else {
      result = Object.fromEntries(tensors);
    }
  }
  return options.mapLocation !== undefined ? moveAll(result, options.mapLocation) : result;
}

/**
 * Saves a state dict (or any structure of tensors, numbers, strings, arrays and plain
 * objects, e.g. an optimizer's `stateDict()`) to `path`, in the safetensors format.
 *
 * @example
 * ```ts
 * await torch.save(net.stateDict(), 'lenet.safetensors');
 * net.loadStateDict(await torch.load('lenet.safetensors'));
 * ```
 */
export async function save(obj: unknown, path: string): Promise<void> {
  const bytes = serialize(await readableOnHost(obj, new Map()));
  const fs = await import('node:fs/promises');
  await fs.writeFile(path, bytes);
}

/**
 * Loads what {@link save} wrote, any safetensors file, or a state dict that PyTorch's
 * `torch.save` wrote (`.pt`/`.pth`), from a path or from bytes.
 *
 * @example
 * ```ts
 * const sd = await torch.load('lenet.pth');   // written by PyTorch
 * net.loadStateDict(sd);
 * ```
 */
export async function load(source: string | Uint8Array | ArrayBuffer, options: LoadOptions = {}): Promise<any> {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    const fs = await import('node:fs/promises');
    bytes = new Uint8Array(await fs.readFile(source));
  } else bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  return deserialize(bytes, options);
}

/**
 * `obj` with every tensor that lives on a device without synchronous reads (WebGPU) copied to
 * the CPU first, asynchronously; shared tensors stay shared.
 */
async function readableOnHost(obj: unknown, seen: Map<Tensor, Tensor>): Promise<unknown> {
  if (obj instanceof Tensor) {
    if (obj._storage.backend.canReadSync) return obj;
    let host = seen.get(obj);
    if (!host) {
      host = await obj.toAsync('cpu');
      seen.set(obj, host);
    }
    return host;
  }
  if (Array.isArray(obj)) return Promise.all(obj.map((v) => readableOnHost(v, seen)));
  if (obj instanceof Map) {
    const out = new Map();
    for (const [k, v] of obj) out.set(k, await readableOnHost(v, seen));
    return out;
  }
  if (obj !== null && typeof obj === 'object' && Object.getPrototypeOf(obj) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = await readableOnHost(v, seen);
    return out;
  }
  return obj;
}
