/**
 * Indexing: `x.index(...)` (PyTorch's `x[...]`) and `x.indexPut_(indices, value)`
 * (`x[...] = value`), with PyTorch's rules for numbers, `'a:b:c'` slices, `'...'`, `null`
 * (new axis), booleans, and advanced indexing by integer and boolean tensors.
 *
 * Basic indices (numbers, slices, `null`, `'...'`) give views through the recorded view ops
 * (`select`, `slice`, `unsqueeze` for new axes; `alias` when nothing changes), as PyTorch's
 * `SelectBackward0`/`SliceBackward0`/...; advanced indices are then applied to that view.
 *
 * Ops recorded for autograd (op name: args):
 * - `'alias'` (`x.index()` / `x.index('...')` that changes nothing; the output is a view of
 *   the input): `{ inputShape: number[] }`. Derivative: the identity.
 * - `'index'` (advanced indexing, out of place; input = the view left by the basic indices):
 *   `{ inputShape: number[], indices: (Tensor | null)[] }`. `indices` is PyTorch's
 *   `index(Tensor?[] indices)` form over the input's leading dims: int64 tensors already
 *   broadcast to one shape with negative values wrapped, boolean masks already turned into
 *   int64 tensors, `null` for a dim taken whole. Derivative: `zeros(inputShape, dtype)
 *   .indexPut_(indices.map((t) => t ?? ':'), grad, true)`.
 * - `'indexPut'` (in place, through `runInplace`; inputs = [self snapshot, values tensor or
 *   null]): `{ indices: IndexItem[], accumulate: boolean, valueShape: number[] | null }`.
 *   `indices` is the user's index with nested arrays turned into tensors; it can be passed
 *   back to `index(...)` and `indexPut_`. Derivatives: self gets `accumulate ? grad :
 *   grad.indexPut(indices, 0)`; values get `grad.index(...indices)` summed to `valueShape`.
 * @module
 */
import { bool, int64, uint8 } from '../dtype.js';
import type { Device } from '../device.js';
import { IndexError, RuntimeError, ValueError } from '../errors.js';
import { noGrad, shouldRecord } from '../grad-mode.js';
import type { View } from '../backend.js';
import { broadcastShapes, broadcastStrides, contiguousStrides, numelOf, shapeStr, viewStrides } from '../shape.js';
import { Tensor, type NestedArray } from '../tensor.js';
import { fromHost, tensor as makeTensor } from './creation.js';
import {
  commonDevice, emptyTensor, installMethods, record, scalarTypeName, toStored,
} from './helpers.js';
import { runInplace } from './inplace.js';
import { selectFn, sliceDim, unsqueezeFn } from './views.js';

/**
 * One index of `x.index(...)`: a number (select), a slice string (`':'`, `'1:'`, `':-1'`,
 * `'::2'`, `'1:5:2'`), `'...'` (ellipsis), `null` (new axis), a boolean, an int64 or bool
 * tensor, or a nested array of numbers (int64 index) or booleans (mask).
 */
export type IndexItem = number | boolean | string | null | Tensor | NestedArray<number | boolean>[];

/** Options of `indexPut_`/`indexPut`. */
export interface IndexPutOptions {
  /** Add the values (duplicates summed) instead of writing them. */
  accumulate?: boolean;
}

type Parsed =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'ellipsis' }
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  | { kind: 'tensor'; t: Tensor; owned?: boolean };

const validIndices =
  'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices';

const sliceRe = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;

function parseSlice(s: string): Parsed {
  if (s.trim() === '...') return { kind: 'ellipsis' };
  const m = sliceRe.exec(s);
  if (!m) throw new IndexError(`${validIndices} (got the string '${s}')`);
  const num = (v: string | undefined): number | null => (v === undefined ? null : Number(v));
  return { kind: 'slice', start: num(m[1]), stop: num(m[2]), step: num(m[3]) };
}

/** Turns a nested JS array index into a tensor (int64 for numbers, bool for booleans). */
function arrayIndex(a: NestedArray<number | boolean>[], device: Device): Tensor {
  let probe: unknown = a;
  const shape: number[] = [];
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  // An empty list indexes nothing: PyTorch makes it an int64 index.
  if (numelOf(shape) === 0) return emptyTensor(shape, int64, device);
  const t = makeTensor(a as NestedArray, { device });
  if (t.dtype.isFloatingPoint) {
    throw new IndexError('tensors used as indices must be long, byte or bool tensors');
  }
  return t;
}

function parseItem(item: IndexItem, device: Device): Parsed {
  if (item === null) return { kind: 'none' };
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw new IndexError(`${validIndices} (got float)`);
    return { kind: 'int', value: item };
  }
  if (typeof item === 'boolean') return { kind: 'bool', value: item };
  if (typeof item === 'string') return parseSlice(item);
  if (item instanceof Tensor) {
    const d = item.dtype;
    if (item.dim() === 0 && !d.isFloatingPoint) {
      // PyTorch: a 0-d integer tensor selects, a 0-d bool/uint8 one acts as a Python bool.
      const v = item.item();
      if (d === bool || d === uint8) return { kind: 'bool', value: v !== 0 && v !== false };
      return { kind: 'int', value: v as number };
    }
    if (d !== int64 && d !== bool && d !== uint8) {
      throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    }
    return { kind: 'tensor', t: item };
  }
  // A tensor made here from a JS array is released once read.
  if (Array.isArray(item)) return { kind: 'tensor', t: arrayIndex(item, device), owned: true };
  throw new IndexError(`${validIndices} (got ${typeof item})`);
}

/** Python's slice bounds on a dim of `size` (step > 0), as PyTorch's `applySlice`. */
function sliceBounds(size: number, start: number | null, stop: number | null, step: number): [number, number] {
  let s = start ?? 0, e = stop ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  return [s, e];
}

/** An index tensor before expansion: int64 values or a mask, as host arrays. */
interface HostIndex {
  mask: boolean;
  shape: number[];
  data: ArrayLike<number>;
}

/** What the basic indices leave: the view and the tensor indices over its dims (PyTorch's `outIndices`). */
interface Sliced {
  view: Tensor;
  indices: (HostIndex | null)[];
  touched: boolean;
}

/**
 * PyTorch's `applySlicing`: basic indices as view ops, tensor indices recorded per dim.
 * With `transient`, intermediate views (not x, not the result) are released at once: nothing
 * (autograd included) holds them.
 */
function applySlicing(x: Tensor, items: readonly IndexItem[], transient: boolean): Sliced {
  const parsed = items.map((it) => parseItem(it, x.device));
  const ndim = x.dim();
  if (parsed.length === 1 && parsed[0]!.kind === 'int' && ndim === 0) {
    throw new IndexError(
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
    );
  }
  let specified = 0;
  for (const p of parsed) {
    if (p.kind === 'int' || p.kind === 'slice') specified++;
    else if (p.kind === 'tensor') specified += p.t.dtype === int64 ? 1 : p.t.dim();
  }
  if (specified > ndim) throw new IndexError(`too many indices for tensor of dimension ${ndim}`);

  let result = x;
  const step = (next: Tensor): void => {
    if (transient && result !== x) result.dispose();
    result = next;
  };
  let dim = 0;
  let realDim = 0;
  let touched = false;
  const indices: (HostIndex | null)[] = [];
  const recordIndex = (h: HostIndex): void => {
    while (indices.length < dim) indices.push(null);
    indices[dim] = h;
    dim++;
  };
  for (const p of parsed) {
    switch (p.kind) {
      case 'int': {
        const size = result._shape[dim] ?? 0;
        if (p.value < -size || p.value >= size) {
          throw new IndexError(`index ${p.value} is out of bounds for dimension ${realDim} with size ${size}`);
        }
        step(selectFn(result, dim, p.value));
        touched = true;
        realDim++;
        break;
      }
      case 'slice': {
        const sliceStep = p.step ?? 1;
        if (sliceStep === 0) throw new ValueError('slice step cannot be zero');
        if (sliceStep < 0) throw new ValueError('step must be greater than zero');
        const [s, e] = sliceBounds(result._shape[dim]!, p.start, p.stop, sliceStep);
        step(sliceDim(result, dim, s, e, sliceStep));
        touched = true;
        dim++;
        realDim++;
        break;
      }
      case 'ellipsis':
        dim += ndim - specified;
        realDim += ndim - specified;
        break;
      case 'none':
        step(unsqueezeFn(result, dim));
        touched = true;
        dim++;
        break;
      case 'bool':
        step(unsqueezeFn(result, dim));
        touched = true;
        recordIndex({ mask: false, shape: [p.value ? 1 : 0], data: p.value ? [0] : [] });
        break;
      case 'tensor':
        recordIndex({ mask: p.t.dtype !== int64, shape: [...p.t._shape], data: p.t._read() });
        if (p.owned) p.t.dispose();
        realDim++;
        break;
    }
  }
  return { view: result, indices, touched };
}

/** Advanced indexing of `view` by `indices` (one entry per leading dim, null = whole dim). */
interface AdvancedPlan {
  /** Dims of the view that are indexed, in order. */
  dims: number[];
  /** Sizes of those dims. */
  sizes: number[];
  /** The broadcast shape of the index tensors. */
  bshape: number[];
  /** Linear index into the indexed dims (row-major over `sizes`), per element of `bshape`. */
  linear: Float64Array;
  /** The wrapped, broadcast index of each indexed dim (for autograd), or null when not needed. */
  perDim: Float64Array[] | null;
  /** Whether the indexed dims are adjacent (the result keeps them in place) or not (first). */
  adjacent: boolean;
  /** The result's shape. */
  resultShape: number[];
}

/** PyTorch's `expandTensors`: masks become one int64 index per mask dim (their nonzeros). */
function expandMasks(viewShape: readonly number[], indices: readonly (HostIndex | null)[]): ({ shape: number[]; data: ArrayLike<number> } | null)[] {
  const out: ({ shape: number[]; data: ArrayLike<number> } | null)[] = [];
  for (const h of indices) {
    if (!h || !h.mask) {
      out.push(h);
      continue;
    }
    const pos = out.length;
    const k = h.shape.length;
    for (let j = 0; j < k; j++) {
      if (h.shape[j] !== viewShape[pos + j]) {
        throw new IndexError(
          `The shape of the mask ${shapeStr(h.shape)} at index ${j} does not match the shape of the indexed tensor ${shapeStr(viewShape)} at index ${pos + j}`,
        );
      }
    }
    // nonzero(mask), row-major.
    const coords: number[][] = Array.from({ length: k }, () => []);
    const strides = contiguousStrides(h.shape);
    for (let i = 0; i < h.data.length; i++) {
      if (h.data[i] === 0) continue;
      let rem = i;
      for (let j = 0; j < k; j++) {
        coords[j]!.push(Math.floor(rem / strides[j]!));
        rem %= strides[j]!;
      }
    }
    for (let j = 0; j < k; j++) out.push({ shape: [coords[j]!.length], data: coords[j]! });
  }
  return out;
}

function planAdvanced(view: Tensor, hostIndices: readonly (HostIndex | null)[], keepPerDim: boolean): AdvancedPlan {
  const shape = view._shape;
  const expanded = expandMasks(shape, hostIndices);
  const dims: number[] = [];
  const idx: { shape: number[]; data: ArrayLike<number> }[] = [];
  expanded.forEach((e, d) => {
    if (e) {
      dims.push(d);
      idx.push(e);
    }
  });
  let bshape: number[];
  try {
    bshape = broadcastShapes(...idx.map((e) => e.shape));
  } catch {
    throw new IndexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${idx.map((e) => shapeStr(e.shape)).join(', ')}`,
    );
  }
  const sizes = dims.map((d) => shape[d]!);
  const n = numelOf(bshape);
  const k = dims.length;
  // Multipliers of the row-major linear index over the indexed dims.
  const mult = new Array<number>(k);
  let m = 1;
  for (let j = k - 1; j >= 0; j--) {
    mult[j] = m;
    m *= sizes[j]!;
  }
  const bstr = idx.map((e) => broadcastStrides(e.shape, contiguousStrides(e.shape), bshape));
  const linear = new Float64Array(n);
  const perDim = keepPerDim ? idx.map(() => new Float64Array(n)) : null;
  const counter = new Array<number>(bshape.length).fill(0);
  const offs = new Array<number>(k).fill(0);
  for (let p = 0; p < n; p++) {
    let lin = 0;
    for (let j = 0; j < k; j++) {
      const size = sizes[j]!;
      let v = idx[j]!.data[offs[j]!]!;
      if (v < -size || v >= size) {
        if (size === 0) throw new IndexError('index is out of bounds for dimension with size 0');
        throw new IndexError(`index ${v} is out of bounds for dimension ${j} with size ${size}`);
      }
      if (v < 0) v += size;
      lin += v * mult[j]!;
      if (perDim) perDim[j]![p] = v;
    }
    linear[p] = lin;
    // Advance the row-major counter over bshape and each index's offset.
    for (let d = bshape.length - 1; d >= 0; d--) {
      counter[d]!++;
      for (let j = 0; j < k; j++) offs[j]! += bstr[j]![d]!;
      if (counter[d]! < bshape[d]!) break;
      for (let j = 0; j < k; j++) offs[j]! -= bstr[j]![d]! * bshape[d]!;
      counter[d] = 0;
    }
  }
  let adjacent = true;
  for (let j = 1; j < k; j++) if (dims[j] !== dims[j - 1]! + 1) adjacent = false;
  const resultShape = adjacent
    ? [...shape.slice(0, dims[0]), ...bshape, ...shape.slice(dims[k - 1]! + 1)]
    : [...bshape, ...shape.filter((_, d) => !dims.includes(d))];
  return { dims, sizes, bshape, linear, perDim, adjacent, resultShape };
}

/**
 * The view's indexed dims merged into one: `{ view, dim }` where `view` has shape
 * `[pre..., A, post...]` (adjacent) or `[A, rest...]` (not adjacent). `view` reads and writes
 * the tensor itself when its strides allow it; otherwise `copy` holds a contiguous copy.
 */
function mergedView(v: Tensor, plan: AdvancedPlan): { view: View; dim: number; copy: Tensor | null; layout: View } {
  const { dims } = plan;
  const a = numelOf(plan.sizes);
  let order: number[];
  let dim: number;
  if (plan.adjacent) {
    order = v._shape.map((_, i) => i);
    dim = dims[0]!;
  } else {
    order = [...dims, ...v._shape.map((_, i) => i).filter((d) => !dims.includes(d))];
    dim = 0;
  }
  // The view permuted so that the indexed dims are consecutive.
  const layout: View = {
    buffer: v._storage.buffer,
    shape: order.map((d) => v._shape[d]!),
    strides: order.map((d) => v._strides[d]!),
    offset: v._offset,
  };
  const k = dims.length;
  const merged = [...layout.shape.slice(0, dim), a, ...layout.shape.slice(dim + k)];
  const strides = viewStrides(layout.shape, layout.strides, merged);
  if (strides) return { view: { ...layout, shape: merged, strides }, dim, copy: null, layout };
  const copy = emptyTensor(layout.shape, v.dtype, v.device);
  v._storage.backend.copy(layout, copy._view());
  return {
    view: { buffer: copy._storage.buffer, shape: merged, strides: contiguousStrides(merged), offset: 0 },
    dim,
    copy,
    layout,
  };
}

/** The shape `[pre..., N, post...]` of the result with its index dims merged. */
function flatResultShape(plan: AdvancedPlan, mergedShape: readonly number[], dim: number): number[] {
  const s = [...mergedShape];
  s[dim] = plan.linear.length;
  return s;
}

function gatherAdvanced(v: Tensor, plan: AdvancedPlan): Tensor {
  const out = emptyTensor(plan.resultShape, v.dtype, v.device);
  if (plan.linear.length === 0 || out.numel() === 0) return out;
  const { view, dim, copy } = mergedView(v, plan);
  const lin = fromHost(plan.linear, [plan.linear.length], int64, v.device);
  const flat = flatResultShape(plan, view.shape, dim);
  v._storage.backend.indexSelect(view, dim, lin._view(), {
    buffer: out._storage.buffer, shape: flat, strides: contiguousStrides(flat), offset: 0,
  });
  lin.dispose();
  copy?.dispose();
  return out;
}

/** Writes (or adds) `src` (a view of shape plan.resultShape) at the indexed places of `v`. */
function scatterAdvanced(v: Tensor, plan: AdvancedPlan, src: View, accumulate: boolean): void {
  const n = plan.linear.length;
  if (n === 0 || numelOf(plan.resultShape) === 0) return;
  const backend = v._storage.backend;
  const { view, dim, copy, layout } = mergedView(v, plan);
  const lin = fromHost(plan.linear, [n], int64, v.device);
  const flat = flatResultShape(plan, view.shape, dim);
  const indexStrides = flat.map((_, i) => (i === dim ? 1 : 0));
  const index: View = { buffer: lin._storage.buffer, shape: flat, strides: indexStrides, offset: 0 };
  // src has the result's shape; its index dims merge into one (a copy when strides do not allow).
  let srcCopy: Tensor | null = null;
  let srcStrides = viewStrides(src.shape, src.strides, flat);
  let srcView: View;
  if (srcStrides) srcView = { ...src, shape: flat, strides: srcStrides };
  else {
    srcCopy = emptyTensor(src.shape, v.dtype, v.device);
    backend.copy(src, srcCopy._view());
    srcStrides = contiguousStrides(flat);
    srcView = { buffer: srcCopy._storage.buffer, shape: flat, strides: srcStrides, offset: 0 };
  }
  if (accumulate) backend.scatterAdd(view, dim, index, srcView);
  else backend.scatter(view, dim, index, srcView);
  if (copy) backend.copy(copy._view(), layout);
  lin.dispose();
  copy?.dispose();
  srcCopy?.dispose();
}

/** `x[...items]`. */
function index(x: Tensor, items: readonly IndexItem[]): Tensor {
  x._checkAlive();
  // PyTorch's fast paths for a single None / Ellipsis.
  if (items.length === 1 && items[0] === null) return unsqueezeFn(x, 0);
  const recording = shouldRecord([x]);
  const { view, indices, touched } = applySlicing(x, items, !recording);
  if (indices.length === 0) {
    if (touched) return view;
    const out = x._viewAs([...x._shape], [...x._strides], x._offset);
    record('alias', [x], [out], { inputShape: [...x._shape] });
    return out;
  }
  const plan = planAdvanced(view, indices, recording);
  const out = gatherAdvanced(view, plan);
  if (!recording && view !== x) view.dispose();
  if (recording) {
    const perDim = plan.perDim!;
    const recorded: (Tensor | null)[] = [];
    let j = 0;
    for (let d = 0; d <= plan.dims[plan.dims.length - 1]!; d++) {
      if (plan.dims[j] === d) recorded.push(fromHost(perDim[j++]!, plan.bshape, int64, view.device));
      else recorded.push(null);
    }
    record('index', [view], [out], { inputShape: [...view._shape], indices: recorded });
  }
  return out;
}

/** Strips leading size-1 dims of a value beyond the target rank (PyTorch's `slicePrefix1sSize`). */
function stripLeadingOnes(shape: readonly number[], rank: number): number {
  let drop = 0;
  while (shape.length - drop > rank && shape[drop] === 1) drop++;
  return drop;
}

function normalizeItems(items: readonly IndexItem[], x: Tensor): IndexItem[] {
  return items.map((it) => (Array.isArray(it) ? arrayIndex(it, x.device) : it));
}

/** `x[...items] = value`, in place. */
function indexPutInplace(
  self: Tensor,
  items: readonly IndexItem[],
  value: Tensor | number | boolean,
  accumulate: boolean,
): Tensor {
  self._checkAlive();
  if (!Array.isArray(items)) {
    throw new TypeError('indexPut_(indices, values): indices must be an array of index items, e.g. [0, \':\']');
  }
  const valueT = value instanceof Tensor ? value : null;
  if (valueT) commonDevice('index_put_', self, valueT);
  // Autograd keeps the index (JS arrays turned into tensors); otherwise nothing needs to.
  const normalized = shouldRecord([self, valueT]) ? normalizeItems(items, self) : items;
  const temporaries: Tensor[] = [];
  try {
    return indexPutWith(self, normalized, value, valueT, accumulate, temporaries);
  } finally {
    for (const t of temporaries) t.dispose();
  }
}

/** The body of {@link indexPutInplace}; tensors it makes for its own use go to `temporaries`. */
function indexPutWith(
  self: Tensor,
  normalized: readonly IndexItem[],
  value: Tensor | number | boolean,
  valueT: Tensor | null,
  accumulate: boolean,
  temporaries: Tensor[],
): Tensor {
  // The basic indices give a view of self; nothing is recorded for it (indexPut is).
  const { view, indices } = noGrad(() => applySlicing(self, normalized, true));
  if (view !== self) temporaries.push(view);
  const backend = self._storage.backend;
  let mutate: () => void;
  if (indices.length === 0) {
    if (valueT) {
      const drop = stripLeadingOnes(valueT._shape, view.dim());
      let val = drop ? valueT._viewAs(valueT._shape.slice(drop), valueT._strides.slice(drop), valueT._offset) : valueT;
      if (val !== valueT) temporaries.push(val);
      noGrad(() => val.expand(view._shape)).dispose(); // PyTorch's expand errors for bad shapes
      if (accumulate) {
        mutate = () => {
          noGrad(() => view.add_(val));
        };
      } else {
        if (val._storage === self._storage) temporaries.push((val = noGrad(() => val.clone())));
        mutate = () => backend.copy(broadcastView(val, view._shape), view._view());
      }
    } else {
      const stored = toStored(value as number | boolean, self.dtype);
      mutate = accumulate
        ? () => {
            noGrad(() => view.add_(value as number));
          }
        : () => backend.fill(view._view(), stored);
    }
  } else {
    const plan = planAdvanced(view, indices, false);
    const rshape = plan.resultShape;
    let src: View;
    let keepAlive: Tensor;
    if (valueT) {
      if (valueT.dtype !== self.dtype) {
        throw new RuntimeError(
          `Index put requires the source and destination dtypes match, got ${scalarTypeName(self.dtype)} for the destination and ${scalarTypeName(valueT.dtype)} for the source.`,
        );
      }
      const drop = stripLeadingOnes(valueT._shape, rshape.length);
      const vshape = valueT._shape.slice(drop);
      let ok = vshape.length <= rshape.length;
      if (ok) {
        try {
          ok = broadcastShapes(vshape, rshape).join() === rshape.join();
        } catch {
          ok = false;
        }
      }
      if (!ok) {
        throw new RuntimeError(
          `shape mismatch: value tensor of shape ${shapeStr(valueT._shape)} cannot be broadcast to indexing result of shape ${shapeStr(rshape)}`,
        );
      }
      keepAlive = valueT._storage === self._storage ? noGrad(() => valueT.clone()) : valueT;
      if (keepAlive !== valueT) temporaries.push(keepAlive);
      src = {
        buffer: keepAlive._storage.buffer,
        shape: rshape,
        strides: broadcastStrides(vshape, keepAlive._strides.slice(drop), rshape),
        offset: keepAlive._offset,
      };
    } else {
      keepAlive = emptyTensor([], self.dtype, self.device);
      temporaries.push(keepAlive);
      backend.fill(keepAlive._view(), toStored(value as number | boolean, self.dtype));
      src = { buffer: keepAlive._storage.buffer, shape: rshape, strides: rshape.map(() => 0), offset: 0 };
    }
    mutate = () => scatterAdvanced(view, plan, src, accumulate);
  }
  return runInplace(
    'indexPut',
    self,
    [valueT],
    { indices: normalized, accumulate, valueShape: valueT ? [...valueT._shape] : null },
    mutate,
  );
}

function broadcastView(t: Tensor, shape: readonly number[]): View {
  return { buffer: t._storage.buffer, shape, strides: broadcastStrides(t._shape, t._strides, shape), offset: t._offset };
}

function accumulateArg(a: boolean | IndexPutOptions | undefined): boolean {
  if (typeof a === 'boolean') return a;
  return a?.accumulate ?? false;
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * PyTorch's `x[...]`: numbers select, `'a:b:c'` strings slice, `'...'` is the ellipsis,
     * `null` adds a dim, int64/bool tensors and nested arrays index (advanced indexing).
     * Basic indices return views sharing storage; advanced indexing copies.
     *
     * @example
     * ```ts
     * x.index(0);            // x[0]
     * x.index(':', 1);       // x[:, 1]
     * x.index('1:', '::2');  // x[1:, ::2]
     * x.index('...', null);  // x[..., None]
     * x.index([0, 2]);       // x[[0, 2]]
     * x.index(x.gt(0));      // x[x > 0]
     * ```
     */
    index(...indices: IndexItem[]): Tensor;
    /**
     * PyTorch's `x[indices] = value`, in place: `x.indexPut_([':', 1], 0)` is `x[:, 1] = 0`.
     * `accumulate` (or `{ accumulate: true }`) adds instead, summing duplicate indices.
     */
    indexPut_(indices: IndexItem[], value: Tensor | number | boolean, accumulate?: boolean | IndexPutOptions): Tensor;
    /** The out-of-place form of {@link Tensor.indexPut_}: a copy with `copy[indices] = value`. */
    indexPut(indices: IndexItem[], value: Tensor | number | boolean, accumulate?: boolean | IndexPutOptions): Tensor;
  }
}

installMethods({
  index(this: Tensor, ...indices: IndexItem[]) {
    return index(this, indices);
  },
  indexPut_(this: Tensor, indices: IndexItem[], value: Tensor | number | boolean, accumulate?: boolean | IndexPutOptions) {
    return indexPutInplace(this, indices, value, accumulateArg(accumulate));
  },
  indexPut(this: Tensor, indices: IndexItem[], value: Tensor | number | boolean, accumulate?: boolean | IndexPutOptions) {
    return indexPutFn(this, indices, value, accumulate);
  },
});

/**
 * `torch.index_put(x, indices, values, accumulate)`: a copy of `x` with `copy[indices] = values`.
 *
 * @example
 * ```ts
 * torch.indexPut(torch.zeros(3), [torch.tensor([0, 0, 2])], torch.tensor([1, 2, 3]), true);
 * // tensor([3., 0., 3.])
 * ```
 */
export function indexPutFn(
  x: Tensor,
  indices: IndexItem[],
  value: Tensor | number | boolean,
  accumulate?: boolean | IndexPutOptions,
): Tensor {
  return indexPutInplace(x.clone(), indices, value, accumulateArg(accumulate));
}
