// makeGrid against torchvision 0.14's make_grid (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { makeGrid } from '@torchts/data';
import { expectMatches, gridCase, vision, type GridCase } from '../helpers.js';

describe('makeGrid', () => {
  it.each((vision.makeGrid as GridCase[]).map((c) => [c.name, c] as const))('lays out %s as torchvision', (_, c) => {
    const [input, opts] = gridCase(c);
    expectMatches(makeGrid(input, opts), c.out);
  });

  it('takes a list of images', () => {
    const g = makeGrid([torch.zeros(1, 2, 2), torch.ones(1, 2, 2)], { padding: 1 });
    expect(g.shape).toEqual([3, 4, 7]);
  });
});
