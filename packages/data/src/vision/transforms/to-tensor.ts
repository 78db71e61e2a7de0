import { float32, fromTypedArray, isTensor, uint8, type Tensor } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { RawImage } from '../raw-image.js';
import { Transform } from './transform.js';
import { typeOf } from './image-ops.js';
import { allocFloat32 } from './float-pool.js';

function checkImage(pic: unknown, name: string): RawImage {
  if (pic instanceof RawImage) return pic;
  if (isTensor(pic)) {
    throw new TypeError(`${name}: pic should be a RawImage, got a Tensor (tensor images need no conversion; use ConvertImageDtype to change their dtype)`);
  }
  throw new TypeError(`${name}: pic should be a RawImage. Got ${typeOf(pic)}`);
}

// A byte has 256 values: converting through tables gives the same floats as the arithmetic.
const BYTE_TO_FLOAT: Float32Array = Float32Array.from({ length: 256 }, (_, v) => v / 255);

const normalizeTables = new Map<string, Float32Array>();

/** The float32 of `((v / 255) - m) / s` for every byte v, rounded at each step as PyTorch does. */
function normalizeTable(m: number, s: number): Float32Array {
  const key = `${m}/${s}`;
  let t = normalizeTables.get(key);
  if (!t) {
    const fr = Math.fround;
    const fm = fr(m), fs = fr(s);
    t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = fr(BYTE_TO_FLOAT[v]! - fm) / fs;
    if (normalizeTables.size > 64) normalizeTables.clear();
    normalizeTables.set(key, t);
  }
  return t;
}

/** `bytes` (one channel, every `step`-th from `start`) through `table` into `out[at...]`. */
function mapBytes(bytes: Uint8Array, start: number, step: number, n: number, table: Float32Array, out: Float32Array, at: number): void {
  if (step === 1) {
    for (let i = 0; i < n; i++) out[at + i] = table[bytes[start + i]!]!;
  } else {
    for (let i = 0, j = start; i < n; i++, j += step) out[at + i] = table[bytes[j]!]!;
  }
}

/**
 * @internal `Normalize(mean, std)(ToTensor()(pic))` in one pass and one allocation, with the
 * same float32 rounding at each step: `((byte / 255) - mean) / std`.
 */
export function toNormalizedTensor(pic: RawImage, mean: readonly number[], std: readonly number[]): Tensor {
  const img = checkImage(pic, 'ToTensor');
  const { width: w, height: h, channels: c, data } = img;
  const hw = w * h;
  const out = allocFloat32(c * hw);
  for (let k = 0; k < c; k++) {
    const table = normalizeTable(mean[mean.length === 1 ? 0 : k]!, std[std.length === 1 ? 0 : k]!);
    mapBytes(data, k, c, hw, table, out, k * hw);
  }
  return fromTypedArray(out, [c, h, w], { dtype: float32 });
}

/**
 * Converts a {@link RawImage} (HWC bytes) to a float32 tensor `[C, H, W]` with values in
 * [0, 1], `byte / 255` as torchvision's `ToTensor` computes it.
 *
 * @example
 * ```ts
 * const x = new ToTensor()(img); // [1, 28, 28] for MNIST
 * ```
 */
export class ToTensor extends Transform<RawImage, Tensor> {
  forward(pic: RawImage): Tensor {
    const img = checkImage(pic, 'ToTensor');
    const { width: w, height: h, channels: c, data } = img;
    const hw = w * h;
    const out = allocFloat32(c * hw);
    for (let k = 0; k < c; k++) mapBytes(data, k, c, hw, BYTE_TO_FLOAT, out, k * hw);
    return fromTypedArray(out, [c, h, w], { dtype: float32 });
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('ToTensor', []);
  }
}

/**
 * Converts a {@link RawImage} to a uint8 tensor `[C, H, W]` without scaling (torchvision's
 * `PILToTensor`; also exported as `RawImageToTensor`).
 */
export class PILToTensor extends Transform<RawImage, Tensor> {
  forward(pic: RawImage): Tensor {
    const img = checkImage(pic, 'PILToTensor');
    const { width: w, height: h, channels: c, data } = img;
    const hw = w * h;
    const out = new Uint8Array(c * hw);
    if (c === 1) out.set(data);
    else for (let i = 0; i < hw; i++) for (let k = 0; k < c; k++) out[k * hw + i] = data[i * c + k]!;
    return fromTypedArray(out, [c, h, w], { dtype: uint8 });
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('PILToTensor', []);
  }
}
