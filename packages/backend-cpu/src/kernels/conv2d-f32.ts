/**
 * Float32 conv2d and its backward kernels on the WebAssembly GEMM ({@link sgemmMatrices}).
 *
 * The unfolded input (im2col's `col`, [C/g*kH*kW, oH*oW] per sample) is never built: its element
 * (r, l) for r = (c, ki, kj) and l = (oh, ow) sits at `c*H*W + (oh*sH + ki*dH)*W + ow*sW + kj*dW`
 * of the (zero-padded) input, a sum of a row offset and a column offset, which is exactly the
 * separable {@link Matrix} the GEMM packs from. Samples are batched along the GEMM's column (or
 * reduction) dimension, a chunk at a time, so that each GEMM is big enough to run at speed:
 * - forward: `out[:, g] = W_g [Og, R] @ col [R, n*L]` (+ bias);
 * - grad weight: `gW_g [Og, R] = gradOut_g [Og, n*L] @ col^T [n*L, R]`, summed over chunks;
 * - grad input: `colGrad [R, n*L] = W_g^T [R, Og] @ gradOut_g [Og, n*L]`, never stored either:
 *   the GEMM's scatter-add folds it into the (padded) input gradient through the same offsets
 *   (col2im).
 * Padding is handled by zero-padded copies of the input (or of its gradient), so offsets never
 * fall outside. Sums are float32 (like PyTorch's), not the float64 of the generic path. Each
 * function returns false, leaving the work to the generic path, when the GEMM is unavailable.
 * @module
 */
import type { Conv2dParams } from '@torchts/core';
import { arithmetic, sgemmMatrices, type Matrix } from './wasm-sgemm.js';

/** Shapes of one convolution (contiguous NCHW input and output, OIHW weight). */
export interface ConvGeometry {
  N: number; C: number; H: number; W: number;
  O: number; oH: number; oW: number;
  kH: number; kW: number;
  G: number; Cg: number; Og: number;
  /** Rows of the unfolded input: C/g * kH * kW. */
  R: number;
  /** Output positions per channel: oH * oW. */
  L: number;
}

/**
 * Default bound on the floats of a chunk of samples' input (or output) that one GEMM stages at
 * once; it also bounds the padded copies and offset tables.
 */
const CHUNK_FLOATS = 1 << 21;

/** Samples per chunk when each costs `perSample` floats of temporaries. */
function chunkOf(N: number, perSample: number, chunkFloats: number): number {
  return Math.max(1, Math.min(N, Math.floor(chunkFloats / Math.max(1, perSample))));
}

/** The input of samples [n0, n0+nb), zero-padded when the convolution pads. */
interface Source {
  data: Float32Array;
  offset: number;
  /** Row stride and per-sample stride of `data`. */
  Wp: number;
  sampleStride: number;
}

/** Samples [n0, n0+nb) of X as a {@link Source}, copying them into a padded buffer if needed. */
function source(X: Float32Array, xo: number, g: ConvGeometry, p: Conv2dParams, n0: number, nb: number,
  scratch: { buf: Float32Array | null }): Source {
  const { C, H, W } = g;
  const [pH, pW] = p.padding;
  if (pH === 0 && pW === 0) return { data: X, offset: xo + n0 * C * H * W, Wp: W, sampleStride: C * H * W };
  const Hp = H + 2 * pH, Wp = W + 2 * pW;
  const size = nb * C * Hp * Wp;
  if (!scratch.buf || scratch.buf.length < size) scratch.buf = new Float32Array(size);
  const buf = scratch.buf;
  buf.fill(0, 0, size);
  for (let plane = 0; plane < nb * C; plane++) {
    const s = xo + n0 * C * H * W + plane * H * W, d = plane * Hp * Wp + pH * Wp + pW;
    for (let h = 0; h < H; h++) buf.set(X.subarray(s + h * W, s + h * W + W), d + h * Wp);
  }
  return { data: buf, offset: 0, Wp, sampleStride: C * Hp * Wp };
}

/**
 * Offset tables by what they depend on: a network calls its convolutions with the same shapes
 * over and over, and the GEMM caches what it learns about each table (never modified after).
 */
const tables = new Map<string, Int32Array>();
const TABLES_MAX = 64;

function cached(key: string, build: () => Int32Array): Int32Array {
  let t = tables.get(key);
  if (!t) {
    if (tables.size >= TABLES_MAX) tables.delete(tables.keys().next().value!);
    t = build();
    tables.set(key, t);
  }
  return t;
}

/** `arithmetic(n, s)`, cached. */
function steps(n: number, s: number): Int32Array {
  return cached(`a${n},${s}`, () => arithmetic(n, s));
}

/** Row offsets r = (c, ki, kj) of the unfolded input, relative to the group's first channel. */
function unfoldRows(g: ConvGeometry, p: Conv2dParams, src: Source): Int32Array {
  const { Cg, kH, kW } = g;
  const [dH, dW] = p.dilation;
  const Hp = g.H + 2 * p.padding[0];
  const key = `r${Cg},${kH},${kW},${dH},${dW},${Hp},${src.Wp}`;
  return cached(key, () => buildUnfoldRows(Cg, kH, kW, dH, dW, Hp, src.Wp));
}

function buildUnfoldRows(Cg: number, kH: number, kW: number, dH: number, dW: number, Hp: number,
  Wp: number): Int32Array {
  const t = new Int32Array(Cg * kH * kW);
  let r = 0;
  for (let c = 0; c < Cg; c++) {
    for (let ki = 0; ki < kH; ki++) {
      for (let kj = 0; kj < kW; kj++) t[r++] = c * Hp * Wp + ki * dH * Wp + kj * dW;
    }
  }
  return t;
}

/** Column offsets (n, oh, ow) of the unfolded input for nb samples. */
function unfoldCols(g: ConvGeometry, p: Conv2dParams, src: Source, nb: number): Int32Array {
  const { oH, oW } = g;
  const [sH, sW] = p.stride;
  const { Wp, sampleStride } = src;
  return cached(`c${oH},${oW},${sH},${sW},${Wp},${sampleStride},${nb}`, () => {
    const t = new Int32Array(nb * oH * oW);
    let j = 0;
    for (let n = 0; n < nb; n++) {
      for (let oh = 0; oh < oH; oh++) {
        for (let ow = 0; ow < oW; ow++) t[j++] = n * sampleStride + oh * sH * Wp + ow * sW;
      }
    }
    return t;
  });
}

/** Column offsets (n, l) of an [N, O, L] tensor (output or its gradient) for nb samples. */
function outCols(g: ConvGeometry, nb: number): Int32Array {
  const { O, L } = g;
  return cached(`o${O},${L},${nb}`, () => {
    const t = new Int32Array(nb * L);
    for (let n = 0, j = 0; n < nb; n++) for (let l = 0; l < L; l++) t[j++] = n * O * L + l;
    return t;
  });
}

/**
 * `Y = conv2d(X, Wt, bias)` in float32 (offsets into each array given); false when the
 * WebAssembly GEMM is unavailable.
 */
export function conv2dF32(X: Float32Array, xo: number, Wt: Float32Array, wo: number, bias: Float32Array | null,
  bo: number, bs: number, Y: Float32Array, yo: number, g: ConvGeometry, p: Conv2dParams,
  chunkFloats = CHUNK_FLOATS): boolean {
  const { N, C, H, W, O, G, Cg, Og, R, L } = g;
  const [pH, pW] = p.padding;
  const nbMax = chunkOf(N, Math.max(C * (H + 2 * pH) * (W + 2 * pW), O * L), chunkFloats);
  const scratch = { buf: null as Float32Array | null };
  const wRows = steps(Og, R), wCols = steps(R, 1), yRows = steps(Og, L);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const src = source(X, xo, g, p, n0, nb, scratch);
    const rows = unfoldRows(g, p, src), cols = unfoldCols(g, p, src, nb), yCols = outCols(g, nb);
    for (let gi = 0; gi < G; gi++) {
      const yg = yo + n0 * O * L + gi * Og * L;
      const a: Matrix = { data: Wt, offset: wo + gi * Og * R, rowOff: wRows, colOff: wCols };
      const b: Matrix = { data: src.data, offset: src.offset + gi * (src.sampleStride / C) * Cg, rowOff: rows,
        colOff: cols };
      const c: Matrix = { data: Y, offset: yg, rowOff: yRows, colOff: yCols };
      const rowBias = bias ? { data: bias, offset: bo + gi * Og * bs, stride: bs } : undefined;
      if (!sgemmMatrices(Og, nb * L, R, a, b, c, 'set', rowBias)) return false;
    }
  }
  return true;
}

/**
 * `gW = grad of conv2d wrt its weight` in float32, from gradOut `Gd` and input `X`; false when
 * the WebAssembly GEMM is unavailable.
 */
export function conv2dBackwardWeightF32(Gd: Float32Array, go: number, X: Float32Array, xo: number,
  DW: Float32Array, dwo: number, g: ConvGeometry, p: Conv2dParams, chunkFloats = CHUNK_FLOATS): boolean {
  const { N, C, H, W, O, G, Cg, Og, R, L } = g;
  const [pH, pW] = p.padding;
  if (N === 0 || L === 0) {
    DW.fill(0, dwo, dwo + O * R);
    return true;
  }
  const nbMax = chunkOf(N, Math.max(C * (H + 2 * pH) * (W + 2 * pW), O * L), chunkFloats);
  const scratch = { buf: null as Float32Array | null };
  const gRows = steps(Og, L), dwRows = steps(Og, R), dwCols = steps(R, 1);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    const src = source(X, xo, g, p, n0, nb, scratch);
    const rows = unfoldRows(g, p, src), cols = unfoldCols(g, p, src, nb), gCols = outCols(g, nb);
    for (let gi = 0; gi < G; gi++) {
      const a: Matrix = { data: Gd, offset: go + n0 * O * L + gi * Og * L, rowOff: gRows, colOff: gCols };
      // col^T: its rows are col's columns and vice versa.
      const b: Matrix = { data: src.data, offset: src.offset + gi * (src.sampleStride / C) * Cg, rowOff: cols,
        colOff: rows };
      const c: Matrix = { data: DW, offset: dwo + gi * Og * R, rowOff: dwRows, colOff: dwCols };
      if (!sgemmMatrices(Og, R, nb * L, a, b, c, n0 > 0 ? 'accumulate' : 'set')) return false;
    }
  }
  return true;
}

/**
 * `gX = grad of conv2d wrt its input` in float32, from gradOut `Gd` and weight `Wt`; false when
 * the WebAssembly GEMM is unavailable. The GEMM's result is folded into the (padded) input
 * gradient by the module's scatter-add: col2im without a col buffer.
 */
export function conv2dBackwardInputF32(Gd: Float32Array, go: number, Wt: Float32Array, wo: number,
  DX: Float32Array, dxo: number, g: ConvGeometry, p: Conv2dParams, chunkFloats = CHUNK_FLOATS): boolean {
  const { N, C, H, W, O, G, Cg, Og, R, L } = g;
  const [pH, pW] = p.padding;
  const padded = pH > 0 || pW > 0;
  const Hp = H + 2 * pH, Wp = W + 2 * pW;
  DX.fill(0, dxo, dxo + N * C * H * W);
  if (L === 0 || O === 0) return true;
  const nbMax = chunkOf(N, Math.max(C * Hp * Wp, O * L), chunkFloats);
  const pad = padded ? new Float32Array(nbMax * C * Hp * Wp) : null;
  const wRows = steps(R, 1), wCols = steps(Og, R), gRows = steps(Og, L);
  for (let n0 = 0; n0 < N; n0 += nbMax) {
    const nb = Math.min(nbMax, N - n0);
    // The gradient of the (padded) input, where the unfolded gradient adds up.
    const dst: Source = pad ? { data: pad, offset: 0, Wp, sampleStride: C * Hp * Wp } :
      { data: DX, offset: dxo + n0 * C * H * W, Wp: W, sampleStride: C * H * W };
    if (pad) pad.fill(0);
    const rows = unfoldRows(g, p, dst), cols = unfoldCols(g, p, dst, nb), gCols = outCols(g, nb);
    for (let gi = 0; gi < G; gi++) {
      const a: Matrix = { data: Wt, offset: wo + gi * Og * R, rowOff: wRows, colOff: wCols };
      const b: Matrix = { data: Gd, offset: go + n0 * O * L + gi * Og * L, rowOff: gRows, colOff: gCols };
      const c: Matrix = { data: dst.data, offset: dst.offset + gi * (dst.sampleStride / C) * Cg, rowOff: rows,
        colOff: cols };
      if (!sgemmMatrices(R, nb * L, Og, a, b, c, 'scatterAdd')) return false;
    }
    if (pad) {
      for (let plane = 0; plane < nb * C; plane++) {
        const s = plane * Hp * Wp + pH * Wp + pW, d = dxo + n0 * C * H * W + plane * H * W;
        for (let h = 0; h < H; h++) DX.set(pad.subarray(s + h * Wp, s + h * Wp + W), d + h * W);
      }
    }
  }
  return true;
}
