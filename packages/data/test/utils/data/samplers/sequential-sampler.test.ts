import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import { SequentialSampler } from '@torchts/data';

describe('SequentialSampler', () => {
  it('yields 0..n-1', () => {
    const s = new SequentialSampler({ length: 4 });
    expect([...s]).toEqual([0, 1, 2, 3]);
    expect(s.length).toBe(4);
  });
});
