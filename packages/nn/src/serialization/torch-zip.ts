/**
 * Reading what PyTorch's `torch.save` writes (the zip format of PyTorch >= 1.6): a zip
 * archive with `<name>/data.pkl` (the pickled object) and `<name>/data/<key>` (the raw
 * little-endian bytes of each storage). Tensors are rebuilt from their storage, offset, size
 * and stride; Parameters stay Parameters. Only data is unpickled (see {@link unpickle}): a
 * pickled `nn.Module` is refused with a message that says to save its `state_dict()`.
 * @module
 */
import { fromTypedArray, type Tensor } from '@torchts/core';
import { unzipSync } from 'fflate';
import { Parameter } from '../parameter.js';
import { readElements, torchStorageTypes, type StoredType } from './dtypes.js';
import { PyDict, PyObject, unpickle, type PyCallable } from './pickle.js';
import { SerializationError } from './safetensors.js';

/** Whether `bytes` start as a zip archive does. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Whether `bytes` are PyTorch's legacy (pre-1.6, not zip) format: a pickle starting with its magic number. */
export function isLegacyTorch(bytes: Uint8Array): boolean {
  // pickle PROTO 2, then LONG1 of the magic number 0x1950a86a20f9469cfc6c.
  return bytes.byteLength > 3 && bytes[0] === 0x80 && bytes[1] === 0x02 && bytes[2] === 0x8a;
}

interface StorageRef {
  type: StoredType;
  key: string;
  numel: number;
}

class StorageClass {
  constructor(readonly type: StoredType, readonly name: string) {}
}

const fn = (call: (args: unknown[]) => unknown): PyCallable => ({ call });

/**
 * Reads a PyTorch zip checkpoint: returns the unpickled object with dicts as plain objects
 * (or Maps when their keys are not all strings or ints), tuples and lists as arrays and
 * tensors as torchts tensors (on the CPU).
 */
export function readTorchZip(bytes: Uint8Array): unknown {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new SerializationError(`corrupt or truncated PyTorch checkpoint (zip): ${(e as Error).message}`);
  }
  const pkl = Object.keys(files).find((n) => n === 'data.pkl' || n.endsWith('/data.pkl'));
  if (!pkl) throw new SerializationError('not a PyTorch checkpoint: the zip archive has no data.pkl');
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const byteorder = files[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') {
    throw new SerializationError('big-endian PyTorch checkpoints are not supported');
  }
  const tensorsOf = new Map<string, Uint8Array>();
  const storageBytes = (ref: StorageRef): Uint8Array => {
    let b = tensorsOf.get(ref.key);
    if (!b) {
      b = files[`${prefix}data/${ref.key}`];
      if (!b) throw new SerializationError(`corrupt PyTorch checkpoint: storage '${ref.key}' is missing from the archive`);
      if (b.byteLength < ref.numel * ref.type.size) {
        throw new SerializationError(`corrupt PyTorch checkpoint: storage '${ref.key}' has ${b.byteLength} bytes, ${ref.numel * ref.type.size} expected`);
      }
      tensorsOf.set(ref.key, b);
    }
    return b;
  };

  const rebuildTensor = (storage: unknown, offset: number, size: number[], stride: number[]): Tensor => {
    if (!storage || typeof storage !== 'object' || !('key' in storage)) {
      throw new SerializationError('corrupt PyTorch checkpoint: a tensor without storage');
    }
    const ref = storage as StorageRef;
    const b = storageBytes(ref);
    const numel = size.reduce((a, c) => a * c, 1);
    const contiguous = size.every((_, i) => stride[i] === size.slice(i + 1).reduce((a, c) => a * c, 1) || size[i] === 1);
    let values;
    if (contiguous) {
      values = readElements(ref.type, b, offset * ref.type.size, numel);
    } else {
      // Gather a strided view into a contiguous array.
      const all = readElements(ref.type, b, 0, ref.numel);
      values = new ref.type.dtype.ArrayType(numel);
      const idx = new Array<number>(size.length).fill(0);
      for (let i = 0; i < numel; i++) {
        let p = offset;
        for (let d = 0; d < size.length; d++) p += idx[d]! * stride[d]!;
        values[i] = all[p]!;
        for (let d = size.length - 1; d >= 0; d--) {
          if (++idx[d]! < size[d]!) break;
          idx[d] = 0;
        }
      }
    }
    return fromTypedArray(values, size, { dtype: ref.type.dtype });
  };

  const classes: Record<string, unknown> = {
    'collections.OrderedDict': fn((args) => {
      const d = new PyDict();
      for (const [k, v] of (args[0] as [unknown, unknown][] | undefined) ?? []) d.set(k, v);
      return d;
    }),
    'builtins.dict': fn(() => new PyDict()),
    'builtins.set': fn((args) => new Set((args[0] as unknown[] | undefined) ?? [])),
    'builtins.frozenset': fn((args) => new Set((args[0] as unknown[] | undefined) ?? [])),
    '_codecs.encode': fn((args) => {
      const s = String(args[0]);
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
      return out;
    }),
    'torch._utils._rebuild_tensor': fn((a) => rebuildTensor(a[0], a[1] as number, a[2] as number[], a[3] as number[])),
    'torch._utils._rebuild_tensor_v2': fn((a) => {
      const t = rebuildTensor(a[0], a[1] as number, a[2] as number[], a[3] as number[]);
      if (a[4] === true && t.dtype.isFloatingPoint) t.requiresGrad_(true);
      return t;
    }),
    'torch._utils._rebuild_parameter': fn((a) => new Parameter(a[0] as Tensor, (a[1] as boolean | undefined) ?? true)),
    'torch._utils._rebuild_parameter_with_state': fn((a) => new Parameter(a[0] as Tensor, (a[1] as boolean | undefined) ?? true)),
    'torch.Size': fn((a) => [...((a[0] as number[] | undefined) ?? [])]),
    'torch.device': fn((a) => String(a[0]) + (a[1] !== undefined && a[1] !== null ? `:${String(a[1])}` : '')),
  };
  for (const [name, type] of Object.entries(torchStorageTypes)) classes[`torch.${name}`] = new StorageClass(type, name);

  const obj = unpickle(files[pkl]!, {
    findClass: (module, name) => {
      const c = classes[`${module}.${name}`];
      if (c !== undefined) return c;
      if (module.startsWith('torch.nn') || module === '__main__' || !module.startsWith('torch')) {
        throw new SerializationError(
          `torch.load: the checkpoint pickles the Python class ${module}.${name}, which cannot be loaded here. In PyTorch, save the state dict instead: torch.save(model.state_dict(), path)`,
        );
      }
      throw new SerializationError(`torch.load: unsupported Python global ${module}.${name} in the checkpoint`);
    },
    persistentLoad: (pid) => {
      const p = pid as unknown[];
      if (!Array.isArray(p) || p[0] !== 'storage') throw new SerializationError(`unsupported persistent id in the checkpoint: ${String(p?.[0])}`);
      const cls = p[1];
      if (!(cls instanceof StorageClass)) throw new SerializationError('unsupported storage type in the checkpoint');
      return { type: cls.type, key: String(p[2]), numel: Number(p[4]) } satisfies StorageRef;
    },
  });
  return toJs(obj);
}

/** Python values as JS ones: dicts as plain objects (Maps when keys are not strings or ints). */
export function toJs(v: unknown): unknown {
  if (v instanceof PyDict) {
    const keys = [...v.keys()];
    if (keys.every((k) => typeof k === 'string' || typeof k === 'number')) {
      const o: Record<string, unknown> = {};
      for (const [k, val] of v) o[String(k)] = toJs(val);
      return o;
    }
    return new Map([...v].map(([k, val]) => [k, toJs(val)]));
  }
  if (Array.isArray(v)) return v.map(toJs);
  if (v instanceof PyObject) throw new SerializationError(`torch.load: cannot represent Python object ${v.module}.${v.name}`);
  return v;
}
