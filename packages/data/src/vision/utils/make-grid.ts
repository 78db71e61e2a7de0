import { fromTypedArray, isTensor, stack, type Tensor, type TypedArray } from '@torchts/core';
import { tensorData } from '../transforms/image-ops.js';

/** Options of {@link makeGrid} (torchvision's keyword arguments). */
export interface MakeGridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between and around images (default 2). */
  padding?: number;
  /** Shift values to [0, 1] using `valueRange` or the min and max (default false). */
  normalize?: boolean;
  /** `[min, max]` for `normalize` (default: the tensor's min and max). */
  valueRange?: readonly [number, number];
  /** With `normalize`, scale each image by its own min and max (default false). */
  scaleEach?: boolean;
  /** Value of the padding pixels (default 0). */
  padValue?: number;
}

/**
 * Lays a batch of images `[B, C, H, W]` (or a list of `[C, H, W]`) out as one image
 * `[C, rows * (H + padding) + padding, nrow * (W + padding) + padding]`, as torchvision's
 * `make_grid`: single-channel images become 3-channel, a batch of one is returned without
 * padding, `normalize` maps `valueRange` (or min..max) to [0, 1] in the tensor's precision.
 *
 * @example
 * ```ts
 * const [images] = await loader[Symbol.asyncIterator]().next().then((r) => r.value);
 * const grid = makeGrid(images, { nrow: 8, normalize: true }); // [3, 122, 242] for 64 MNIST digits
 * saveImage(grid, 'batch.png');
 * ```
 */
export function makeGrid(input: Tensor | readonly Tensor[], options: MakeGridOptions = {}): Tensor {
  const nrow = options.nrow ?? 8;
  const padding = options.padding ?? 2;
  const padValue = options.padValue ?? 0;
  let t: Tensor;
  if (isTensor(input)) t = input;
  else if (Array.isArray(input)) {
    input.forEach((x, i) => {
      if (!isTensor(x)) throw new TypeError(`tensor or list of tensors expected, got a list containing ${typeof x} at ${i}`);
    });
    t = stack(input as Tensor[], 0);
  } else throw new TypeError(`tensor or list of tensors expected, got ${typeof input}`);

  let shape = [...t.shape];
  if (shape.length === 2) shape = [1, ...shape];
  if (shape.length === 3) shape = [1, ...shape];
  if (shape.length !== 4) throw new RangeError(`makeGrid expects [B, C, H, W], [C, H, W] or [H, W]; got [${t.shape.join(', ')}]`);
  const dtype = t.dtype;
  const src = tensorData(t);
  let [b, c, h, w] = shape as [number, number, number, number];
  // single-channel images -> 3 channels
  let data: TypedArray = src;
  if (c === 1) {
    const out = new (src.constructor as new (n: number) => TypedArray)(b * 3 * h * w);
    for (let i = 0; i < b; i++) for (let k = 0; k < 3; k++) out.set(src.subarray(i * h * w, (i + 1) * h * w), (i * 3 + k) * h * w);
    data = out;
    c = 3;
  }
  if (options.normalize) {
    if (!dtype.isFloatingPoint) throw new TypeError(`makeGrid: normalize needs a float tensor, got ${dtype}`);
    const r = dtype.name === 'float64' ? (x: number) => x : Math.fround;
    data = data === src ? (src.slice() as TypedArray) : data;
    const norm = (from: number, to: number): void => {
      let low: number, high: number;
      if (options.valueRange) [low, high] = options.valueRange;
      else {
        low = Infinity; high = -Infinity;
        for (let i = from; i < to; i++) {
          const v = data[i]!;
          if (v < low) low = v;
          if (v > high) high = v;
        }
      }
      const lo = r(low), hi = r(high), div = r(Math.max(high - low, 1e-5));
      for (let i = from; i < to; i++) {
        const v = Math.min(Math.max(data[i]!, lo), hi);
        data[i] = r(r(v - lo) / div);
      }
    };
    const per = c * h * w;
    if (options.scaleEach) for (let i = 0; i < b; i++) norm(i * per, (i + 1) * per);
    else norm(0, b * per);
  }
  if (b === 1) return fromTypedArray(data === src ? (src.slice() as TypedArray) : data, [c, h, w], { dtype });

  const xmaps = Math.min(nrow, b);
  const ymaps = Math.ceil(b / xmaps);
  const height = h + padding, width = w + padding;
  const gh = height * ymaps + padding, gw = width * xmaps + padding;
  const grid = new (src.constructor as new (n: number) => TypedArray)(c * gh * gw);
  grid.fill(dtype.isFloatingPoint ? padValue : Math.trunc(padValue));
  let k = 0;
  for (let y = 0; y < ymaps && k < b; y++) {
    for (let x = 0; x < xmaps && k < b; x++, k++) {
      for (let ch = 0; ch < c; ch++) {
        for (let row = 0; row < h; row++) {
          const from = ((k * c + ch) * h + row) * w;
          const to = (ch * gh + y * height + padding + row) * gw + x * width + padding;
          grid.set(data.subarray(from, from + w), to);
        }
      }
    }
  }
  return fromTypedArray(grid, [c, gh, gw], { dtype });
}
