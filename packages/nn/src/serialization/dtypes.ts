/**
 * Reading and writing tensor elements as the bytes files hold (little-endian), per dtype:
 * the safetensors dtype names and PyTorch's storage classes.
 * @module
 */
import { bfloat16, bool, float16, float32, float64, int16, int32, int64, int8, uint8, type DType, type TypedArray } from '@torchts/core';
import { fromBfloat16Bits, fromHalfBits, toBfloat16Bits, toHalfBits } from './half.js';

/** How elements of one stored type are read: bytes per element and the dtype they load as. */
export interface StoredType {
  /** Bytes per element in the file. */
  size: number;
  /** The torchts dtype the elements load as. */
  dtype: DType;
  /** Reads element `i` of `view` (byte offset `i * size`). */
  read(view: DataView, byteOffset: number): number;
}

const le = true;

function stored(size: number, dtype: DType, read: StoredType['read']): StoredType {
  return { size, dtype, read };
}

/** @internal safetensors dtype names. */
export const safetensorsTypes: Record<string, StoredType> = {
  F64: stored(8, float64, (v, o) => v.getFloat64(o, le)),
  F32: stored(4, float32, (v, o) => v.getFloat32(o, le)),
  F16: stored(2, float16, (v, o) => fromHalfBits(v.getUint16(o, le))),
  BF16: stored(2, bfloat16, (v, o) => fromBfloat16Bits(v.getUint16(o, le))),
  I64: stored(8, int64, (v, o) => Number(v.getBigInt64(o, le))),
  I32: stored(4, int32, (v, o) => v.getInt32(o, le)),
  I16: stored(2, int16, (v, o) => v.getInt16(o, le)),
  I8: stored(1, int8, (v, o) => v.getInt8(o)),
  U8: stored(1, uint8, (v, o) => v.getUint8(o)),
  BOOL: stored(1, bool, (v, o) => (v.getUint8(o) ? 1 : 0)),
};

/** @internal PyTorch's storage classes (`torch.FloatStorage`, ...). */
export const torchStorageTypes: Record<string, StoredType> = {
  DoubleStorage: safetensorsTypes.F64!,
  FloatStorage: safetensorsTypes.F32!,
  HalfStorage: safetensorsTypes.F16!,
  BFloat16Storage: safetensorsTypes.BF16!,
  LongStorage: safetensorsTypes.I64!,
  IntStorage: safetensorsTypes.I32!,
  ShortStorage: safetensorsTypes.I16!,
  CharStorage: safetensorsTypes.I8!,
  ByteStorage: safetensorsTypes.U8!,
  BoolStorage: safetensorsTypes.BOOL!,
};

/** @internal The safetensors name of a dtype. */
export function safetensorsName(d: DType): string {
  const names: Record<string, string> = {
    float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8',
    uint8: 'U8', bool: 'BOOL',
  };
  return names[d.name]!;
}

/** @internal Writes the elements of `values` (a dtype's CPU array) as little-endian bytes. */
export function writeElements(d: DType, values: TypedArray, out: DataView, byteOffset: number): void {
  const n = values.length;
  switch (d.name) {
    case 'float64': for (let i = 0; i < n; i++) out.setFloat64(byteOffset + 8 * i, values[i]!, le); break;
    case 'float32': for (let i = 0; i < n; i++) out.setFloat32(byteOffset + 4 * i, values[i]!, le); break;
    case 'float16': for (let i = 0; i < n; i++) out.setUint16(byteOffset + 2 * i, toHalfBits(values[i]!), le); break;
    case 'bfloat16': for (let i = 0; i < n; i++) out.setUint16(byteOffset + 2 * i, toBfloat16Bits(values[i]!), le); break;
    case 'int64': for (let i = 0; i < n; i++) out.setBigInt64(byteOffset + 8 * i, BigInt(values[i]!), le); break;
    case 'int32': for (let i = 0; i < n; i++) out.setInt32(byteOffset + 4 * i, values[i]!, le); break;
    case 'int16': for (let i = 0; i < n; i++) out.setInt16(byteOffset + 2 * i, values[i]!, le); break;
    case 'int8': for (let i = 0; i < n; i++) out.setInt8(byteOffset + i, values[i]!); break;
    default: for (let i = 0; i < n; i++) out.setUint8(byteOffset + i, values[i]!); break;
  }
}

/** @internal Reads `count` elements from `bytes` at `byteOffset` into the dtype's CPU array. */
export function readElements(t: StoredType, bytes: Uint8Array, byteOffset: number, count: number): TypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new t.dtype.ArrayType(count);
  for (let i = 0; i < count; i++) out[i] = t.read(view, byteOffset + i * t.size);
  return out;
}
