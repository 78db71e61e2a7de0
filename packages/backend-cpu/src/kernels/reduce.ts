/**
 * Reductions over any set of dims, in one pass over the source in memory order.
 *
 * Every reduction accumulates into a float64 buffer shaped like `out`, walked with stride 0
 * along the reduced dims (so rows that run along a reduced dim accumulate in a register), and
 * is then converted to out's dtype: sum/prod of floats accumulate in float64 and round once;
 * sum/prod of integers are exact while partial results stay within 2^53 (prod wraps like int64);
 * max/min propagate NaN; argmax/argmin give the first index of the extreme value, NaN counting
 * as the extreme (as PyTorch); all/any test `!= 0`.
 * @module
 */
import type { ReduceOp, TypedArray, View } from '@torchts/core';
import { float64 } from '@torchts/core';
import { dataOf, tempView } from '../buffer.js';
import { copy } from './copy.js';
import { mulInt64 } from './int64.js';
import { contiguousStrides, Loop, numelOf } from './strided.js';

function initial(op: ReduceOp): number {
  switch (op) {
    case 'sum': case 'any': return 0;
    case 'prod': case 'all': return 1;
    case 'max': case 'argmax': return -Infinity;
    default: return Infinity;
  }
}

/** One row of `op`: `acc` advances by `sa` per element (0 when the row runs along reduced dims). */
function reduceRow(op: ReduceOp, intProd: boolean, S: TypedArray, is: number, ss: number, acc: Float64Array,
  ia: number, sa: number, n: number): void {
  switch (op) {
    case 'sum':
      if (sa === 0) {
        let t = 0;
        for (let k = 0; k < n; k++, is += ss) t += S[is]!;
        acc[ia] += t;
      } else {
        for (let k = 0; k < n; k++, is += ss, ia += sa) acc[ia] += S[is]!;
      }
      return;
    case 'prod':
      if (intProd) {
        for (let k = 0; k < n; k++, is += ss, ia += sa) acc[ia] = mulInt64(acc[ia]!, S[is]!);
      } else if (sa === 0) {
        let t = acc[ia]!;
        for (let k = 0; k < n; k++, is += ss) t *= S[is]!;
        acc[ia] = t;
      } else {
        for (let k = 0; k < n; k++, is += ss, ia += sa) acc[ia] *= S[is]!;
      }
      return;
    case 'max':
      for (let k = 0; k < n; k++, is += ss, ia += sa) {
        const v = S[is]!;
        if (v > acc[ia]! || v !== v) acc[ia] = v;
      }
      return;
    case 'min':
      for (let k = 0; k < n; k++, is += ss, ia += sa) {
        const v = S[is]!;
        if (v < acc[ia]! || v !== v) acc[ia] = v;
      }
      return;
    case 'all':
      for (let k = 0; k < n; k++, is += ss, ia += sa) if (S[is] === 0) acc[ia] = 0;
      return;
    case 'any':
      for (let k = 0; k < n; k++, is += ss, ia += sa) if (S[is] !== 0) acc[ia] = 1;
      return;
  }
}

/**
 * One row of argmax/argmin: `idx` holds the best index so far (-1 for none), `r` is the index
 * of the element within the reduced dims; ties (and NaNs) keep the smaller index, whatever
 * order the walk takes.
 */
function argRow(max: boolean, S: TypedArray, is: number, ss: number, acc: Float64Array, idx: Float64Array,
  ia: number, sa: number, r: number, sr: number, n: number): void {
  for (let k = 0; k < n; k++, is += ss, ia += sa, r += sr) {
    const v = S[is]!;
    const best = acc[ia]!, bi = idx[ia]!;
    let take: boolean;
    if (bi < 0) take = true;
    else if (best !== best) take = v !== v && r < bi;
    else if (v !== v) take = true;
    else if (max ? v > best : v < best) take = true;
    else take = v === best && r < bi;
    if (take) {
      acc[ia] = v;
      idx[ia] = r;
    }
  }
}

/**
 * Reduces `src` over `dims` into `out`, whose shape is src's with those dims set to 1.
 * argmax/argmin write int64 indices along the reduced dims (row-major when several, i.e. the
 * flat index when all dims are reduced).
 */
export function reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void {
  const S = dataOf(src);
  const shape = src.shape;
  const nd = shape.length;
  const reduced = new Array<boolean>(nd).fill(false);
  for (const d of dims) if (nd > 0) reduced[d < 0 ? d + nd : d] = true;
  const outShape = shape.map((n, d) => (reduced[d] ? 1 : n));
  const accStrides = contiguousStrides(outShape).map((s, d) => (reduced[d] ? 0 : s));
  const rShape = shape.map((n, d) => (reduced[d] ? n : 1));
  const rStrides = contiguousStrides(rShape).map((s, d) => (reduced[d] ? s : 0));

  const outNumel = numelOf(outShape);
  const acc = new Float64Array(outNumel).fill(initial(op));
  const isArg = op === 'argmax' || op === 'argmin';
  const idx = isArg ? new Float64Array(outNumel).fill(-1) : acc;
  const intProd = op === 'prod' && !src.buffer.dtype.isFloatingPoint;

  const loop = new Loop(shape, [src.strides, accStrides, rStrides], [src.offset, 0, 0], 0);
  const { n, s0, s1, s2 } = loop;
  if (isArg) {
    const max = op === 'argmax';
    loop.forEach((is, ia, r) => argRow(max, S, is, s0, acc, idx, ia, s1, r, s2, n));
  } else {
    loop.forEach((is, ia) => reduceRow(op, intProd, S, is, s0, acc, ia, s1, n));
  }
  copy(tempView(float64, isArg ? idx : acc, out.shape, contiguousStrides(out.shape)), out);
}
