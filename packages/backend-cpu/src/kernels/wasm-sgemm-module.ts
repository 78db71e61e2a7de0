/**
 * The WebAssembly module of the float32 GEMM, generated with the little encoder of
 * `wasm-encoder.ts` (so the package needs no assembler or compiler and ships no opaque bytes).
 * It imports its memory as `env.memory` and exports:
 * - `macro`: the macro-kernel, a register-blocked MR x NR micro-kernel (f32x4 accumulators)
 *   swept over packed panels of A and B into a C block;
 * - `gatherA`, `gatherB`, `gatherEdge`: packing of A and B panels from operands staged in wasm
 *   memory and addressed by element-offset tables, with SIMD copies where a panel's elements are
 *   contiguous;
 * - `scatterAdd`: adds a C block into locations given by offset tables (col2im's fold).
 * Addresses are in bytes, table entries in elements (float32s), and a table pair's offsets
 * add to the staged span's base address, which the caller shifts so that the least pair lands on
 * the span's first element (i32 arithmetic wraps, so the shifted base may be "negative").
 * @module
 */
import { encodeModule, FuncBuilder, Op, SimdOp, ValType } from './wasm-encoder.js';

/** Rows of A per register tile. */
export const MR = 4;
/** f32x4 vectors of B per register tile row (the tile has NR = 4*NV columns). */
export const NV = 2;
/** Columns of B per register tile. */
export const NR = 4 * NV;

/** Alignment hints (log2) of v128 and f32 accesses. */
const A16 = 4;
const A4 = 2;
const I = ValType.i32;

/**
 * `macro(mc, nc, kc, pa, pb, pc, ldc, overwrite, aps, bps)`: `C += Ap Bp` (or `C = Ap Bp` when
 * `overwrite` is nonzero) for packed A panels at `pa` (mc/MR panels of kc x MR, k-major, `aps`
 * bytes apart), packed B panels at `pb` (nc/NR panels of kc x NR, `bps` apart) and a row-major C
 * block at `pc` with a row stride of `ldc` bytes; mc and nc are whole multiples of MR and NR, all
 * sizes positive. B panel outer, A panel inner: a B panel stays in L1 while the A block streams
 * from L2. The k loop can be unrolled `unroll` (a power of two) times; V8 does well without.
 */
function buildMacro(mr: number, nv: number, unroll: number, fma: boolean): FuncBuilder {
  const nr = 4 * nv;
  const I = ValType.i32;
  const f = new FuncBuilder([I, I, I, I, I, I, I, I, I, I]);
  const [mc, nc, kc, pa, pb, pc, ldc, overwrite, aps, bps] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const jr = f.local(I), ir = f.local(I), ap = f.local(I), bp = f.local(I), cp = f.local(I), k = f.local(I);
  const aPanel = f.local(I), bPanel = f.local(I), cCol = f.local(I), crow = f.local(I);
  const acc: number[] = [];
  for (let i = 0; i < mr * nv; i++) acc.push(f.local(ValType.v128));
  const bv: number[] = [];
  for (let v = 0; v < nv; v++) bv.push(f.local(ValType.v128));
  const av = f.local(ValType.v128);

  /** One k step at element offset `u` of the current panels. */
  const step = (u: number): void => {
    for (let v = 0; v < nv; v++) f.localGet(bp).simd(SimdOp.v128Load, A16, (u * nr + 4 * v) * 4).localSet(bv[v]!);
    for (let r = 0; r < mr; r++) {
      f.localGet(ap).simd(SimdOp.v128Load32Splat, A4, (u * mr + r) * 4).localSet(av);
      for (let v = 0; v < nv; v++) {
        const c = acc[r * nv + v]!;
        if (fma) f.localGet(av).localGet(bv[v]!).localGet(c).simd(SimdOp.f32x4RelaxedMadd).localSet(c);
        else f.localGet(c).localGet(av).localGet(bv[v]!).simd(SimdOp.f32x4Mul).simd(SimdOp.f32x4Add).localSet(c);
      }
    }
  };
  const log2u = Math.log2(unroll);

  f.localGet(pb).localSet(bPanel).localGet(pc).localSet(cCol).localGet(nc).localSet(jr);
  f.loop(); // over the NR-column panels of B
  f.localGet(pa).localSet(aPanel).localGet(cCol).localSet(cp).localGet(mc).localSet(ir);
  f.loop(); // over the MR-row panels of A
  for (const c of acc) f.v128Zero().localSet(c);
  f.localGet(aPanel).localSet(ap).localGet(bPanel).localSet(bp);
  if (unroll > 1) {
    // kc % unroll single steps first.
    f.block().localGet(kc).i32Const(unroll - 1).op(Op.i32And).localTee(k).op(Op.i32Eqz).brIf(0);
    f.loop();
    step(0);
    f.addTo(ap, mr * 4).addTo(bp, nr * 4).addTo(k, -1).localGet(k).brIf(0);
    f.end().end();
  }
  f.block().localGet(kc).i32Const(log2u).op(Op.i32ShrU).localTee(k).op(Op.i32Eqz).brIf(0);
  f.loop();
  for (let u = 0; u < unroll; u++) step(u);
  f.addTo(ap, mr * 4 * unroll).addTo(bp, nr * 4 * unroll).addTo(k, -1).localGet(k).brIf(0);
  f.end().end();
  // C tile = accumulators on the first k block (`overwrite`), C tile += accumulators after.
  f.localGet(cp).localSet(crow);
  f.localGet(overwrite).if();
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) f.localGet(crow).localGet(acc[r * nv + v]!).simd(SimdOp.v128Store, A16, 16 * v);
    if (r < mr - 1) f.localGet(crow).localGet(ldc).op(Op.i32Add).localSet(crow);
  }
  f.else();
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++) {
      f.localGet(crow).localGet(crow).simd(SimdOp.v128Load, A16, 16 * v).localGet(acc[r * nv + v]!)
        .simd(SimdOp.f32x4Add).simd(SimdOp.v128Store, A16, 16 * v);
    }
    if (r < mr - 1) f.localGet(crow).localGet(ldc).op(Op.i32Add).localSet(crow);
  }
  f.end();
  f.localGet(aPanel).localGet(aps).op(Op.i32Add).localSet(aPanel);
  f.localGet(cp).localGet(ldc).i32Const(mr).op(Op.i32Mul).op(Op.i32Add).localSet(cp);
  f.addTo(ir, -mr).localGet(ir).brIf(0);
  f.end();
  f.localGet(bPanel).localGet(bps).op(Op.i32Add).localSet(bPanel);
  f.addTo(cCol, nr * 4).addTo(jr, -nr).localGet(jr).brIf(0);
  f.end();
  return f;
}

/** Emits `(local a + local b) * 4 + base`: an element offset pair to a byte address. */
function address(f: FuncBuilder, base: number, x: number, y: number): void {
  f.localGet(x).localGet(y).op(Op.i32Add).i32Const(2).op(Op.i32Shl).localGet(base).op(Op.i32Add);
}

/**
 * `gatherA(src, rowTab, colTab, np, kc, dst, ps)`: packs `np` whole MR-row panels of A, element
 * (i, k) at byte `src + 4*(rowTab[i] + colTab[k])` (tables of i32 element offsets, pointing at
 * the block's first row and column), panel p's step k to `dst + p*ps + k*MR*4`. A panel whose MR
 * rows are adjacent in memory (a column-major A) is copied one f32x4 per k.
 */
function buildGatherA(mr: number): FuncBuilder {
  const f = new FuncBuilder([I, I, I, I, I, I, I]);
  const [src, rowTab, colTab, np, kc, dst, ps] = [0, 1, 2, 3, 4, 5, 6];
  const d = f.local(I), ct = f.local(I), k = f.local(I), c = f.local(I);
  const ra: number[] = [];
  for (let r = 0; r < mr; r++) ra.push(f.local(I));
  f.loop(); // panels
  for (let r = 0; r < mr; r++) f.localGet(rowTab).mem(Op.i32Load, A4, 4 * r).localSet(ra[r]!);
  f.localGet(dst).localSet(d).localGet(colTab).localSet(ct).localGet(kc).localSet(k);
  // Adjacent rows? (With four rows, one f32x4 per k.)
  if (mr === 4) {
    for (let r = 1; r < mr; r++) {
      f.localGet(ra[r]!).localGet(ra[0]!).i32Const(r).op(Op.i32Add).op(Op.i32Eq);
      if (r > 1) f.op(Op.i32And);
    }
  } else {
    f.i32Const(0);
  }
  f.if();
  f.loop();
  f.localGet(d).localGet(ct).mem(Op.i32Load, A4).localSet(c);
  address(f, src, ra[0]!, c);
  f.simd(SimdOp.v128Load, A4).simd(SimdOp.v128Store, A4);
  f.addTo(d, mr * 4).addTo(ct, 4).addTo(k, -1).localGet(k).brIf(0);
  f.end();
  f.else();
  f.loop();
  f.localGet(ct).mem(Op.i32Load, A4).localSet(c);
  for (let r = 0; r < mr; r++) {
    f.localGet(d);
    address(f, src, ra[r]!, c);
    f.mem(Op.f32Load, A4).mem(Op.f32Store, A4, 4 * r);
  }
  f.addTo(d, mr * 4).addTo(ct, 4).addTo(k, -1).localGet(k).brIf(0);
  f.end();
  f.end();
  f.addTo(rowTab, mr * 4).localGet(dst).localGet(ps).op(Op.i32Add).localSet(dst);
  f.addTo(np, -1).localGet(np).brIf(0);
  f.end();
  return f;
}

/**
 * `gatherB(src, rowTab, colTab, np, kc, dst, ps)`: packs `np` whole NR-column panels of B,
 * element (k, j) at byte `src + 4*(rowTab[k] + colTab[j])`, panel p's step k to
 * `dst + p*ps + k*NR*4`. Each group of four columns adjacent in memory (a row-major B, or outputs
 * along an image row of a stride-1 convolution) is copied as one f32x4; the k loop comes in one
 * variant per combination of such groups.
 */
function buildGatherB(nv: number): FuncBuilder {
  const nr = 4 * nv;
  const f = new FuncBuilder([I, I, I, I, I, I, I]);
  const [src, rowTab, colTab, np, kc, dst, ps] = [0, 1, 2, 3, 4, 5, 6];
  const d = f.local(I), rt = f.local(I), k = f.local(I), row = f.local(I), mask = f.local(I);
  const cb: number[] = [];
  for (let c = 0; c < nr; c++) cb.push(f.local(I));
  /** The k loop for the groups in `m` (bit v: group v is contiguous). */
  const kLoop = (m: number): void => {
    f.loop();
    f.localGet(rt).mem(Op.i32Load, A4).localSet(row);
    for (let v = 0; v < nv; v++) {
      if (m & (1 << v)) {
        f.localGet(d);
        address(f, src, row, cb[4 * v]!);
        f.simd(SimdOp.v128Load, A4).simd(SimdOp.v128Store, A4, 16 * v);
      } else {
        for (let c = 4 * v; c < 4 * v + 4; c++) {
          f.localGet(d);
          address(f, src, row, cb[c]!);
          f.mem(Op.f32Load, A4).mem(Op.f32Store, A4, 4 * c);
        }
      }
    }
    f.addTo(d, nr * 4).addTo(rt, 4).addTo(k, -1).localGet(k).brIf(0);
    f.end();
  };
  f.loop(); // panels
  for (let c = 0; c < nr; c++) f.localGet(colTab).mem(Op.i32Load, A4, 4 * c).localSet(cb[c]!);
  f.localGet(dst).localSet(d).localGet(rowTab).localSet(rt).localGet(kc).localSet(k);
  // mask = sum over groups v of (group v contiguous) << v
  f.i32Const(0);
  for (let v = 0; v < nv; v++) {
    for (let t = 1; t < 4; t++) {
      f.localGet(cb[4 * v + t]!).localGet(cb[4 * v]!).i32Const(t).op(Op.i32Add).op(Op.i32Eq);
      if (t > 1) f.op(Op.i32And);
    }
    f.i32Const(v).op(Op.i32Shl).op(Op.i32Add);
  }
  f.localSet(mask);
  const variants = 1 << nv;
  for (let m = variants - 1; m > 0; m--) {
    f.localGet(mask).i32Const(m).op(Op.i32Eq).if();
    kLoop(m);
    f.else();
  }
  kLoop(0);
  for (let m = variants - 1; m > 0; m--) f.end();
  f.addTo(colTab, nr * 4).localGet(dst).localGet(ps).op(Op.i32Add).localSet(dst);
  f.addTo(np, -1).localGet(np).brIf(0);
  f.end();
  return f;
}

/**
 * `gatherEdge(src, lineTab, stepTab, lines, kc, dst, w)`: the last, partial panel of A (lines
 * are rows, steps columns, w = MR) or of B (lines are columns, steps rows, w = NR): element
 * (line l, step k) at byte `src + 4*(lineTab[l] + stepTab[k])` to `dst + (k*w + l)*4` for
 * l < lines; the caller has zeroed the panel.
 */
function buildGatherEdge(): FuncBuilder {
  const f = new FuncBuilder([I, I, I, I, I, I, I]);
  const [src, lineTab, stepTab, lines, kc, dst, w] = [0, 1, 2, 3, 4, 5, 6];
  const line = f.local(I), st = f.local(I), k = f.local(I), d = f.local(I), step = f.local(I);
  f.loop(); // lines
  f.localGet(lineTab).mem(Op.i32Load, A4).localSet(line);
  f.localGet(stepTab).localSet(st).localGet(kc).localSet(k).localGet(dst).localSet(d);
  f.loop();
  f.localGet(st).mem(Op.i32Load, A4).localSet(step);
  f.localGet(d);
  address(f, src, line, step);
  f.mem(Op.f32Load, A4).mem(Op.f32Store, A4);
  f.localGet(d).localGet(w).i32Const(2).op(Op.i32Shl).op(Op.i32Add).localSet(d);
  f.addTo(st, 4).addTo(k, -1).localGet(k).brIf(0);
  f.end();
  f.addTo(lineTab, 4).addTo(dst, 4).addTo(lines, -1).localGet(lines).brIf(0);
  f.end();
  return f;
}

/**
 * `scatterAdd(c, ldc, rows, runs, nruns, rowTab, colTab, dst)`: for each row i of the C block
 * at `c` (row stride `ldc` bytes) and each column j, `dst[rowTab[i] + colTab[j]] += C[i][j]`
 * (element offsets from byte address `dst`), in order, so that entries sharing a location all
 * add up (col2im). The columns come as `nruns` runs at `runs` (i32 pairs: first column, length)
 * whose locations are consecutive, added four at a time as f32x4.
 */
function buildScatterAdd(): FuncBuilder {
  const f = new FuncBuilder([I, I, I, I, I, I, I, I]);
  const [c, ldc, rows, runs, nruns, rowTab, colTab, dst] = [0, 1, 2, 3, 4, 5, 6, 7];
  const row = f.local(I), rp = f.local(I), r = f.local(I), j = f.local(I), len = f.local(I), addr = f.local(I);
  const cp = f.local(I);
  f.loop(); // rows
  f.localGet(rowTab).mem(Op.i32Load, A4).localSet(row);
  f.localGet(runs).localSet(rp).localGet(nruns).localSet(r);
  f.block().localGet(r).op(Op.i32Eqz).brIf(0);
  f.loop(); // runs
  f.localGet(rp).mem(Op.i32Load, A4).localSet(j).localGet(rp).mem(Op.i32Load, A4, 4).localSet(len);
  f.localGet(colTab).localGet(j).i32Const(2).op(Op.i32Shl).op(Op.i32Add).mem(Op.i32Load, A4).localSet(addr);
  address(f, dst, row, addr);
  f.localSet(addr);
  f.localGet(c).localGet(j).i32Const(2).op(Op.i32Shl).op(Op.i32Add).localSet(cp);
  // Four at a time, then one by one.
  f.block().localGet(len).i32Const(4).op(Op.i32LtS).brIf(0);
  f.loop();
  f.localGet(addr).localGet(addr).simd(SimdOp.v128Load, A4).localGet(cp).simd(SimdOp.v128Load, A4)
    .simd(SimdOp.f32x4Add).simd(SimdOp.v128Store, A4);
  f.addTo(addr, 16).addTo(cp, 16).addTo(len, -4).localGet(len).i32Const(4).op(Op.i32GeS).brIf(0);
  f.end().end();
  f.block().localGet(len).op(Op.i32Eqz).brIf(0);
  f.loop();
  f.localGet(addr).localGet(addr).mem(Op.f32Load, A4).localGet(cp).mem(Op.f32Load, A4).op(Op.f32Add)
    .mem(Op.f32Store, A4);
  f.addTo(addr, 4).addTo(cp, 4).addTo(len, -1).localGet(len).brIf(0);
  f.end().end();
  f.addTo(rp, 8).addTo(r, -1).localGet(r).brIf(0);
  f.end().end();
  f.localGet(c).localGet(ldc).op(Op.i32Add).localSet(c).addTo(rowTab, 4);
  f.addTo(rows, -1).localGet(rows).brIf(0);
  f.end();
  return f;
}

/** The shape of the generated kernels. */
export interface SgemmModuleOptions {
  /** Rows of the register tile (default {@link MR}). */
  mr?: number;
  /** f32x4 vectors per tile row: the tile has 4*nv columns (default {@link NV}). */
  nv?: number;
  /** Unrolling of the micro-kernel's k loop, a power of two (default 1). */
  unroll?: number;
  /**
   * Multiply-add with relaxed SIMD's `f32x4.relaxed_madd` (fused where the CPU has FMA) instead
   * of `f32x4.mul` + `f32x4.add`; such a module validates only where relaxed SIMD is enabled.
   */
  fma?: boolean;
}

/**
 * The bytes of the GEMM module.
 *
 * @example
 * const module = new WebAssembly.Module(buildSgemmModule());
 * const withFma = buildSgemmModule({ fma: true, mr: 6 }); // where WebAssembly.validate(withFma)
 */
export function buildSgemmModule(options: SgemmModuleOptions = {}): Uint8Array<ArrayBuffer> {
  const { mr = MR, nv = NV, unroll = 1, fma = false } = options;
  return encodeModule([
    { name: 'macro', func: buildMacro(mr, nv, unroll, fma) },
    { name: 'gatherA', func: buildGatherA(mr) },
    { name: 'gatherB', func: buildGatherB(nv) },
    { name: 'gatherEdge', func: buildGatherEdge() },
    { name: 'scatterAdd', func: buildScatterAdd() },
  ], { initial: 1 });
}
