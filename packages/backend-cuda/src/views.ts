/**
 * Packing of views for the addon: each view becomes
 * `[address, dtype code, ndim, offset, ...shape, ...strides]` in one reused Float64Array, so a
 * kernel call crosses into native code with one typed array and a few numbers.
 * @module
 */
import type { View } from '@torchts/core';
import { CudaBuffer } from './buffer.js';
import { RuntimeError } from '@torchts/core';

/** A reusable descriptor of the views of one call. */
export class ViewPacker {
  /** The packed views (only the first `length` entries are meaningful). */
  data = new Float64Array(1024);
  /** Entries used. */
  length = 0;
  /** The device of the views packed since the last reset (-1 before the first). */
  device = -1;

  constructor(private readonly dtypeCode: (view: View) => number) {}

  /** Starts a new call. */
  reset(): this {
    this.length = 0;
    this.device = -1;
    return this;
  }

  /** Appends a view; all views of one call must be on one device. */
  push(view: View): this {
    const buf = view.buffer;
    if (!(buf instanceof CudaBuffer)) {
      throw new RuntimeError(`the CUDA backend was given a buffer of another backend (${String(buf.dtype)} buffer)`);
    }
    if (buf.freed) throw new RuntimeError('the CUDA backend was given a buffer that was already freed');
    if (this.device < 0) this.device = buf.device;
    else if (buf.device !== this.device) {
      throw new RuntimeError(
        `Expected all tensors to be on the same device, but found at least two devices, cuda:${this.device} and cuda:${buf.device}!`,
      );
    }
    const nd = view.shape.length;
    const need = this.length + 4 + 2 * nd;
    if (need > this.data.length) {
      const bigger = new Float64Array(Math.max(need, this.data.length * 2));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    const d = this.data;
    let p = this.length;
    d[p++] = buf.address;
    d[p++] = this.dtypeCode(view);
    d[p++] = nd;
    d[p++] = view.offset;
    for (let i = 0; i < nd; i++) d[p++] = view.shape[i]!;
    for (let i = 0; i < nd; i++) d[p++] = view.strides[i]!;
    this.length = p;
    return this;
  }
}
