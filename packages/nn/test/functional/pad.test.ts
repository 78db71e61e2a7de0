import '../setup.js';
import { describe } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';

const { F } = nn;
const fx = loadFamily('pad');

describe('pad equals PyTorch', () => {
  runCases(fx, {
    'pad(constant,[1,2,0,1],0.5)': (d) => F.pad(d.x!, [1, 2, 0, 1], { value: 0.5 }),
    'pad(reflect,[1,2,1,0])': (d) => F.pad(d.x!, [1, 2, 1, 0], 'reflect'),
    'pad(replicate,[2,3])': (d) => F.pad(d.x!, [2, 3], { mode: 'replicate' }),
    'pad(circular,[1,1,2,0])': (d) => F.pad(d.x!, [1, 1, 2, 0], 'circular'),
    'pad(constant,[-1,2])': (d) => F.pad(d.x!, [-1, 2]),
    'pad(constant,[-1,-1])': (d) => F.pad(d.x!, [-1, -1]),
    'pad(reflect,[-1,1,0,0])': (d) => F.pad(d.x!, [-1, 1, 0, 0], 'reflect'),
  });
  const z = torch.zeros(1, 1, 3, 3);
  runErrors(fx, {
    'pad(odd)': () => F.pad(z, [1]),
    'pad(too long)': () => F.pad(z, Array<number>(10).fill(1)),
    'pad(reflect too large)': () => F.pad(torch.zeros(1, 2, 3), [3, 1], 'reflect'),
    'pad(reflect 2d too large)': () => F.pad(z, [0, 0, 3, 1], 'reflect'),
    'pad(reflect 4-d with 2 pads)': () => F.pad(z, [1, 1], 'reflect'),
    'pad(circular wraps twice)': () => F.pad(z, [4, 1, 0, 0], 'circular'),
    'pad(mode foo)': () => F.pad(z, [1, 1], 'foo' as 'reflect'),
    'pad(reflect with value)': () => F.pad(z, [1, 1, 1, 1], 'reflect', 2),
    'pad(crop too much)': () => F.pad(z, [-2, -2]),
  });
});
