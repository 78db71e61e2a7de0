// Inputs of fixtures/vision/gen_vision.py rebuilt in TypeScript, and comparisons with its outputs.
import { expect } from 'vitest';
import * as torch from '@torchts/core';
import { RawImage, type MakeGridOptions } from '@torchts/data';
import { loadFixture } from '../fixtures/load.js';

export interface Encoded {
  kind: 'tensor' | 'image';
  dtype?: string;
  shape?: number[];
  mode?: string;
  size?: [number, number];
  values: number[];
}

export const vision = loadFixture<Record<string, any>>('vision/vision.json');

/** uint8 [h, w]: (x * 37 + y * 101 + k * 13 + x * y) % 256 */
export function gray(h: number, w: number, k = 0): Uint8Array {
  const out = new Uint8Array(h * w);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = (x * 37 + y * 101 + k * 13 + x * y) % 256;
  return out;
}

/** uint8 [h, w, 3] (HWC) of gray(h, w, 0..2). */
export function rgb(h: number, w: number): Uint8Array {
  const planes = [0, 1, 2].map((k) => gray(h, w, k));
  const out = new Uint8Array(h * w * 3);
  for (let i = 0; i < h * w; i++) for (let k = 0; k < 3; k++) out[i * 3 + k] = planes[k]![i]!;
  return out;
}

/** float32 [c, h, w]: sin(0.3 i) * 2. */
export function floats(c: number, h: number, w: number): torch.Tensor {
  const a = new Float32Array(c * h * w);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(0.3 * i) * 2;
  return torch.fromTypedArray(a, [c, h, w]);
}

/** CHW uint8 tensor of an HWC buffer. */
export function chw(hwc: Uint8Array, h: number, w: number, c: number): torch.Tensor {
  return torch.fromTypedArray(hwc, [h, w, c]).permute(2, 0, 1).contiguous();
}

export const inputs = {
  u8: () => torch.fromTypedArray(gray(9, 11), [1, 9, 11]),
  u8rgb: () => chw(rgb(7, 6), 7, 6, 3),
  f32: () => floats(2, 6, 7),
  pilL: () => new RawImage(gray(9, 11), 11, 9, 1),
  pilRgb: () => new RawImage(rgb(7, 6), 6, 7, 3),
};

/**
 * Checks an output against torchvision's: shape/dtype (or mode/size) exactly, values within
 * `atol` (0: exactly), allowing `maxMismatches` values to differ (ties resolved differently).
 */
export function expectMatches(got: unknown, want: Encoded, atol = 0, maxMismatches = 0): void {
  let values: ArrayLike<number>;
  if (want.kind === 'image') {
    expect(got).toBeInstanceOf(RawImage);
    const img = got as RawImage;
    expect([img.mode, img.size]).toEqual([want.mode, want.size]);
    values = img.data;
  } else {
    expect(torch.isTensor(got)).toBe(true);
    const t = got as torch.Tensor;
    expect([t.dtype.name, [...t.shape]]).toEqual([want.dtype, want.shape]);
    values = t.toTypedArray() as ArrayLike<number>;
  }
  expect(values.length).toBe(want.values.length);
  const bad: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const g = values[i]!;
    const w = want.kind === 'tensor' && want.dtype === 'float32' ? Math.fround(want.values[i]!) : want.values[i]!;
    if (!(Math.abs(g - w) <= atol) && !(Number.isNaN(g) && Number.isNaN(w))) bad.push(`[${i}] ${g} != ${w}`);
  }
  if (bad.length > maxMismatches) expect(bad.slice(0, 10)).toEqual([]);
}

// make_grid cases of gen_vision.py: inputs and options.
export interface GridCase { name: string; options: Record<string, unknown>; out: Encoded; saved: number[] }

const gridInputs: Record<string, () => torch.Tensor> = {
  gray: () => floats(5, 1, 24).reshape(5, 1, 4, 6),
  rgb: () => floats(3, 3, 25).reshape(3, 3, 5, 5),
};

export function gridCase(c: GridCase): [torch.Tensor, MakeGridOptions] {
  const o = c.options as { nrow?: number; padding?: number; normalize?: boolean; value_range?: [number, number]; scale_each?: boolean; pad_value?: number };
  const opts: MakeGridOptions = {
    ...(o.nrow !== undefined ? { nrow: o.nrow } : {}),
    ...(o.padding !== undefined ? { padding: o.padding } : {}),
    ...(o.normalize !== undefined ? { normalize: o.normalize } : {}),
    ...(o.value_range !== undefined ? { valueRange: o.value_range } : {}),
    ...(o.scale_each !== undefined ? { scaleEach: o.scale_each } : {}),
    ...(o.pad_value !== undefined ? { padValue: o.pad_value } : {}),
  };
  const input = c.name.startsWith('rgb') ? gridInputs.rgb!() : c.name === 'single' ? gridInputs.gray!().narrow(0, 0, 1) : gridInputs.gray!();
  return [input, opts];
}

