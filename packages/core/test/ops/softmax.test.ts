import '../setup.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import { checkCase, loadGoldens } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('softmax');
const cases = goldens.cases.map((c) => [c.name, c] as const);

describe('softmax with the fused kernel matches PyTorch 1.13 (fixtures/gen_softmax.py)', () => {
  test.each(cases)('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('softmax composed from primitives matches PyTorch 1.13', () => {
  // Hide the CPU backend's fused kernel so core composes max/exp/sum/div itself.
  const backend = cpuBackend as unknown as { fused: unknown };
  let saved: unknown;
  beforeAll(() => {
    saved = backend.fused;
    Object.defineProperty(backend, 'fused', { value: {}, configurable: true, writable: true });
  });
  afterAll(() => {
    Object.defineProperty(backend, 'fused', { value: saved, configurable: true, writable: true });
  });
  test.each(cases)('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('softmax API', () => {
  test('dim is required; accepted positionally or in options', () => {
    const x = torch.tensor([[1, 2, 3]], { dtype: torch.float32 });
    expect(() => (torch.softmax as (x: unknown) => unknown)(x)).toThrow(/dim/);
    expect(torch.softmax(x, { dim: 1 }).tolist()).toEqual(torch.softmax(x, 1).tolist());
    expect(x.logSoftmax({ dim: -1, dtype: torch.float64 }).dtype).toBe(torch.float64);
  });
});

describe('softmax tells autograd what its derivative needs', () => {
  test('records softmax / logSoftmax with the normalised dim', () => {
    const records = spyRecords(() => {
      const x = torch.randn(2, 3).requiresGrad_();
      x.softmax(-1);
      torch.logSoftmax(x, 0, { dtype: torch.float64 });
    });
    expect(records.map((r) => [r.op, r.args])).toEqual([
      ['softmax', { dim: 1, inputDtype: torch.float32 }],
      ['logSoftmax', { dim: 0, inputDtype: torch.float32 }],
    ]);
    expect(records[1]!.outputs[0]!.dtype).toBe(torch.float64);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 4);
    expect(leakedStorages(() => x.softmax(0))).toBe(0);
    expect(leakedStorages(() => x.t().logSoftmax(1))).toBe(0);
  });
});
