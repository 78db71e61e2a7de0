import { describe, it } from 'vitest';
import { erf, erfc } from '../../src/reference/erf.js';
import { expectMatches, fixture, num } from '../fixtures/golden.js';

describe('erf and erfc', () => {
  const x: number[] = fixture.erf.input.map(num);
  it('match PyTorch in float64 within 4 ulp', () => {
    expectMatches(x.map(erf), fixture.erf.erf, 'float64', 'erf', 4, fixture.erf.input);
    expectMatches(x.map(erfc), fixture.erf.erfc, 'float64', 'erfc', 4, fixture.erf.input);
  });
});
