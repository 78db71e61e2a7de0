/**
 * Strided addressing for kernels: dims are coalesced on the host (size-1 dims dropped, dims
 * ordered by the output's strides, neighbours that are contiguous in every operand merged), and
 * the WGSL side turns a linear index into each operand's element offset with the shape and
 * strides passed as uniforms.
 * @module
 */
import type { View } from '@torchts/core';
import type { WebGpuBuffer } from './buffer.js';
import type { Access, Bindings, GpuRuntime, KernelOperand } from './runtime.js';

/** Most coalesced dims a kernel addresses in one dispatch (more are looped over on the host). */
export const MAX_RANK = 6;

/** Number of elements of a shape. */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Whether a view is row-major without gaps (size-1 dims may have any stride). */
export function isContiguous(view: { shape: readonly number[]; strides: readonly number[] }): boolean {
  if (view.shape.includes(0)) return true;
  let expected = 1;
  for (let i = view.shape.length - 1; i >= 0; i--) {
    const n = view.shape[i]!;
    if (n === 1) continue;
    if (view.strides[i] !== expected) return false;
    expected *= n;
  }
  return true;
}

/** A shape and per-operand strides after coalescing; `shape` is [] for a single element. */
export interface Coalesced {
  readonly shape: number[];
  readonly strides: number[][];
}

/**
 * Coalesces `shape` for operands with `strides`: drops size-1 dims, orders the rest by
 * decreasing |stride| of operand `orderBy` (-1 keeps the order), merges dims contiguous in all.
 */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[], orderBy = -1): Coalesced {
  let dims: number[] = [];
  for (let d = 0; d < shape.length; d++) if (shape[d] !== 1) dims.push(d);
  if (orderBy >= 0 && dims.length > 1) {
    const ref = strides[orderBy]!;
    dims = dims.slice().sort((a, b) => Math.abs(ref[b]!) - Math.abs(ref[a]!) || a - b);
  }
  const cshape: number[] = [];
  const cstrides: number[][] = strides.map(() => []);
  for (let i = dims.length - 1; i >= 0; i--) {
    const d = dims[i]!;
    const size = shape[d]!;
    const last = cshape.length - 1;
    if (last >= 0 && strides.every((s, k) => s[d] === cstrides[k]![last]! * cshape[last]!)) {
      cshape[last] = cshape[last]! * size;
      continue;
    }
    cshape.push(size);
    strides.forEach((s, k) => cstrides[k]!.push(s[d]!));
  }
  cshape.reverse();
  for (const s of cstrides) s.reverse();
  return { shape: cshape, strides: cstrides };
}

/** An operand of an elementwise kernel: a view, and whether the kernel writes it. */
export interface EwOperand {
  readonly name: string;
  readonly view: View;
  readonly access: Access;
}

/** The uniform layout of elementwise kernels: where operand `k`'s offset and strides start. */
export function ewOperandBase(k: number): number {
  return 2 + MAX_RANK + k * (MAX_RANK + 1);
}

/** The first uniform word after the addressing of `count` operands (the kernel's own parameters). */
export function ewExtraBase(count: number): number {
  return ewOperandBase(count);
}

/**
 * WGSL that computes `o_<name>`, the element offset of each operand, for linear index `li`
 * (row-major over the coalesced shape), using the elementwise uniform layout.
 */
export function ewOffsets(names: readonly string[]): string {
  const decl = names.map((n, k) => `  var o_${n} = p(${ewOperandBase(k)});`).join('\n');
  const step = names.map((n, k) => `o_${n} += c * p(${ewOperandBase(k) + 1} + d);`).join(' ');
  return `${decl}
  var rem = li;
  for (var d = p(1) - 1; d >= 0; d = d - 1) {
    let s = p(2 + d);
    let c = rem % s;
    rem = rem / s;
    ${step}
  }`;
}

/** An elementwise kernel (see {@link elementwise}). */
export interface EwKernel {
  /** Identifies `body` and `helpers` (with the operands' dtypes, which the runtime adds). */
  readonly key: string;
  readonly shape: readonly number[];
  readonly operands: readonly EwOperand[];
  /** WGSL run once per element with `li` and `o_<name>` in scope (a function for atomics' names). */
  readonly body: string | ((b: Bindings) => string);
  /** Further uniform words, read in WGSL as `p(XP + i)` / `pf(XP + i)`. */
  readonly extra?: readonly number[];
  /** The operand whose strides decide the walk order (default: the last, the output). */
  readonly orderBy?: number;
  /** WGSL functions the body calls. */
  readonly helpers?: string;
  /** Whether the body may call `report(...)` for bad data. */
  readonly status?: boolean;
}

/**
 * Runs an elementwise kernel over `shape`: `body` runs once per element with `li` (the linear
 * index) and `o_<name>` (each operand's element offset), using `ld_<name>`/`st_<name>`. The walk
 * follows the strides of operand `orderBy`, so that writes to the output are coalesced.
 */
export function elementwise(rt: GpuRuntime, k: EwKernel): void {
  if (numelOf(k.shape) === 0) return;
  const c = coalesce(k.shape, k.operands.map((o) => o.view.strides), k.orderBy ?? k.operands.length - 1);
  dispatchCoalesced(rt, k, c.shape, c.strides, k.operands.map((o) => o.view.offset));
}

function dispatchCoalesced(rt: GpuRuntime, k: EwKernel, shape: number[], strides: number[][], offsets: number[]): void {
  if (shape.length > MAX_RANK) {
    // Loop over the outermost dim on the host.
    const [n0, ...rest] = shape;
    for (let i = 0; i < n0!; i++) {
      dispatchCoalesced(rt, k, rest, strides.map((s) => s.slice(1)), offsets.map((o, j) => o + i * strides[j]![0]!));
    }
    return;
  }
  const numel = numelOf(shape);
  const params: number[] = [numel, shape.length];
  for (let d = 0; d < MAX_RANK; d++) params.push(shape[d] ?? 1);
  k.operands.forEach((_, j) => {
    params.push(offsets[j]!);
    for (let d = 0; d < MAX_RANK; d++) params.push(strides[j]![d] ?? 0);
  });
  params.push(...(k.extra ?? []));
  const names = k.operands.map((o) => o.name);
  const xp = ewExtraBase(k.operands.length);
  const ops: KernelOperand[] = k.operands.map((o) => ({ name: o.name, buffer: o.view.buffer as WebGpuBuffer, access: o.access }));
  rt.run({
    key: `ew:${k.key}`,
    operands: ops,
    params,
    status: k.status,
    workgroups: Math.ceil(numel / rt.limits.workgroupSize),
    source: (b) => `const XP: i32 = ${xp};
${k.helpers ?? ''}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let li = wg_index(wid, nwg) * i32(WG) + i32(lid);
  if (li >= p(0)) { return; }
${ewOffsets(names)}
  ${typeof k.body === 'string' ? k.body : k.body(b)}
}`,
  });
}
