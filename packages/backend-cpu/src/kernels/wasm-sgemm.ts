/**
 * Float32 GEMM on WebAssembly SIMD128, in the style of GotoBLAS/BLIS: B is packed in KC x NC
 * blocks of NR-column panels and A in MC x KC blocks of MR-row panels (zero-padding the edges),
 * and the module's macro-kernel sweeps its register-blocked micro-kernel over them into a C
 * block kept in wasm memory, copied out at the end. Padding A, B and C to whole tiles means the
 * micro-kernel never needs an edge case.
 *
 * Operands are {@link Matrix}es given by separable offset tables, which covers strided views and
 * also the unfolded input of a convolution (im2col) without unfolding it. Each operand's span is
 * staged into wasm memory with one `TypedArray.set` and packed there by the module's gather
 * kernels; operands too sparse to stage (a few elements of a huge buffer) are packed by
 * JavaScript. C can also be folded with a scatter-add (see {@link sgemmMatrices}).
 *
 * The module (`wasm-sgemm-module.ts`) is compiled lazily on first use; where WebAssembly or
 * SIMD128 is missing, {@link sgemm} and {@link sgemmMatrices} return false and callers keep
 * their JavaScript paths.
 * @module
 */
import { buildSgemmModule, MR, NR } from './wasm-sgemm-module.js';

/** Cache blocks: an MC x KC block of A stays in L2, a KC x NR panel of B in L1. */
const MC = 128;
const KC = 512;
const NC = 1024;
/** Rows of C kept in wasm memory at once (bounds the scratch for tall products). */
const MBIG = 2048;
/** Largest operand span staged into wasm memory (floats); sparser operands are packed by JS. */
const STAGE_MAX = 1 << 24;
/** Below this run length, `TypedArray.set` costs more than a JS loop. */
const SET_MIN = 8;
/**
 * Wasm memory cannot shrink: after a product that grew it past this many bytes, the instance is
 * dropped (and re-created with a small memory by the next call), so that one big product does
 * not pin its scratch for the life of the program.
 */
const RETAIN_MAX = 64 << 20;

type Macro = (mc: number, nc: number, kc: number, pa: number, pb: number, pc: number, ldc: number,
  overwrite: number, aps: number, bps: number) => void;
type Gather = (src: number, rowTab: number, colTab: number, np: number, kc: number, dst: number, ps: number) => void;
type GatherEdge = (src: number, lineTab: number, stepTab: number, lines: number, kc: number, dst: number,
  w: number) => void;
type Scatter = (c: number, ldc: number, rows: number, runs: number, nruns: number, rowTab: number, colTab: number,
  dst: number) => void;

interface Engine {
  memory: WebAssembly.Memory;
  macro: Macro;
  gatherA: Gather;
  gatherB: Gather;
  gatherEdge: GatherEdge;
  scatterAdd: Scatter;
  /** Views of the whole memory, renewed after each grow. */
  f32: Float32Array;
  i32: Int32Array;
}

let engine: Engine | null | undefined;
let compiled: WebAssembly.Module | null | undefined;
let enabled = true;
let fma = false;

/** Compiles the module once; null where WebAssembly SIMD is unavailable. */
function getModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return null;
  // Relaxed SIMD's multiply-add (FMA where the CPU has it) where the engine has it, else plain
  // SIMD128 multiply and add.
  let bytes = buildSgemmModule({ fma: true });
  fma = WebAssembly.validate(bytes);
  if (!fma) bytes = buildSgemmModule();
  if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  return compiled;
}

/** Instantiates the module with a fresh memory when there is none; null where unavailable. */
function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  engine = null;
  try {
    const module = getModule();
    if (!module) return null;
    const memory = new WebAssembly.Memory({ initial: 1 });
    const x = new WebAssembly.Instance(module, { env: { memory } }).exports;
    engine = {
      memory, macro: x['macro'] as Macro, gatherA: x['gatherA'] as Gather, gatherB: x['gatherB'] as Gather,
      gatherEdge: x['gatherEdge'] as GatherEdge, scatterAdd: x['scatterAdd'] as Scatter,
      f32: new Float32Array(memory.buffer), i32: new Int32Array(memory.buffer),
    };
  } catch {
    compiled = null;
    engine = null;
  }
  return engine;
}

/** Grows the memory to at least `floats` float32s; false if it cannot grow that much. */
function reserve(e: Engine, floats: number): boolean {
  const bytes = floats * 4;
  const have = e.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      e.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
    e.f32 = new Float32Array(e.memory.buffer);
    e.i32 = new Int32Array(e.memory.buffer);
  }
  return true;
}

/**
 * Whether the WebAssembly SIMD GEMM is available (and enabled); the first call compiles it.
 *
 * @example
 * if (!sgemmAvailable()) console.log('matmul uses the JavaScript kernels');
 */
export function sgemmAvailable(): boolean {
  return enabled && getEngine() !== null;
}

/**
 * Whether the WebAssembly GEMM multiplies-adds with relaxed SIMD's `f32x4.relaxed_madd` (which
 * V8 fuses into FMA instructions where the CPU has them: about 1.6 times the speed of SIMD128's
 * separate multiply and add, measured on an AVX2/FMA Xeon). Relaxed SIMD is on by default in
 * Chrome 114+ and Node 21+; Node 20 needs `node --experimental-wasm-relaxed-simd`.
 *
 * @example
 * console.log(`GEMM: WebAssembly SIMD${sgemmUsesRelaxedSimd() ? ' with FMA' : ''}`);
 */
export function sgemmUsesRelaxedSimd(): boolean {
  return getEngine() !== null && fma;
}

/**
 * Turns the WebAssembly GEMM on or off (it is on by default where supported), for tests and
 * benchmarks of the JavaScript fallback. Returns the previous setting.
 *
 * @example
 * const was = setSgemmEnabled(false);
 * try { runFallbackTests(); } finally { setSgemmEnabled(was); }
 */
export function setSgemmEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/**
 * A float32 matrix given by separable offset tables: element (i, j) is
 * `data[offset + rowOff[i] + colOff[j]]`. A strided matrix has `rowOff[i] = i*rs` and
 * `colOff[j] = j*cs` (see {@link stridedMatrix}); im2col-style gathers (every unfolded patch of
 * an image) are separable too. What the GEMM learns about a table (its range, its runs of
 * consecutive offsets) is cached with it, so a table must not change once used.
 */
export interface Matrix {
  data: Float32Array;
  offset: number;
  rowOff: Int32Array;
  colOff: Int32Array;
}

/**
 * Offsets `start, start + s, start + 2s, ...` (n of them).
 *
 * @example
 * arithmetic(3, 5); // Int32Array [0, 5, 10]
 */
export function arithmetic(n: number, s: number, start = 0): Int32Array {
  const t = new Int32Array(n);
  for (let i = 0; i < n; i++) t[i] = start + i * s;
  return t;
}

/**
 * The rows x cols matrix at `data[offset + i*rs + j*cs]`.
 *
 * @example
 * const a = stridedMatrix(new Float32Array(6), 0, 2, 3, 3, 1); // 2x3, row-major
 */
export function stridedMatrix(data: Float32Array, offset: number, rows: number, cols: number, rs: number,
  cs: number): Matrix {
  return { data, offset, rowOff: arithmetic(rows, rs), colOff: arithmetic(cols, cs) };
}

/**
 * What a table's scans found (its least and greatest entry, where its runs of consecutive offsets
 * start), cached per table: conv2d reuses its tables across calls, and a table must not change
 * once it has been used.
 */
interface TableInfo {
  lo: number;
  hi: number;
  /** Indices where runs of consecutive offsets start, then the table's length. */
  runs: Int32Array | null;
}

const tableInfo = new WeakMap<Int32Array, TableInfo>();

function infoOf(t: Int32Array): TableInfo {
  let info = tableInfo.get(t);
  if (!info) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    info = lo <= hi ? { lo, hi, runs: null } : { lo: 0, hi: 0, runs: null };
    tableInfo.set(t, info);
  }
  return info;
}

/** The starts of `t`'s runs of consecutive offsets, then its length (cached). */
function runStarts(t: Int32Array): Int32Array {
  const info = infoOf(t);
  if (!info.runs) {
    const starts: number[] = [0];
    for (let j = 1; j < t.length; j++) if (t[j] !== t[j - 1]! + 1) starts.push(j);
    starts.push(t.length);
    info.runs = Int32Array.from(starts);
  }
  return info.runs;
}

/**
 * An operand staged in wasm memory: its span (from `data[offset + minRow + minCol]`, `span`
 * floats) at float index `at`, its offset tables at byte addresses `rowTab` and `colTab`, and the
 * byte address `src` that the module adds `4*(rowOff[i] + colOff[j])` to.
 */
interface Staged {
  at: number;
  span: number;
  start: number;
  src: number;
  rowTab: number;
  colTab: number;
}

/** Where and how big an operand's staging would be, or null if it is too sparse to stage. */
interface StagePlan {
  r0: number;
  c0: number;
  span: number;
  /** Floats needed: span plus both tables (padded for the module's look-ahead). */
  size: number;
}

function planStage(m: Matrix): StagePlan | null {
  const { lo: r0, hi: r1 } = infoOf(m.rowOff), { lo: c0, hi: c1 } = infoOf(m.colOff);
  const span = r1 + c1 - r0 - c0 + 1;
  if (span > STAGE_MAX || span > 4 * m.rowOff.length * m.colOff.length + 4096) return null;
  const size = roundUp(span, 16) + roundUp(m.rowOff.length + 4, 16) + roundUp(m.colOff.length + 4, 16);
  return { r0, c0, span, size };
}

/** Copies an operand's span and offset tables into wasm memory at float index `at`. */
function stage(e: Engine, m: Matrix, plan: StagePlan, at: number): Staged {
  const { r0, c0, span } = plan;
  const start = m.offset + r0 + c0;
  e.f32.set(m.data.subarray(start, start + span), at);
  const rt = at + roundUp(span, 16), ct = rt + roundUp(m.rowOff.length + 4, 16);
  e.i32.set(m.rowOff, rt);
  e.i32.set(m.colOff, ct);
  return { at, span, start, src: (at - r0 - c0) * 4, rowTab: rt * 4, colTab: ct * 4 };
}

/** The bits of a float32 array. */
function bitsOf(x: Float32Array): Int32Array {
  return new Int32Array(x.buffer, x.byteOffset, x.length);
}

/**
 * Packs rows [i0, i0+mc) x cols [p0, p0+kc) of A into MR-row panels of kc x MR, k-major, `ps`
 * floats apart from float index `o`, zero-padding the last panel: by the module from the staged
 * operand `s`, or by JavaScript from `a` itself when it could not be staged.
 */
function packA(e: Engine, a: Matrix, s: Staged | null, i0: number, mc: number, p0: number, kc: number, o: number,
  ps: number): void {
  const full = mc - (mc % MR);
  const edge = o + (full / MR) * ps;
  if (s) {
    if (full > 0) e.gatherA(s.src, s.rowTab + i0 * 4, s.colTab + p0 * 4, full / MR, kc, o * 4, ps * 4);
    if (full < mc) {
      e.f32.fill(0, edge, edge + kc * MR);
      e.gatherEdge(s.src, s.rowTab + (i0 + full) * 4, s.colTab + p0 * 4, mc - full, kc, edge * 4, MR);
    }
    return;
  }
  const { data, offset, rowOff, colOff } = a;
  const src = bitsOf(data), dst = e.i32;
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = Math.min(MR, mc - ip);
    for (let k = 0, d = o + (ip / MR) * ps; k < kc; k++) {
      const c = offset + colOff[p0 + k]!;
      for (let r = 0; r < MR; r++) dst[d++] = r < rows ? src[c + rowOff[i0 + ip + r]!]! : 0;
    }
  }
}

/** Packs rows [p0, p0+kc) x cols [j0, j0+nc) of B into NR-column panels, like {@link packA}. */
function packB(e: Engine, b: Matrix, s: Staged | null, p0: number, kc: number, j0: number, nc: number, o: number,
  ps: number): void {
  const full = nc - (nc % NR);
  const edge = o + (full / NR) * ps;
  if (s) {
    if (full > 0) e.gatherB(s.src, s.rowTab + p0 * 4, s.colTab + j0 * 4, full / NR, kc, o * 4, ps * 4);
    if (full < nc) {
      e.f32.fill(0, edge, edge + kc * NR);
      e.gatherEdge(s.src, s.colTab + (j0 + full) * 4, s.rowTab + p0 * 4, nc - full, kc, edge * 4, NR);
    }
    return;
  }
  const { data, offset, rowOff, colOff } = b;
  const src = bitsOf(data), dst = e.i32;
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = Math.min(NR, nc - jp);
    for (let k = 0, d = o + (jp / NR) * ps; k < kc; k++) {
      const r = offset + rowOff[p0 + k]!;
      for (let c = 0; c < NR; c++) dst[d++] = c < cols ? src[r + colOff[j0 + jp + c]!]! : 0;
    }
  }
}

/**
 * Splits columns [j0, j0+n) into runs of consecutive offsets, `[start, length, ...]` relative to
 * j0: a row-major C is one run, a convolution's output block one run per sample.
 */
function runsOf(colOff: Int32Array, j0: number, n: number): number[] {
  const starts = runStarts(colOff);
  // The run holding j0 (binary search), then every run up to j0 + n.
  let lo = 0, hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= j0) lo = mid;
    else hi = mid - 1;
  }
  const runs: number[] = [];
  for (let r = lo; r < starts.length - 1 && starts[r]! < j0 + n; r++) {
    const a = Math.max(starts[r]!, j0), b = Math.min(starts[r + 1]!, j0 + n);
    runs.push(a - j0, b - a);
  }
  return runs;
}

/**
 * Copies row `i` of the C block between the caller's C (row at `C[ro + colOff[j0 + j]]`) and
 * wasm memory (`f32[d + j]`): into wasm memory when `load`, back otherwise.
 */
function copyRow(C: Float32Array, ro: number, colOff: Int32Array, j0: number, runs: readonly number[],
  f32: Float32Array, d: number, load: boolean): void {
  for (let r = 0; r < runs.length; r += 2) {
    const j = runs[r]!, len = runs[r + 1]!;
    const s = ro + colOff[j0 + j]!;
    if (len >= SET_MIN) {
      if (load) f32.set(C.subarray(s, s + len), d + j);
      else C.set(f32.subarray(d + j, d + j + len), s);
    } else if (load) {
      for (let t = 0; t < len; t++) f32[d + j + t] = C[s + t]!;
    } else {
      for (let t = 0; t < len; t++) C[s + t] = f32[d + j + t]!;
    }
  }
}

/**
 * How {@link sgemmMatrices} combines `A B` with C: `'set'` writes it, `'accumulate'` adds it,
 * `'scatterAdd'` adds each element in turn, so that elements sharing a location (C's offsets
 * need not be distinct) all add up, like col2im's fold.
 */
export type GemmMode = 'set' | 'accumulate' | 'scatterAdd';

/** A per-row bias of a GEMM: row i's is `data[offset + i*stride]`. */
export interface RowBias {
  data: Float32Array;
  offset: number;
  stride: number;
}

/**
 * `C = A B` (mode `'set'`), `C += A B` (`'accumulate'`, `'scatterAdd'`) in float32 on
 * WebAssembly SIMD, for an M x K {@link Matrix} A, a K x N B and an M x N C (which must not
 * overlap A or B; its offsets must be distinct except in `'scatterAdd'`). Sums are float32, in
 * an order that differs from a naive loop in the last bits. With a row `bias` (modes `'set'` and
 * `'scatterAdd'`), `bias[i]` is added to every element of row i of `A B` first. Returns false,
 * touching nothing, when the WebAssembly kernel is unavailable or disabled (or its memory cannot
 * grow enough).
 *
 * @example
 * const C = new Float32Array(M * N);
 * const ok = sgemmMatrices(M, N, K, stridedMatrix(a, 0, M, K, K, 1), stridedMatrix(b, 0, K, N, N, 1),
 *   stridedMatrix(C, 0, M, N, N, 1), 'set');
 */
export function sgemmMatrices(M: number, N: number, K: number, a: Matrix, b: Matrix, c: Matrix,
  mode: GemmMode = 'set', bias?: RowBias): boolean {
  const e = enabled ? getEngine() : null;
  if (!e) return false;
  if (M === 0 || N === 0) return true;
  const C = c.data, co = c.offset, cRow = c.rowOff, cCol = c.colOff;
  if (K === 0) {
    for (let i = 0; i < M; i++) {
      const v = bias ? bias.data[bias.offset + i * bias.stride]! : 0;
      for (let j = 0; j < N; j++) {
        if (mode === 'set') C[co + cRow[i]! + cCol[j]!] = v;
        else C[co + cRow[i]! + cCol[j]!] += v;
      }
    }
    return true;
  }
  const mBig = Math.min(M, MBIG), nBlk = Math.min(N, NC), kBlk = Math.min(K, KC);
  // Panel strides padded off powers of two, so that scattered writes do not share a cache set.
  const aps = kBlk * MR + 16, bps = kBlk * NR + 16;
  const mcp = roundUp(Math.min(mBig, MC), MR), ncp = roundUp(nBlk, NR);
  // Memory layout (floats): packed A block, packed B block, C block, staged A, B and C, C's runs.
  const aOff = 0, bOff = aOff + aps * (mcp / MR), cOff = bOff + bps * (ncp / NR);
  const saOff = cOff + roundUp(roundUp(mBig, MR) * ncp, 16);
  const planA = planStage(a), planB = planStage(b);
  const sbOff = saOff + (planA ? planA.size : 0);
  const scatter = mode === 'scatterAdd';
  const scOff = sbOff + (planB ? planB.size : 0);
  const planC = scatter ? planStage(c) : null;
  if (scatter && !planC) return scatterByJs(M, N, K, a, b, c, bias);
  // Runs of a C block's columns, for the scatter-add.
  const rOff = scOff + (planC ? planC.size : 0);
  if (!reserve(e, rOff + (scatter ? 2 * ncp + 16 : 0))) return false;
  const sa = planA ? stage(e, a, planA, saOff) : null;
  const sb = planB ? stage(e, b, planB, sbOff) : null;
  const sc = planC ? stage(e, c, planC, scOff) : null;
  const f32 = e.f32;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc), ldc = roundUp(nc, NR);
    const runs = runsOf(cCol, jc, nc);
    for (let i0 = 0; i0 < M; i0 += MBIG) {
      const mb = Math.min(MBIG, M - i0);
      // With 'accumulate', the C block starts as the current C; otherwise the first k block
      // overwrites it. Its padding is never read back, so it needs no zeros.
      if (mode === 'accumulate') {
        for (let i = 0; i < mb; i++) copyRow(C, co + cRow[i0 + i]!, cCol, jc, runs, f32, cOff + i * ldc, true);
      } else if (bias) {
        for (let i = 0; i < mb; i++) {
          f32.fill(bias.data[bias.offset + (i0 + i) * bias.stride]!, cOff + i * ldc, cOff + (i + 1) * ldc);
        }
      }
      for (let pc = 0; pc < K; pc += KC) {
        const kc = Math.min(KC, K - pc);
        packB(e, b, sb, pc, kc, jc, nc, bOff, bps);
        const overwrite = pc === 0 && mode !== 'accumulate' && !bias ? 1 : 0;
        for (let ic = 0; ic < mb; ic += MC) {
          const mc = Math.min(MC, mb - ic);
          packA(e, a, sa, i0 + ic, mc, pc, kc, aOff, aps);
          e.macro(roundUp(mc, MR), ldc, kc, aOff * 4, bOff * 4, (cOff + ic * ldc) * 4, ldc * 4, overwrite, aps * 4,
            bps * 4);
        }
      }
      if (sc) {
        e.i32.set(runs, rOff);
        e.scatterAdd(cOff * 4, ldc * 4, mb, rOff * 4, runs.length / 2, sc.rowTab + i0 * 4, sc.colTab + jc * 4,
          sc.src);
      } else {
        for (let i = 0; i < mb; i++) copyRow(C, co + cRow[i0 + i]!, cCol, jc, runs, f32, cOff + i * ldc, false);
      }
    }
  }
  if (sc) C.set(f32.subarray(sc.at, sc.at + sc.span), sc.start);
  if (e.memory.buffer.byteLength > RETAIN_MAX) engine = undefined;
  return true;
}

/** 'scatterAdd' for a C too sparse to stage: the product into a temporary, added in JS. */
function scatterByJs(M: number, N: number, K: number, a: Matrix, b: Matrix, c: Matrix, bias?: RowBias): boolean {
  const t = new Float32Array(M * N);
  if (!sgemmMatrices(M, N, K, a, b, stridedMatrix(t, 0, M, N, N, 1), 'set', bias)) return false;
  const { data, offset, rowOff, colOff } = c;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) data[offset + rowOff[i]! + colOff[j]!] += t[i * N + j]!;
  }
  return true;
}

/**
 * {@link sgemmMatrices} for strided operands: A is M x K at `A[ao + i*ars + k*acs]`, B is K x N
 * at `B[bo + k*brs + j*bcs]` and C is M x N at `C[co + i*crs + j*ccs]`; `C = A B`, or
 * `C += A B` when `accumulate`.
 *
 * @example
 * const C = new Float32Array(M * N);
 * if (!sgemm(M, N, K, a, 0, K, 1, b, 0, N, 1, C, 0, N, 1, false)) fallback();
 */
export function sgemm(M: number, N: number, K: number, A: Float32Array, ao: number, ars: number, acs: number,
  B: Float32Array, bo: number, brs: number, bcs: number, C: Float32Array, co: number, crs: number, ccs: number,
  accumulate: boolean): boolean {
  if (!sgemmAvailable()) return false;
  return sgemmMatrices(M, N, K, stridedMatrix(A, ao, M, K, ars, acs), stridedMatrix(B, bo, K, N, brs, bcs),
    stridedMatrix(C, co, M, N, crs, ccs), accumulate ? 'accumulate' : 'set');
}
