/**
 * `cumsum` / `cumprod` along one dim, accumulating in float64 as PyTorch's CPU kernel does
 * (integer products wrap like int64).
 * @module
 */
import type { TypedArray, View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';
import { mulInt64 } from './int64.js';
import { Loop, numelOf } from './strided.js';

/** Inclusive cumulative sum (or product) of `src` along `dim` into `out` (same shape). */
export function cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void {
  const S = dataOf(src), O = dataOf(out);
  const shape = src.shape;
  const nd = shape.length;
  if (nd === 0) {
    O[out.offset] = S[src.offset]!;
    if (out.buffer.dtype.name === 'float16') roundHalfView(out);
    else if (out.buffer.dtype.name === 'bfloat16') roundBFloat16View(out);
    return;
  }
  if (dim < 0) dim += nd;
  const L = shape[dim]!;
  const sd = src.strides[dim]!, od = out.strides[dim]!;
  const sliceShape = shape.map((n, d) => (d === dim ? 1 : n));
  const sliceNumel = numelOf(sliceShape);
  if (L === 0 || sliceNumel === 0) return;
  const isSum = op === 'sum';
  const intProd = !isSum && !src.buffer.dtype.isFloatingPoint;

  // Along the line when `dim` is the densest dim of src (or there are few lines), else slice by
  // slice with a float64 accumulator per line, so that memory is read in order.
  let innermost = true;
  for (let d = 0; d < nd; d++) {
    if (d !== dim && shape[d]! > 1 && Math.abs(src.strides[d]!) < Math.abs(sd)) innermost = false;
  }
  if (innermost || sliceNumel < 16) {
    const loop = new Loop(sliceShape, [src.strides, out.strides], [src.offset, out.offset], 0);
    const { n, s0, s1 } = loop;
    loop.forEach((is, io) => {
      for (let k = 0; k < n; k++, is += s0, io += s1) lineScan(isSum, intProd, S, is, sd, O, io, od, L);
    });
  } else {
    const acc = new Float64Array(sliceNumel).fill(isSum ? 0 : 1);
    const accStrides: number[] = [];
    let a = 1;
    for (let d = nd - 1; d >= 0; d--) {
      accStrides[d] = a;
      a *= sliceShape[d]!;
    }
    const loop = new Loop(sliceShape, [src.strides, out.strides, accStrides], [src.offset, out.offset, 0], 0);
    const { n, s0, s1, s2 } = loop;
    for (let j = 0; j < L; j++) {
      const ds = j * sd, dout = j * od;
      loop.forEach((is, io, ia) => {
        is += ds;
        io += dout;
        for (let k = 0; k < n; k++, is += s0, io += s1, ia += s2) {
          const t = isSum ? acc[ia]! + S[is]! : intProd ? mulInt64(acc[ia]!, S[is]!) : acc[ia]! * S[is]!;
          acc[ia] = t;
          O[io] = t;
        }
      });
    }
  }
  if (out.buffer.dtype.name === 'float16') roundHalfView(out);
  else if (out.buffer.dtype.name === 'bfloat16') roundBFloat16View(out);
}

function lineScan(isSum: boolean, intProd: boolean, S: TypedArray, is: number, sd: number, O: TypedArray,
  io: number, od: number, L: number): void {
  if (isSum) {
    let t = 0;
    for (let j = 0; j < L; j++, is += sd, io += od) O[io] = t += S[is]!;
  } else if (intProd) {
    let t = 1;
    for (let j = 0; j < L; j++, is += sd, io += od) O[io] = t = mulInt64(t, S[is]!);
  } else {
    let t = 1;
    for (let j = 0; j < L; j++, is += sd, io += od) O[io] = t *= S[is]!;
  }
}
