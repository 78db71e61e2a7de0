/**
 * The Tensor class: a strided view of a storage on a device, with autograd metadata.
 * Ops are installed on its prototype by the op families in `ops/`.
 * @module
 */
import type { View } from './backend.js';
import type { Device } from './device.js';
import { bool, type DType, type TypedArray } from './dtype.js';
import { RuntimeError } from './errors.js';
import { requireAutograd, type BackwardOptions } from './grad-mode.js';
import { finalizer, trackInScope } from './memory.js';
import { contiguousStrides, isContiguousLayout, normalizeDim, numelOf } from './shape.js';
import { Size } from './size.js';
import { Storage } from './storage.js';
import { backendFor } from './registry.js';
import { formatTensor } from './printing/format-tensor.js';

/** A node of the autograd graph, as `t.gradFn` exposes it (`grad_fn` in PyTorch). */
export interface GradFn {
  /** The node's name, e.g. `'AddBackward0'`. */
  name(): string;
  /** The nodes this one sends gradients to, with the output index of each (`next_functions`). */
  readonly nextFunctions: readonly (readonly [GradFn | null, number])[];
}

/** A gradient hook (`t.registerHook(fn)`): may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | void | undefined;

/** A shared in-place modification counter (`t._version`). */
export interface VersionCounter {
  /** Bumped by every in-place change to the storage. */
  value: number;
}

/** Nested arrays of numbers or booleans, as `tolist()` returns and `torch.tensor` takes. */
export type NestedArray<T = number | boolean> = T | NestedArray<T>[];

/**
 * A multi-dimensional array on a device, with PyTorch's semantics.
 *
 * @example
 * ```ts
 * const x = torch.rand(5, 3);
 * const y = x.add(1).mul(2);
 * console.log(y.shape, y.sum().item());
 * ```
 */
export class Tensor {
  /** @internal */ _storage: Storage;
  /** @internal */ _shape: number[];
  /** @internal */ _strides: number[];
  /** @internal */ _offset: number;
  /** @internal */ _version: VersionCounter;
  /** @internal The tensor this one is a view of (null when it owns its layout). */
  _base: Tensor | null;
  /** @internal */ _requiresGrad = false;
  /** @internal */ _sizeCache: Size | null = null;
  /** @internal */ _kept = false;
  /** @internal */ _disposed = false;
  /** The accumulated gradient of a leaf (or of a tensor that called `retainGrad()`). */
  grad: Tensor | null = null;
  /** The autograd node that produced this tensor (null for leaves). */
  gradFn: GradFn | null = null;
  /** @internal Which output of gradFn this tensor is. */
  _outputNr = 0;
  /** @internal */ _retainsGrad = false;
  /** @internal */ _hooks: GradHook[] | null = null;
  /** @internal Private autograd state (accumulator node, view info). */
  _autograd: unknown = null;

  /** @internal Use the factory functions (`torch.tensor`, `torch.zeros`, ...). */
  constructor(
    storage: Storage,
    shape: number[],
    strides: number[],
    offset: number,
    version?: VersionCounter,
    base?: Tensor | null,
  ) {
    this._storage = storage;
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this._version = version ?? { value: 0 };
    this._base = base ?? null;
    storage.retain();
    finalizer.register(this, storage, this);
    trackInScope(this);
  }

  /** @internal Allocates an uninitialised contiguous tensor. */
  static _empty(shape: readonly number[], dtype: DType, device: Device): Tensor {
    const backend = backendFor(device);
    if (!backend.supportsDtype(dtype)) {
      throw new RuntimeError(`${dtype} is not supported on device '${device}'`);
    }
    const buffer = backend.alloc(dtype, numelOf(shape), device.index);
    const storage = new Storage(backend, buffer, device, dtype);
    return new Tensor(storage, [...shape], contiguousStrides(shape), 0);
  }

  /** @internal A new tensor sharing this one's storage and version counter. */
  _viewAs(shape: number[], strides: number[], offset: number): Tensor {
    return new Tensor(this._storage, shape, strides, offset, this._version, this._base ?? this);
  }

  /** @internal The strided view kernels receive. */
  _view(): View {
    return { buffer: this._storage.buffer, shape: this._shape, strides: this._strides, offset: this._offset };
  }

  /** @internal */
  _checkAlive(): void {
    if (this._disposed) throw new RuntimeError('Tensor was disposed: it can no longer be used');
  }

  /** The element type (`torch.float32`, ...). */
  get dtype(): DType {
    return this._storage.dtype;
  }
  /** The device the tensor lives on. */
  get device(): Device {
    return this._storage.device;
  }
  /** The shape as a `torch.Size` (PyTorch's `x.shape`). */
  get shape(): Size {
    return (this._sizeCache ??= Size.fromShape(this._shape));
  }
  /** `x.size()` is the shape; `x.size(dim)` the size of one dim (negative dims count from the end). */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    if (dim === undefined) return this.shape;
    return this._shape[normalizeDim(dim, this._shape.length)] ?? 1;
  }
  /** Number of dimensions (`x.dim()`). */
  dim(): number {
    return this._shape.length;
  }
  /** Number of dimensions (`x.ndim`). */
  get ndim(): number {
    return this._shape.length;
  }
  /** Number of elements (`x.numel()`). */
  numel(): number {
    return numelOf(this._shape);
  }
  /** Strides in elements (`x.stride()`), or one dim's stride. */
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return [...this._strides];
    return this._strides[normalizeDim(dim, this._shape.length)] ?? 1;
  }
  /** Offset of the first element in the storage, in elements. */
  storageOffset(): number {
    return this._offset;
  }
  /** Whether elements are laid out row-major without gaps. */
  isContiguous(): boolean {
    return isContiguousLayout(this._shape, this._strides);
  }
  /** Bytes per element (`x.element_size()`). */
  elementSize(): number {
    return this.dtype.itemsize;
  }
  /** Whether the dtype is a floating-point one. */
  isFloatingPoint(): boolean {
    return this.dtype.isFloatingPoint;
  }
  /** The in-place modification counter (`x._version`). */
  get version(): number {
    return this._version.value;
  }
  /** @internal Marks an in-place modification. */
  _bumpVersion(): void {
    this._version.value++;
  }

  // ---- autograd metadata ----

  /** Whether autograd records operations on this tensor. */
  get requiresGrad(): boolean {
    return this._requiresGrad;
  }
  /** Sets whether autograd records operations on this tensor (leaves only), as `requiresGrad_`. */
  set requiresGrad(value: boolean) {
    this.requiresGrad_(value);
  }
  /** Sets `requiresGrad` in place (leaves only) and returns this tensor. */
  requiresGrad_(value = true): this {
    if (this.gradFn) {
      if (!value) {
        throw new RuntimeError(
          "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
        );
      }
      return this;
    }
    if (value) {
      requireAutograd('requiresGrad: true');
      if (!this.dtype.isFloatingPoint) {
        throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
      }
    }
    this._requiresGrad = value;
    return this;
  }
  /** Whether this tensor is a leaf of the graph (created by the user, not by a recorded op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Makes a non-leaf keep its `.grad` after backward. */
  retainGrad(): void {
    if (!this._requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.gradFn) this._retainsGrad = true;
  }
  /** Whether `retainGrad()` was called (leaves always keep their grad). */
  get retainsGrad(): boolean {
    return this._retainsGrad;
  }
  /**
   * Registers a hook called with this tensor's gradient during backward; it may return a
   * replacement. Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: GradHook): {
    /** Unregisters the hook. */
    remove(): void;
  } {
    if (!this._requiresGrad) {
      throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    }
    (this._hooks ??= []).push(hook);
    return {
      remove: () => {
        const i = this._hooks?.indexOf(hook) ?? -1;
        if (i >= 0) this._hooks!.splice(i, 1);
      },
    };
  }
  /**
   * Computes gradients of this tensor with respect to the graph leaves
   * (`gradient` is needed unless this is a scalar).
   *
   * @example
   * ```ts
   * const x = torch.ones(2, 2, { requiresGrad: true });
   * x.add(2).pow(2).mul(3).mean().backward();
   * x.grad; // tensor([[4.5000, 4.5000], [4.5000, 4.5000]])
   * ```
   */
  backward(gradient?: Tensor | null, options: BackwardOptions = {}): void {
    requireAutograd('backward()').backward(this, gradient ?? null, options);
  }

  /** A new tensor sharing storage, cut from the graph (`x.detach()`). */
  detach(): Tensor {
    // Not a view in autograd's sense (PyTorch's detach() has no base), but it shares the version counter.
    return new Tensor(this._storage, [...this._shape], [...this._strides], this._offset, this._version, null);
  }
  /** Cuts this tensor from the graph in place. */
  detach_(): this {
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  /**
   * PyTorch's `.data`: a tensor sharing storage, not tracked by autograd, with its own
   * version counter (so in-place changes through it go unnoticed by autograd, as in PyTorch).
   * Assigning `x.data = y` makes x use y's storage and shape.
   */
  get data(): Tensor {
    return new Tensor(this._storage, [...this._shape], [...this._strides], this._offset);
  }
  /** Makes this tensor use `other`'s storage and shape (PyTorch's `x.data = y`), unseen by autograd. */
  set data(other: Tensor) {
    other._storage.retain();
    finalizer.unregister(this);
    this._storage.release();
    this._storage = other._storage;
    finalizer.register(this, this._storage, this);
    this._shape = [...other._shape];
    this._strides = [...other._strides];
    this._offset = other._offset;
    this._sizeCache = null;
  }

  // ---- reading values ----

  /** @internal Contiguous copy of the elements in the dtype's CPU array. */
  _read(): TypedArray {
    this._checkAlive();
    const backend = this._storage.backend;
    if (!backend.canReadSync) {
      throw new RuntimeError(
        `synchronous reads are not possible on device '${this.device}': use the async variant (itemAsync(), tolistAsync(), toTypedArrayAsync())`,
      );
    }
    return backend.read(this._view());
  }
  /** @internal */
  async _readAsync(): Promise<TypedArray> {
    this._checkAlive();
    return this._storage.backend.readAsync(this._view());
  }

  /** The single value of a one-element tensor as a JS number (boolean for bool). */
  item(): number | boolean {
    return itemFrom(this, this.numel() === 1 ? this._read() : null);
  }
  /** The async form of {@link item}; works on every backend. */
  async itemAsync(): Promise<number | boolean> {
    return itemFrom(this, this.numel() === 1 ? await this._readAsync() : null);
  }
  /** The elements as nested arrays (a number for a 0-d tensor), as `x.tolist()`. */
  tolist(): NestedArray {
    return nest(this._read(), this._shape, this.dtype === bool);
  }
  /** The async form of {@link tolist}. */
  async tolistAsync(): Promise<NestedArray> {
    return nest(await this._readAsync(), this._shape, this.dtype === bool);
  }
  /**
   * A copy of the elements in a TypedArray, row-major (Float32Array for float32, Float64Array
   * holding integers for int64, Uint8Array for bool, ...).
   */
  toTypedArray(): TypedArray {
    return this._read();
  }
  /** The async form of {@link toTypedArray}. */
  toTypedArrayAsync(): Promise<TypedArray> {
    return this._readAsync();
  }
  /**
   * The CPU storage itself, without copying (PyTorch's `.numpy()`): writes through it change
   * the tensor. Needs a contiguous tensor on the CPU.
   */
  asTypedArray(): TypedArray {
    this._checkAlive();
    const backend = this._storage.backend;
    if (!backend.storageOf) {
      throw new RuntimeError(
        `asTypedArray() needs a CPU tensor, but this one is on '${this.device}': use toTypedArray() or .to('cpu') first`,
      );
    }
    if (!this.isContiguous()) {
      throw new RuntimeError('asTypedArray() needs a contiguous tensor: call .contiguous() first');
    }
    const all = backend.storageOf(this._storage.buffer);
    return all.subarray(this._offset, this._offset + this.numel()) as TypedArray;
  }

  // ---- memory ----

  /** Releases this tensor's reference to its storage (device memory is freed with the last one). */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    finalizer.unregister(this);
    this._storage.release();
    this.grad?.dispose();
  }
  /** Whether {@link dispose} was called. */
  get isDisposed(): boolean {
    return this._disposed;
  }

  // ---- printing ----

  /** @internal The gradFn name shown when printing. */
  _printSuffix(): { requiresGrad: boolean; gradFnName: string | null } {
    return { requiresGrad: this._requiresGrad && !this.gradFn, gradFnName: this.gradFn?.name() ?? null };
  }
  /** @internal Whether this prints as `Parameter containing:`. */
  get _isParameter(): boolean {
    return false;
  }

  /** The tensor as PyTorch prints it: `tensor([[0.3380, 0.3845], ...])`. */
  toString(): string {
    if (this._disposed) return 'tensor(<disposed>)';
    let values: ArrayLike<number>;
    try {
      values = this._read();
    } catch {
      return `tensor(<on ${this.device}: print with await x.tolistAsync()>, size=(${this._shape.join(', ')}))`;
    }
    const { requiresGrad, gradFnName } = this._printSuffix();
    return formatTensor({
      shape: this._shape,
      dtype: this.dtype,
      values,
      device: this.device.toString(),
      requiresGrad,
      gradFnName,
      isParameter: this._isParameter,
    });
  }
  /** @internal `console.log(x)` prints what `print(x)` prints in PyTorch. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function itemFrom(t: Tensor, data: TypedArray | null): number | boolean {
  if (!data) {
    throw new RuntimeError(`a Tensor with ${t.numel()} elements cannot be converted to Scalar`);
  }
  const v = data[0]!;
  return t.dtype === bool ? v !== 0 : v;
}

function nest(data: TypedArray, shape: readonly number[], isBool: boolean): NestedArray {
  const conv = (v: number): number | boolean => (isBool ? v !== 0 : v);
  if (shape.length === 0) return conv(data[0]!);
  let pos = 0;
  const build = (d: number): NestedArray[] => {
    const n = shape[d]!;
    const out: NestedArray[] = new Array(n);
    if (d === shape.length - 1) for (let i = 0; i < n; i++) out[i] = conv(data[pos++]!);
    else for (let i = 0; i < n; i++) out[i] = build(d + 1);
    return out;
  };
  return build(0);
}

/** Whether a value is a Tensor. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

