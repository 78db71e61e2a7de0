/**
 * Moving and converting tensors: `to(device, dtype)`, `float()`, `long()`, ..., `cpu()`,
 * and the in-place writers `copy_`, `fill_`, `zero_`.
 * @module
 */
import { device as toDevice, type DeviceLike, type Device } from '../device.js';
import { type DType, type DTypeLike, type TypedArray, toDType, bool, float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8 } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import { backendFor } from '../registry.js';
import { broadcastView, emptyTensor, installMethods, record, toStored, sameShape } from './helpers.js';
import { runInplace } from './inplace.js';

/** Options of `Tensor.to`. */
export interface ToOptions {
  /** Target device. */
  device?: DeviceLike;
  /** Target dtype. */
  dtype?: DTypeLike;
  /** Always return a new tensor, even when nothing changes. */
  copy?: boolean;
}

/** @internal Copies `x` to another device and/or dtype (recorded by autograd as `to`). */
export function moveTo(x: Tensor, dev: Device, dtype: DType, copy = false): Tensor {
  x._checkAlive();
  if (!copy && dev.equals(x.device) && dtype === x.dtype) return x;
  let out: Tensor;
  if (dev.equals(x.device)) {
    out = emptyTensor(x._shape, dtype, dev);
    x._storage.backend.copy(x._view(), out._view());
  } else {
    // Across backends: read on the source (contiguous), write on the target, cast there.
    if (!x._storage.backend.canReadSync) {
      throw new RuntimeError(
        `cannot copy a tensor from '${x.device}' to '${dev}' synchronously: reads on '${x.device}' are asynchronous; use await x.toAsync('${dev}')`,
      );
    }
    const src = readable(x, dev, dtype);
    out = land(src, src._storage.backend.read(src._view()), dev, dtype);
    if (src !== x) src.dispose();
  }
  record('to', [x], [out], { fromDtype: x.dtype, fromDevice: x.device });
  return out;
}

/** @internal The asynchronous form of {@link moveTo}: works from devices that cannot read synchronously. */
export async function moveToAsync(x: Tensor, dev: Device, dtype: DType, copy = false): Promise<Tensor> {
  x._checkAlive();
  if (dev.equals(x.device) || x._storage.backend.canReadSync) return moveTo(x, dev, dtype, copy);
  const src = readable(x, dev, dtype);
  const host = await src._storage.backend.readAsync(src._view());
  const out = land(src, host, dev, dtype);
  if (src !== x) src.dispose();
  record('to', [x], [out], { fromDtype: x.dtype, fromDevice: x.device });
  return out;
}

/** `x`, or `x` cast to `dtype` on its own device when the target device cannot store x's dtype. */
function readable(x: Tensor, dev: Device, dtype: DType): Tensor {
  if (dtype === x.dtype || backendFor(dev).supportsDtype(x.dtype)) return x;
  const t = emptyTensor(x._shape, dtype, x.device);
  x._storage.backend.copy(x._view(), t._view());
  return t;
}

/** Writes `host` (src's elements, row-major, in src's dtype) on `dev`, cast to `dtype` there. */
function land(src: Tensor, host: TypedArray, dev: Device, dtype: DType): Tensor {
  const target = backendFor(dev);
  const staged = emptyTensor(src._shape, src.dtype, dev);
  target.write(staged._storage.buffer, host, 0);
  if (dtype === src.dtype) return staged;
  const out = emptyTensor(src._shape, dtype, dev);
  target.copy(staged._view(), out._view());
  staged.dispose();
  return out;
}

function parseTo(x: Tensor, args: unknown[]): { dev: Device; dtype: DType; copy: boolean } {
  let dev = x.device, dtype = x.dtype, copy = false;
  for (const a of args) {
    if (a === undefined || a === null) continue;
    if (a instanceof Tensor) {
      dev = a.device;
      dtype = a.dtype;
    } else if (typeof a === 'string' && isDTypeName(a)) dtype = toDType(a as DTypeLike);
    else if (typeof a === 'string' || (typeof a === 'object' && 'type' in (a as object) && 'index' in (a as object))) {
      dev = toDevice(a as DeviceLike);
    } else if (typeof a === 'object' && 'itemsize' in (a as object)) dtype = a as DType;
    else if (typeof a === 'object') {
      const o = a as ToOptions;
      if (o.device !== undefined) dev = toDevice(o.device);
      if (o.dtype !== undefined) dtype = toDType(o.dtype);
      if (o.copy) copy = true;
    } else throw new TypeError(`to(): unexpected argument ${String(a)}`);
  }
  return { dev, dtype, copy };
}

function isDTypeName(s: string): boolean {
  try {
    toDType(s as DTypeLike);
    return true;
  } catch {
    return false;
  }
}

function copyInto(self: Tensor, src: Tensor): Tensor {
  const shape = broadcastShapes(self._shape, src._shape);
  if (!sameShape(shape, self._shape)) {
    throw new RuntimeError(
      `output with shape [${self._shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
    );
  }
  return runInplace('copy', self, [src], { srcDtype: src.dtype, srcDevice: src.device, srcShape: [...src._shape] }, () => {
    let from = src;
    if (!src.device.equals(self.device)) from = moveTo(src.detach(), self.device, src.dtype);
    self._storage.backend.copy(broadcastView(from, self._shape), self._view());
  });
}

function fill(self: Tensor, value: number | boolean | Tensor, op: 'fill' | 'zero' = 'fill'): Tensor {
  if (value instanceof Tensor) {
    if (value.dim() !== 0) {
      throw new RuntimeError(
        `fill_ only supports 0-dimension value tensor but got tensor with ${value.dim()} dimensions.`,
      );
    }
    return copyInto(self, value);
  }
  return runInplace(op, self, [], {}, () => {
    self._storage.backend.fill(self._view(), toStored(value, self.dtype));
  });
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Moves and/or converts: `x.to('cuda')`, `x.to(torch.float64)`, `x.to('cuda:1', torch.double)`,
     * `x.to(other)`, `x.to({ device, dtype, copy })`. Returns `x` when nothing changes.
     */
    to(...args: (DeviceLike | DType | DTypeLike | Tensor | ToOptions | undefined)[]): Tensor;
    /**
     * The asynchronous form of {@link Tensor.to}, which also works from devices that cannot read
     * synchronously (WebGPU): `await x.toAsync('cpu')`.
     */
    toAsync(...args: (DeviceLike | DType | DTypeLike | Tensor | ToOptions | undefined)[]): Promise<Tensor>;
    /** `x.to('cpu')`. */
    cpu(): Tensor;
    /** `x.to('cuda:N')`. */
    cuda(index?: number): Tensor;
    /** The legacy type name, as PyTorch's `x.type()`: `'torch.FloatTensor'`. */
    type(): string;
    /** Converts to `dtype` (`x.type(torch.float64)`). */
    type(dtype: DTypeLike): Tensor;
    /** Converts to float32. */
    float(): Tensor;
    /** Converts to float64. */
    double(): Tensor;
    /** Converts to float16. */
    half(): Tensor;
    /**
     * Converts to bfloat16 (`x.bfloat16()`).
     *
     * @example
     * ```ts
     * torch.tensor([0.1, 1.5]).bfloat16(); // tensor([0.1001, 1.5000], dtype=torch.bfloat16)
     * ```
     */
    bfloat16(): Tensor;
    /** Converts to int64. */
    long(): Tensor;
    /** Converts to int32. */
    int(): Tensor;
    /** Converts to int16. */
    short(): Tensor;
    /** Converts to int8. */
    char(): Tensor;
    /** Converts to uint8. */
    byte(): Tensor;
    /** Converts to bool. */
    bool(): Tensor;
    /** Copies `src` (broadcast, cast, from any device) into this tensor. */
    copy_(src: Tensor): Tensor;
    /** Sets every element to `value`. */
    fill_(value: number | boolean | Tensor): Tensor;
    /** Sets every element to 0. */
    zero_(): Tensor;
  }
}

const legacyNames: Record<string, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', bfloat16: 'BFloat16Tensor', int64: 'LongTensor',
  int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
};

installMethods({
  to(this: Tensor, ...args: unknown[]) {
    const { dev, dtype, copy } = parseTo(this, args);
    return moveTo(this, dev, dtype, copy);
  },
  toAsync(this: Tensor, ...args: unknown[]) {
    const { dev, dtype, copy } = parseTo(this, args);
    return moveToAsync(this, dev, dtype, copy);
  },
  cpu(this: Tensor) {
    return moveTo(this, toDevice('cpu'), this.dtype);
  },
  cuda(this: Tensor, index = 0) {
    return moveTo(this, toDevice('cuda', index), this.dtype);
  },
  type(this: Tensor, dtype?: DTypeLike) {
    if (dtype === undefined) {
      const prefix = this.device.type === 'cpu' ? 'torch.' : `torch.${this.device.type}.`;
      return prefix + legacyNames[this.dtype.name];
    }
    return moveTo(this, this.device, toDType(dtype));
  },
  float(this: Tensor) { return moveTo(this, this.device, float32); },
  double(this: Tensor) { return moveTo(this, this.device, float64); },
  half(this: Tensor) { return moveTo(this, this.device, float16); },
  bfloat16(this: Tensor) { return moveTo(this, this.device, bfloat16); },
  long(this: Tensor) { return moveTo(this, this.device, int64); },
  int(this: Tensor) { return moveTo(this, this.device, int32); },
  short(this: Tensor) { return moveTo(this, this.device, int16); },
  char(this: Tensor) { return moveTo(this, this.device, int8); },
  byte(this: Tensor) { return moveTo(this, this.device, uint8); },
  bool(this: Tensor) { return moveTo(this, this.device, bool); },
  copy_(this: Tensor, src: Tensor) { return copyInto(this, src); },
  fill_(this: Tensor, value: number | boolean | Tensor) { return fill(this, value); },
  zero_(this: Tensor) { return fill(this, 0, 'zero'); },
});
