import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';

const { F } = nn;
const fx = loadFamily('dropout');

describe('dropout draws the masks PyTorch draws after the same seed', () => {
  runCases(fx, {
    'dropout(0.3)': (d) => F.dropout(d.x!, 0.3),
    'dropout(training=False)': (d) => F.dropout(d.x!, { p: 0.3, training: false }),
    'dropout2d(0.5)': (d) => F.dropout2d(d.x!, 0.5),
    'dropout1d(0.5)': (d) => F.dropout1d(d.x!, 0.5),
  });
  runErrors(fx, {
    'dropout(p=1.5)': () => F.dropout(torch.zeros(3), 1.5),
  });
  test('p = 1 zeroes everything; inplace modifies the input', () => {
    expect(F.dropout(torch.ones(5), 1).sum().item()).toBe(0);
    const x = torch.ones(100);
    const y = F.dropout(x, { p: 0.5, inplace: true });
    expect(y).toBe(x);
  });
});
