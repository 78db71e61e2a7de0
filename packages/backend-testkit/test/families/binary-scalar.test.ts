// The binaryScalar cases against the reference backend (they pass) and against deliberately
// wrong kernels (each must be caught).
import { describe, expect, it } from 'vitest';
import { dtypes, type Backend, type BinaryOp, type View } from '@torchts/core';
import { binaryScalarCases } from '../../src/families/binary.js';
import { ReferenceBackend, referenceBackend } from '../../src/reference/backend.js';
import { runCase, type Case } from '../../src/harness.js';
import { Rng } from '../../src/cases/random.js';

const { float32, int64 } = dtypes;

/** The reference backend with `binaryScalar` replaced. */
function withBinaryScalar(fn: (b: ReferenceBackend, op: BinaryOp, a: View, s: number, first: boolean, out: View) => void): Backend {
  const b = new ReferenceBackend();
  return Object.assign(b, { binaryScalar: (op: BinaryOp, a: View, s: number, first: boolean, out: View) => fn(b, op, a, s, first, out) });
}

async function failures(backend: Backend, cases: Case[]): Promise<number> {
  let n = 0;
  const ctx = { backend, deviceIndex: 0, tolerance: () => ({ rtol: 1e-6, atol: 1e-6 }) };
  for (const c of cases) await runCase(ctx, c).catch(() => n++);
  return n;
}

describe('binaryScalar cases', () => {
  it('the reference passes them (sub, div, pow, gt in float32; remainder in int64)', async () => {
    for (const [op, dtype] of [['sub', float32], ['div', float32], ['pow', float32], ['gt', float32], ['remainder', int64]] as const) {
      expect(await failures(referenceBackend, binaryScalarCases(new Rng(1), op, dtype))).toBe(0);
    }
  });

  it('catch a kernel that ignores which side the scalar is on, or that rounds it away', async () => {
    const swapped = withBinaryScalar((b, op, a, s, _first, out) => ReferenceBackend.prototype.binaryScalar.call(b, op, a, s, false, out));
    expect(await failures(swapped, binaryScalarCases(new Rng(2), 'sub', float32))).toBeGreaterThan(0);
    const truncated = withBinaryScalar((b, op, a, s, first, out) => ReferenceBackend.prototype.binaryScalar.call(b, op, a, Math.trunc(s), first, out));
    expect(await failures(truncated, binaryScalarCases(new Rng(3), 'mul', float32))).toBeGreaterThan(0);
  });
});
