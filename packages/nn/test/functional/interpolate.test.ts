import '../setup.js';
import { describe } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';

const { F } = nn;
const fx = loadFamily('interpolate');

describe('interpolate equals PyTorch', () => {
  runCases(fx, {
    'interpolate(nearest,scale=2)': (d) => F.interpolate(d.x!, { scaleFactor: 2 }),
    'interpolate(nearest,size=(5,7))': (d) => F.interpolate(d.x!, { size: [5, 7] }),
    'interpolate(nearest,scale=1.7)': (d) => F.interpolate(d.x!, { scaleFactor: 1.7 }),
    'interpolate(nearest-exact,size=(5,3))': (d) => F.interpolate(d.x!, { size: [5, 3], mode: 'nearest-exact' }),
    'interpolate(bilinear,size=(5,7))': (d) => F.interpolate(d.x!, { size: [5, 7], mode: 'bilinear' }),
    'interpolate(bilinear,size=(5,7),align_corners)': (d) =>
      F.interpolate(d.x!, { size: [5, 7], mode: 'bilinear', alignCorners: true }),
    'interpolate(bilinear,scale=1.7)': (d) => F.interpolate(d.x!, { scaleFactor: 1.7, mode: 'bilinear' }),
    'interpolate(bilinear,downscale)': (d) => F.interpolate(d.x!, { size: [2, 3], mode: 'bilinear' }),
    'interpolate(linear,size=8)': (d) => F.interpolate(d.x!, { size: 8, mode: 'linear' }),
    'interpolate(area,size=(3,2))': (d) => F.interpolate(d.x!, { size: [3, 2], mode: 'area' }),
  });
  const z = torch.zeros(1, 1, 3, 3);
  runErrors(fx, {
    'interpolate(no size)': () => F.interpolate(z, {}),
    'interpolate(size and scale)': () => F.interpolate(z, { size: 4, scaleFactor: 2 }),
    'interpolate(align_corners with nearest)': () => F.interpolate(z, { size: 4, alignCorners: true }),
    'interpolate(2-d)': () => F.interpolate(torch.zeros(3, 3), { size: 4 }),
    'interpolate(size length)': () => F.interpolate(z, { size: [4], mode: 'bilinear' }),
    'interpolate(bilinear 3-d)': () => F.interpolate(torch.zeros(1, 1, 3), { size: 4, mode: 'bilinear' }),
  });
});
