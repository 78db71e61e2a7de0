/**
 * @internal Pixel operations shared by the transforms, on RawImages (HWC bytes) and on image
 * tensors (`[..., C, H, W]`, any dtype): crop, pad, flip, resize, rotate, grayscale. Each
 * follows torchvision's tensor implementation, including its float32 arithmetic, so that
 * results match torchvision's to the last bit or within rounding of the last bit.
 * @module
 */
import {
  bfloat16, float16, float32, float64, fromTypedArray, isTensor, RuntimeError, type DType, type Tensor, type TypedArray,
} from '@torchts/core';
import { RawImage } from '../raw-image.js';

const fr = Math.fround;

/** An image as planes of `height x width` values. */
export interface Img {
  /** Contiguous values. */
  data: TypedArray;
  /** Number of planes (product of the leading dims and channels). */
  planes: number;
  /** The channel count C. */
  channels: number;
  height: number;
  width: number;
  /** Interleaved (RawImage, HWC) rather than planar (tensor, ...CHW). */
  hwc: boolean;
  /** Element type of a tensor image (RawImages are uint8). */
  dtype: DType | null;
}

/** An image input: a RawImage or an image tensor. */
export type ImageInput = RawImage | Tensor;

/** Offsets of plane p, row y, column x. */
export function strides(img: Img): { ps: number; ys: number; xs: number } {
  return img.hwc
    ? { ps: 1, ys: img.width * img.planes, xs: img.planes }
    : { ps: img.height * img.width, ys: img.width, xs: 1 };
}

/** A zeroed image of the same kind (array type, layout) with new sizes. */
export function alloc(like: Img, height: number, width: number, planes = like.planes, channels = like.channels): Img {
  const Ctor = like.data.constructor as new (n: number) => TypedArray;
  return { data: new Ctor(planes * height * width), planes, channels, height, width, hwc: like.hwc, dtype: like.dtype };
}

/** The contiguous values of a tensor, without copying when it is a contiguous CPU tensor. */
export function tensorData(t: Tensor): TypedArray {
  if (t.device.type === 'cpu' && t.isContiguous()) {
    try {
      return t.asTypedArray();
    } catch {
      // a backend without direct access
    }
  }
  return t.toTypedArray();
}

/** The `(C, H, W)` of an image (`get_dimensions`): C is 1 for a 2-d tensor. */
export function dimensions(input: ImageInput): [number, number, number] {
  if (input instanceof RawImage) return [input.channels, input.height, input.width];
  const s = input.shape;
  if (s.length < 2) throw new TypeError('Tensor is not a torch image.');
  return [s.length >= 3 ? s[s.length - 3]! : 1, s[s.length - 2]!, s[s.length - 1]!];
}

/** Views an image input as planes. */
export function toImg(input: ImageInput): Img {
  if (input instanceof RawImage) {
    return { data: input.data, planes: input.channels, channels: input.channels, height: input.height, width: input.width, hwc: true, dtype: null };
  }
  if (!isTensor(input)) throw new TypeError(`img should be a RawImage or a Tensor. Got ${typeOf(input)}`);
  const [c, h, w] = dimensions(input);
  const numel = input.numel();
  return { data: tensorData(input), planes: h * w === 0 ? 0 : numel / (h * w), channels: c, height: h, width: w, hwc: false, dtype: input.dtype };
}

/** Rebuilds the output image: a RawImage for a RawImage input, else a tensor with the input's leading dims. */
export function fromImg(out: Img, like: ImageInput): ImageInput {
  if (like instanceof RawImage) return new RawImage(out.data as Uint8Array, out.width, out.height, out.channels);
  const s = like.shape;
  const lead = s.length >= 3 ? [...s.slice(0, s.length - 3), out.channels] : [];
  const t = fromTypedArray(out.data, [...lead, out.height, out.width], { dtype: out.dtype! });
  return like.device.type === 'cpu' ? t : t.to(like.device);
}

/** Applies `fn` to the planes of an image input; float16 and bfloat16 tensors go through float32. */
export function mapImage(input: ImageInput, fn: (img: Img) => Img): ImageInput {
  if (isTensor(input) && (input.dtype === float16 || input.dtype === bfloat16)) {
    return (mapImage(input.to(float32), fn) as Tensor).to(input.dtype);
  }
  return fromImg(fn(toImg(input)), input);
}

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/** Whether an image computes in float64 (float64 tensors) rather than float32. */
function isDouble(img: Img): boolean {
  return img.dtype === float64;
}

/** Whether an image holds floats (tensor float dtypes). */
function isFloat(img: Img): boolean {
  return img.dtype !== null && img.dtype.isFloatingPoint;
}

/** C's `nearbyint` (round half to even), what `torch.round` does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Stores float results into an image of the input's kind: integer images round first (`_cast_squeeze_out`). */
function store(out: Img, i: number, v: number): void {
  if (out.hwc || (out.dtype !== null && !out.dtype.isFloatingPoint)) out.data[i] = roundHalfEven(v);
  else out.data[i] = v;
}

// ------------------------------------------------------------------------------- crop / flip

/** `img[..., top:top+height, left:left+width]`, zeros where the box leaves the image (torchvision's crop). */
export function crop(img: Img, top: number, left: number, height: number, width: number): Img {
  const out = alloc(img, height, width);
  const a = strides(img);
  const b = strides(out);
  const y0 = Math.max(0, -top), y1 = Math.min(height, img.height - top);
  const x0 = Math.max(0, -left), x1 = Math.min(width, img.width - left);
  for (let p = 0; p < img.planes; p++) {
    for (let y = y0; y < y1; y++) {
      const src = p * a.ps + (y + top) * a.ys;
      const dst = p * b.ps + y * b.ys;
      if (!img.hwc) {
        out.data.set(img.data.subarray(src + x0 + left, src + x1 + left), dst + x0);
      } else {
        for (let x = x0; x < x1; x++) out.data[dst + x * b.xs] = img.data[src + (x + left) * a.xs]!;
      }
    }
  }
  return out;
}

/** Mirrors left-right (`hflip`). */
export function hflip(img: Img): Img {
  const out = alloc(img, img.height, img.width);
  const s = strides(img);
  const w = img.width;
  for (let p = 0; p < img.planes; p++) {
    for (let y = 0; y < img.height; y++) {
      const row = p * s.ps + y * s.ys;
      for (let x = 0; x < w; x++) out.data[row + x * s.xs] = img.data[row + (w - 1 - x) * s.xs]!;
    }
  }
  return out;
}

/** Mirrors top-bottom (`vflip`). */
export function vflip(img: Img): Img {
  const out = alloc(img, img.height, img.width);
  const s = strides(img);
  const h = img.height;
  for (let p = 0; p < img.planes; p++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < img.width; x++) {
        out.data[p * s.ps + y * s.ys + x * s.xs] = img.data[p * s.ps + (h - 1 - y) * s.ys + x * s.xs]!;
      }
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------- pad

/** Padding modes of `Pad` / `RandomCrop`. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** torchvision's `_parse_pad_padding`: an int or 1, 2 or 4 values -> [left, top, right, bottom]. */
export function parsePadding(padding: number | readonly number[]): [number, number, number, number] {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0]!, padding[0]!, padding[0]!, padding[0]!];
  if (padding.length === 2) return [padding[0]!, padding[1]!, padding[0]!, padding[1]!];
  if (padding.length === 4) return [padding[0]!, padding[1]!, padding[2]!, padding[3]!];
  throw new RangeError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
}

function sourceIndex(i: number, n: number, mode: PaddingMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'edge':
      return i < 0 ? 0 : n - 1;
    case 'reflect': {
      if (n === 1) return 0;
      const period = 2 * (n - 1);
      let k = ((i % period) + period) % period;
      if (k >= n) k = period - k;
      return k;
    }
    case 'symmetric': {
      const period = 2 * n;
      let k = ((i % period) + period) % period;
      if (k >= n) k = period - 1 - k;
      return k;
    }
  }
}

/**
 * Pads by `[left, top, right, bottom]` (negative values crop) with a constant `fill` (one
 * value, or one per channel), or by repeating the edge, reflecting without repeating the
 * edge pixel (`reflect`), or with it (`symmetric`).
 */
export function pad(img: Img, padding: [number, number, number, number], fill: number | readonly number[], mode: PaddingMode): Img {
  const [l, t, r, b] = padding;
  const height = img.height + t + b;
  const width = img.width + l + r;
  if (height < 0 || width < 0) throw new RuntimeError(`negative padding leaves an image of ${height}x${width}`);
  if (mode === 'reflect' && (Math.max(l, r) >= img.width || Math.max(t, b) >= img.height)) {
    throw new RuntimeError(
      `Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}, ${t}, ${b}) at dimension of input [${img.height}, ${img.width}]`,
    );
  }
  const out = alloc(img, height, width);
  const a = strides(img);
  const o = strides(out);
  const fills = typeof fill === 'number' ? [fill] : fill;
  const cast = (v: number): number => (isFloat(img) ? v : Math.trunc(v));
  const xs = new Int32Array(width);
  for (let x = 0; x < width; x++) xs[x] = sourceIndex(x - l, img.width, mode);
  for (let p = 0; p < img.planes; p++) {
    const c = p % img.channels;
    const f = cast(fills.length === 1 ? fills[0]! : (fills[c] ?? 0));
    for (let y = 0; y < height; y++) {
      const sy = sourceIndex(y - t, img.height, mode);
      const dst = p * o.ps + y * o.ys;
      for (let x = 0; x < width; x++) {
        const sx = xs[x]!;
        out.data[dst + x * o.xs] = sy < 0 || sx < 0 ? f : img.data[p * a.ps + sy * a.ys + sx * a.xs]!;
      }
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------- resize

/** Interpolation modes of `Resize` and `RandomRotation`. */
export type InterpolationMode = 'nearest' | 'bilinear';

/**
 * `a * b + c` in float32 with one rounding (`fmaf`), for float32 arguments: their product is
 * exact in float64, so only a float64 sum that lands exactly halfway between two floats
 * needs the exact sum to decide (the same method as core's random/float-ops.ts).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = fr(s);
  if (r === s) return r;
  const o = 2 * s - r;
  if (s - r !== o - s || fr(o) !== o) return r;
  const bv = s - p;
  const e = (p - (s - bv)) + (c - bv);
  if (e === 0) return r;
  return (e > 0) === (o > r) ? o : r;
}

/**
 * Source index and weights of one output coordinate, as ATen's `upsample_bilinear2d`
 * (`align_corners=False`) computes them: the scale in the op's float type, the source
 * coordinate `scale * (o + 0.5) - 0.5` in double, the weights rounded to the float type.
 */
function linearCoords(inSize: number, outSize: number, double: boolean): { i0: Int32Array; i1: Int32Array; w0: Float64Array; w1: Float64Array } {
  const r = double ? (x: number) => x : fr;
  const i0 = new Int32Array(outSize), i1 = new Int32Array(outSize);
  const w0 = new Float64Array(outSize), w1 = new Float64Array(outSize);
  const scale = r(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (inSize === outSize) {
      i0[o] = o; i1[o] = o; w0[o] = 1; w1[o] = 0;
      continue;
    }
    let src = scale * (o + 0.5) - 0.5;
    if (src < 0) src = 0;
    const idx = Math.min(Math.trunc(src), inSize - 1);
    i0[o] = idx;
    i1[o] = idx + (idx < inSize - 1 ? 1 : 0);
    const l1 = r(Math.min(Math.max(src - idx, 0), 1));
    w1[o] = l1;
    w0[o] = r(1 - l1);
  }
  return { i0, i1, w0, w1 };
}

/** Nearest source index of ATen's `upsample_nearest2d`: `floor(o * scale)`, clamped. */
function nearestCoords(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = fr(inSize / outSize);
  for (let o = 0; o < outSize; o++) idx[o] = Math.min(Math.floor(fr(o * scale)), inSize - 1);
  return idx;
}

/**
 * Resizes to `height x width` as torchvision's tensor `resize` (no antialiasing): bilinear
 * with `align_corners=False` or nearest, computed in float32 (float64 for float64 images);
 * integer images are rounded back.
 */
export function resize(img: Img, height: number, width: number, mode: InterpolationMode): Img {
  const out = alloc(img, height, width);
  const a = strides(img);
  const o = strides(out);
  if (mode === 'nearest') {
    const ys = nearestCoords(img.height, height);
    const xs = nearestCoords(img.width, width);
    for (let p = 0; p < img.planes; p++) {
      for (let y = 0; y < height; y++) {
        const src = p * a.ps + ys[y]! * a.ys;
        const dst = p * o.ps + y * o.ys;
        for (let x = 0; x < width; x++) out.data[dst + x * o.xs] = img.data[src + xs[x]! * a.xs]!;
      }
    }
    return out;
  }
  const double = isDouble(img);
  // t0 * w0 + t1 * w1 as PyTorch's AVX2 build contracts it (one fused multiply-add)
  const lerp = double
    ? (a: number, wa: number, b: number, wb: number) => a * wa + b * wb
    : (a: number, wa: number, b: number, wb: number) => fma32(a, wa, fr(b * wb));
  const cy = linearCoords(img.height, height, double);
  const cx = linearCoords(img.width, width, double);
  const d = img.data;
  for (let p = 0; p < img.planes; p++) {
    const base = p * a.ps;
    for (let y = 0; y < height; y++) {
      const r0 = base + cy.i0[y]! * a.ys, r1 = base + cy.i1[y]! * a.ys;
      const wy0 = cy.w0[y]!, wy1 = cy.w1[y]!;
      const dst = p * o.ps + y * o.ys;
      for (let x = 0; x < width; x++) {
        const x0 = cx.i0[x]! * a.xs, x1 = cx.i1[x]! * a.xs;
        const wx0 = cx.w0[x]!, wx1 = cx.w1[x]!;
        const t0 = lerp(d[r0 + x0]!, wx0, d[r0 + x1]!, wx1);
        const t1 = lerp(d[r1 + x0]!, wx0, d[r1 + x1]!, wx1);
        store(out, dst + x * o.xs, lerp(t0, wy0, t1, wy1));
      }
    }
  }
  return out;
}

/** torchvision's `_compute_resized_output_size`: an int resizes the smaller edge, keeping the aspect ratio. */
export function resizedSize(h: number, w: number, size: number | readonly number[], maxSize?: number): [number, number] {
  const sizes = typeof size === 'number' ? [size] : size;
  if (sizes.length === 1) {
    const [short, long] = w <= h ? [w, h] : [h, w];
    const requested = sizes[0]!;
    let newShort = requested;
    let newLong = Math.trunc((requested * long) / short);
    if (maxSize !== undefined) {
      if (maxSize <= requested) {
        throw new RangeError(`max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${requested}`);
      }
      if (newLong > maxSize) {
        newShort = Math.trunc((maxSize * newShort) / newLong);
        newLong = maxSize;
      }
    }
    return w <= h ? [newLong, newShort] : [newShort, newLong];
  }
  if (sizes.length !== 2) throw new RangeError(`size should be an int or a sequence of 1 or 2 ints, got ${sizes.length} values`);
  return [sizes[0]!, sizes[1]!];
}

// -------------------------------------------------------------------------------------- rotate

/** torchvision's `_get_inverse_affine_matrix` for a pure rotation (scale 1, no shear or translation). */
export function inverseRotationMatrix(center: [number, number], angle: number): number[] {
  const rot = (angle * Math.PI) / 180;
  const [cx, cy] = center;
  const a = Math.cos(rot), b = -Math.sin(rot), c = Math.sin(rot), d = Math.cos(rot);
  const m = [d, -b, 0.0, -c, a, 0.0];
  m[2] += m[0]! * -cx + m[1]! * -cy;
  m[5] += m[3]! * -cx + m[4]! * -cy;
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** torchvision's `_compute_affine_output_size` (the `expand=True` canvas), in float32. */
export function affineOutputSize(matrix: readonly number[], w: number, h: number): [number, number] {
  const pts = [[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h], [0.5 * w, -0.5 * h]];
  const t = matrix.map(fr);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [px, py] of pts) {
    const nx = fr(fr(fr(fr(px!) * t[0]!) + fr(fr(py!) * t[1]!)) + t[2]!);
    const ny = fr(fr(fr(fr(px!) * t[3]!) + fr(fr(py!) * t[4]!)) + t[5]!);
    minX = Math.min(minX, nx); maxX = Math.max(maxX, nx);
    minY = Math.min(minY, ny); maxY = Math.max(maxY, ny);
  }
  const tol = 1e-4;
  const f = (v: number, add: number, up: boolean): number => {
    const s = fr(v + add);
    const q = fr(Math.trunc(fr(s / fr(tol))) * fr(tol));
    return up ? Math.ceil(q) : Math.floor(q);
  };
  const ow = f(maxX, w * 0.5, true) - f(minX, w * 0.5, false);
  const oh = f(maxY, h * 0.5, true) - f(minY, h * 0.5, false);
  return [ow, oh];
}

/**
 * Rotates by sampling the input through an inverse affine `matrix` as torchvision's
 * tensor `rotate` does (`affine_grid` + `grid_sample`, `align_corners=False`, zeros
 * outside), into an `ow x oh` canvas; outside pixels take `fill` (per channel) when given.
 */
export function affineSample(
  img: Img,
  matrix: readonly number[],
  ow: number,
  oh: number,
  mode: InterpolationMode,
  fill: readonly number[] | null,
): Img {
  const double = isDouble(img);
  const r = double ? (x: number) => x : fr;
  const th = matrix.map(r);
  const w = img.width, h = img.height;
  // rescaled_theta = theta^T / [0.5 w, 0.5 h]
  const hw = r(0.5 * w), hh = r(0.5 * h);
  const r00 = r(th[0]! / hw), r10 = r(th[1]! / hw), r20 = r(th[2]! / hw);
  const r01 = r(th[3]! / hh), r11 = r(th[4]! / hh), r21 = r(th[5]! / hh);
  const sw = r(w / 2), sh = r(h / 2);
  const out = alloc(img, oh, ow);
  const a = strides(img);
  const o = strides(out);
  const d = img.data;
  const fills = fill === null ? null : fill.length === 1 ? new Array(img.channels).fill(fill[0]) : fill;
  for (let y = 0; y < oh; y++) {
    const yb = r(-oh * 0.5 + 0.5 + y);
    for (let x = 0; x < ow; x++) {
      const xb = r(-ow * 0.5 + 0.5 + x);
      const gx = r(r(r(xb * r00) + r(yb * r10)) + r20);
      const gy = r(r(r(xb * r01) + r(yb * r11)) + r21);
      const ix = r(r(r(gx + 1) * sw) - 0.5);
      const iy = r(r(r(gy + 1) * sh) - 0.5);
      if (mode === 'nearest') {
        const nx = roundHalfEven(ix), ny = roundHalfEven(iy);
        const inside = nx >= 0 && nx < w && ny >= 0 && ny < h;
        for (let p = 0; p < img.planes; p++) {
          const c = p % img.channels;
          const v = inside ? d[p * a.ps + ny * a.ys + nx * a.xs]! : fills ? fills[c]! : 0;
          store(out, p * o.ps + y * o.ys + x * o.xs, v);
        }
        continue;
      }
      const x0 = Math.floor(ix), y0 = Math.floor(iy);
      const x1 = x0 + 1, y1 = y0 + 1;
      const wnw = r(r(x1 - ix) * r(y1 - iy)), wne = r(r(ix - x0) * r(y1 - iy));
      const wsw = r(r(x1 - ix) * r(iy - y0)), wse = r(r(ix - x0) * r(iy - y0));
      const in00 = x0 >= 0 && x0 < w && y0 >= 0 && y0 < h, in10 = x1 >= 0 && x1 < w && y0 >= 0 && y0 < h;
      const in01 = x0 >= 0 && x0 < w && y1 >= 0 && y1 < h, in11 = x1 >= 0 && x1 < w && y1 >= 0 && y1 < h;
      // the mask channel of torchvision: 1 inside, sampled like the image
      let mask = 0;
      if (fills) {
        if (in00) mask = r(mask + wnw);
        if (in10) mask = r(mask + wne);
        if (in01) mask = r(mask + wsw);
        if (in11) mask = r(mask + wse);
      }
      for (let p = 0; p < img.planes; p++) {
        const base = p * a.ps;
        let v = 0;
        if (in00) v = r(v + r(d[base + y0 * a.ys + x0 * a.xs]! * wnw));
        if (in10) v = r(v + r(d[base + y0 * a.ys + x1 * a.xs]! * wne));
        if (in01) v = r(v + r(d[base + y1 * a.ys + x0 * a.xs]! * wsw));
        if (in11) v = r(v + r(d[base + y1 * a.ys + x1 * a.xs]! * wse));
        if (fills) v = r(r(v * mask) + r(r(1 - mask) * r(fills[p % img.channels]!)));
        store(out, p * o.ps + y * o.ys + x * o.xs, v);
      }
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------- grayscale

/**
 * Converts to grayscale with 1 or 3 output channels. RawImages use PIL's `convert('L')`
 * (`(19595 R + 38470 G + 7471 B + 2^15) >> 16`), tensors torchvision's
 * `0.2989 R + 0.587 G + 0.114 B` in the tensor's float type, truncated for integer tensors.
 */
export function grayscale(img: Img, numOutputChannels: 1 | 3): Img {
  const c = img.channels;
  if (!img.hwc && c !== 1 && c !== 3) {
    throw new TypeError(`Input image tensor permitted channel values are [1, 3], but found ${c}`);
  }
  const lead = img.planes / c;
  const out = alloc(img, img.height, img.width, lead * numOutputChannels, numOutputChannels);
  const a = strides(img);
  const o = strides(out);
  const n = img.height * img.width;
  const double = isDouble(img);
  const r = double ? (x: number) => x : fr;
  const kr = r(0.2989), kg = r(0.587), kb = r(0.114);
  const toInt = !isFloat(img);
  for (let q = 0; q < lead; q++) {
    for (let k = 0; k < n; k++) {
      const y = Math.floor(k / img.width), x = k % img.width;
      const at = (ch: number): number => img.data[(q * c + ch) * a.ps + y * a.ys + x * a.xs]!;
      let l: number;
      if (c < 3) l = at(0);
      else if (img.hwc) l = (at(0) * 19595 + at(1) * 38470 + at(2) * 7471 + 0x8000) >>> 16;
      else {
        l = r(r(r(kr * at(0)) + r(kg * at(1))) + r(kb * at(2)));
        if (toInt) l = Math.trunc(l);
      }
      for (let ch = 0; ch < numOutputChannels; ch++) out.data[(q * numOutputChannels + ch) * o.ps + y * o.ys + x * o.xs] = l;
    }
  }
  return out;
}
