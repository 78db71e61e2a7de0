/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length, a JSON header (`{name: {dtype, shape, data_offsets}, __metadata__: {...}}`),
 * then the raw little-endian tensor bytes. Files written here load in Python's `safetensors`
 * and the other way round.
 * @module
 */
import { fromTypedArray, type Tensor } from '@torchts/core';
import { readElements, safetensorsName, safetensorsTypes, writeElements } from './dtypes.js';

/** A clear error for a file that is not valid safetensors (corrupt, truncated, or another format). */
export class SerializationError extends Error {
  override name = 'SerializationError';
}

/** Header sizes above this are refused as corrupt (the reference implementation's limit). */
const MAX_HEADER = 100_000_000;

/**
 * Encodes named tensors (and string metadata) as safetensors bytes.
 *
 * @example
 * ```ts
 * const bytes = encodeSafetensors([['weight', w]], { format: 'pt' });
 * ```
 */
export function encodeSafetensors(tensors: readonly [string, Tensor][], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const payloads: { values: ReturnType<Tensor['toTypedArray']>; t: Tensor; begin: number }[] = [];
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === '__metadata__') throw new SerializationError("'__metadata__' cannot be a tensor name");
    if (name in header) throw new SerializationError(`duplicate tensor name '${name}'`);
    const values = t.toTypedArray();
    const size = values.length * t.dtype.itemsize;
    header[name] = { dtype: safetensorsName(t.dtype), shape: [...t.shape], data_offsets: [offset, offset + size] };
    payloads.push({ values, t, begin: offset });
    offset += size;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const dataStart = 8 + headerBytes.length;
  for (const p of payloads) writeElements(p.t.dtype, p.values, view, dataStart + p.begin);
  return out;
}

/** What {@link decodeSafetensors} returns. */
export interface DecodedSafetensors {
  /** The tensors in file order (by data offset). */
  tensors: [string, Tensor][];
  /** The `__metadata__` strings. */
  metadata: Record<string, string>;
}

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Decodes safetensors bytes, checking the header against the data (clear errors on corrupt files). */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (bytes.byteLength < 8) throw new SerializationError(`not a safetensors file: ${bytes.byteLength} bytes is too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER) throw new SerializationError(`not a safetensors file (or corrupt): header length ${n} is too large`);
  if (8 + n > bytes.byteLength) {
    throw new SerializationError(`truncated safetensors file: the header needs ${n} bytes but only ${bytes.byteLength - 8} follow`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw new SerializationError(`not a safetensors file (or corrupt): the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SerializationError('not a safetensors file (or corrupt): the header is not a JSON object');
  }
  const data = bytes.subarray(8 + n);
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  const entries: [string, Entry][] = [];
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const entry = e as Entry;
    const t = safetensorsTypes[entry?.dtype];
    if (!t) throw new SerializationError(`unsupported or invalid dtype '${String(entry?.dtype)}' for tensor '${name}'`);
    if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new SerializationError(`invalid shape for tensor '${name}'`);
    }
    const [begin, end] = entry.data_offsets ?? [];
    const numel = entry.shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(begin) || !Number.isInteger(end) || begin! > end! || end! - begin! !== numel * t.size) {
      throw new SerializationError(`invalid data offsets for tensor '${name}': [${String(begin)}, ${String(end)}] for ${numel} elements of ${entry.dtype}`);
    }
    if (end! > data.byteLength) {
      throw new SerializationError(`truncated safetensors file: tensor '${name}' ends at byte ${end} of the data but only ${data.byteLength} bytes are there`);
    }
    entries.push([name, entry]);
  }
  entries.sort((a, b) => a[1].data_offsets[0] - b[1].data_offsets[0]);
  const tensors: [string, Tensor][] = entries.map(([name, e]) => {
    const t = safetensorsTypes[e.dtype]!;
    const values = readElements(t, data, e.data_offsets[0], e.data_offsets[1] / t.size - e.data_offsets[0] / t.size);
    return [name, fromTypedArray(values, e.shape, { dtype: t.dtype })];
  });
  return { tensors, metadata };
}
