import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { Registry } from '../src/registry.js';
import { referenceBackend } from '../src/reference/backend.js';

describe('Registry.tolerance', () => {
  it('takes dtype defaults, then dtype options, then the first matching override', () => {
    const r = new Registry(referenceBackend, {
      tolerance: {
        float32: { rtol: 1e-4 },
        overrides: [{ match: /^unary > tan/, tolerance: { atol: 1e-3 } }, { match: 'unary', tolerance: { atol: 0 } }],
      },
    });
    expect(r.tolerance(dtypes.float32, 'binary > add > float32')).toEqual({ rtol: 1e-4, atol: 1e-6 });
    expect(r.tolerance(dtypes.float32, 'unary > tan > float32')).toEqual({ rtol: 1e-4, atol: 1e-3 });
    expect(r.tolerance(dtypes.float32, 'unary > exp > float32')).toEqual({ rtol: 1e-4, atol: 0 });
    expect(r.tolerance(dtypes.float64, 'binary > add > float64')).toEqual({ rtol: 1e-12, atol: 1e-12 });
  });
  it('wants only the dtypes the options name', () => {
    const r = new Registry(referenceBackend, { dtypes: ['float32', dtypes.int64] });
    expect([r.wants(dtypes.float32), r.wants(dtypes.int64), r.wants(dtypes.float16)]).toEqual([true, true, false]);
  });
});
