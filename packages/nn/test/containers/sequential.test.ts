import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { same } from '../golden.js';
import { nn } from '../nn.js';

describe('Sequential', () => {
  test('runs its modules in order; indexing, length and iteration', () => {
    const a = new nn.Linear(3, 4), r = new nn.ReLU(), b = new nn.Linear(4, 2);
    const seq = new nn.Sequential(a, r, b);
    const x = torch.randn(5, 3);
    expect(same(seq(x), b(r(a(x))))).toBe(true);
    expect(seq.length).toBe(3);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect([...seq]).toEqual([a, r, b]);
    expect(() => seq.at(3)).toThrow('index 3 is out of range');
  });
  test('named modules from an object or Map keep their names', () => {
    const seq = new nn.Sequential({ fc: new nn.Linear(2, 2), act: new nn.Tanh() });
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['fc', 'act']);
    expect((seq as unknown as { fc: nn.Linear }).fc).toBe(seq.at(0));
    expect(seq.slice(1).namedChildren().map(([n]) => n)).toEqual(['act']);
  });
  test('append, insert, extend, set, delete and pop renumber as PyTorch', () => {
    const seq = new nn.Sequential(new nn.ReLU());
    const t = new nn.Tanh(), s = new nn.Sigmoid();
    seq.append(t).insert(0, s).extend([new nn.Identity()]);
    expect(seq.namedChildren().map(([n, m]) => `${n}:${m._getName()}`)).toEqual(['0:Sigmoid', '1:ReLU', '2:Tanh', '3:Identity']);
    seq.delete(1);
    expect(seq.namedChildren().map(([n, m]) => `${n}:${m._getName()}`)).toEqual(['0:Sigmoid', '1:Tanh', '2:Identity']);
    expect(seq.pop(0)).toBe(s);
    seq.set(0, new nn.ReLU());
    expect(seq.namedChildren().map(([n, m]) => `${n}:${m._getName()}`)).toEqual(['0:ReLU', '1:Identity']);
    (seq as unknown as nn.Module[])[1] = new nn.Softsign();
    expect(seq.at(1)).toBeInstanceOf(nn.Softsign);
  });
});
