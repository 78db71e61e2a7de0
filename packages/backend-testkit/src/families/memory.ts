/**
 * Tests of alloc, write, read, readAsync, free, byteLength, synchronize, wrap and storageOf.
 * @module
 */
import type { Backend, DType, TypedArray, View } from '@torchts/core';
import { allDtypes } from '../cases/dtypes.js';
import { makeLayout, inputLayoutKinds } from '../cases/layouts.js';
import { randomStorage } from '../cases/data.js';
import { mismatches } from '../compare.js';
import { referenceBackend } from '../reference/backend.js';
import type { Registry } from '../registry.js';

function expectSame(what: string, dtype: DType, actual: TypedArray, expected: ArrayLike<number>): void {
  if (actual.constructor !== dtype.ArrayType) {
    throw new Error(`${what}: returned a ${actual.constructor.name}, expected ${dtype.ArrayType.name} for ${dtype.name}`);
  }
  const bad = mismatches(actual, expected, { dtype, tolerance: { rtol: 0, atol: 0 } });
  if (bad.length) {
    const shown = bad.slice(0, 8).map((i) => `[${i}] got ${actual[i]}, expected ${expected[i]}`).join(', ');
    throw new Error(`${what}: ${bad.length} of ${expected.length} elements differ: ${shown}`);
  }
}

async function readBoth(b: Backend, view: View): Promise<TypedArray> {
  const a = await b.readAsync(view);
  if (b.canReadSync) expectSame('read (sync) vs readAsync', view.buffer.dtype, b.read(view), a);
  return a;
}

/** Registers the memory round-trip tests. */
export function registerMemory(r: Registry): void {
  r.group('memory', (r) => {
    r.test('device', [], [], async ({ ctx }) => {
      const n = ctx.backend.deviceCount();
      if (!Number.isInteger(n) || n < 1) throw new Error(`deviceCount() is ${n}, expected at least 1`);
      if (ctx.deviceIndex >= n) throw new Error(`deviceIndex ${ctx.deviceIndex} but deviceCount() is ${n}`);
      await ctx.backend.synchronize(ctx.deviceIndex);
    });
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
        const b = ctx.backend, dev = ctx.deviceIndex;
        const n = rng.int(20, 60);
        const data = randomStorage(rng, dtype, n);
        const buf = b.alloc(dtype, n, dev);
        const empty = b.alloc(dtype, 0, dev);
        try {
          if (buf.dtype !== dtype) throw new Error(`alloc: buffer.dtype is ${String(buf.dtype)}`);
          if (buf.numel !== n) throw new Error(`alloc: buffer.numel is ${buf.numel}, expected ${n}`);
          const bytes = b.byteLength(buf);
          if (!Number.isInteger(bytes) || bytes < n) throw new Error(`byteLength is ${bytes} for ${n} elements`);
          const whole: View = { buffer: buf, shape: [n], strides: [1], offset: 0 };
          b.write(buf, data, 0);
          expectSame('write then readAsync', dtype, await readBoth(b, whole), data);

          // A partial write at an offset changes only its range.
          const part = randomStorage(rng, dtype, 7);
          b.write(buf, part, 5);
          const expected = data.slice();
          expected.set(part, 5);
          expectSame('write at offset 5', dtype, await readBoth(b, whole), expected);

          // Strided and broadcast views read row-major, as the reference reads them.
          const refBuf = referenceBackend.alloc(dtype, n, 0);
          referenceBackend.write(refBuf, expected, 0);
          for (const kind of inputLayoutKinds) {
            const layout = makeLayout(rng, [rng.int(1, 3), rng.int(0, 3), rng.int(1, 2)], kind);
            if (layout.storageSize > n) continue;
            const { shape, strides, offset } = layout;
            const want = referenceBackend.read({ buffer: refBuf, shape, strides, offset });
            expectSame(`read of a ${kind} view [${shape}] strides [${strides}] offset ${offset}`, dtype,
              await readBoth(b, { buffer: buf, shape, strides, offset }), want);
          }
          expectSame('read of a scalar view', dtype,
            await readBoth(b, { buffer: buf, shape: [], strides: [], offset: 3 }), [expected[3]]);
          expectSame('read of an empty buffer', dtype,
            await readBoth(b, { buffer: empty, shape: [0], strides: [1], offset: 0 }), []);

          if (b.wrap && b.storageOf) {
            const own = data.slice();
            const wrapped = b.wrap(dtype, own, dev);
            if (b.storageOf(wrapped) !== own) throw new Error('storageOf(wrap(data)) is not data itself');
            expectSame('read of a wrapped array', dtype,
              await readBoth(b, { buffer: wrapped, shape: [n], strides: [1], offset: 0 }), data);
            b.free(wrapped);
          }
        } finally {
          b.free(buf);
          b.free(empty);
        }
      });
    }
  });
}
