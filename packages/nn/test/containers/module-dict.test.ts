import '../setup.js';
import { describe, expect, test } from 'vitest';
import { nn } from '../nn.js';

describe('ModuleDict', () => {
  test('keeps insertion order for any keys (integer-like ones too)', () => {
    const d = new nn.ModuleDict([['b', new nn.ReLU()], ['10', new nn.Tanh()], ['2', new nn.Sigmoid()]]);
    expect(d.keys()).toEqual(['b', '10', '2']);
    expect(d.namedChildren().map(([n]) => n)).toEqual(['b', '10', '2']);
    expect(d.get('10')).toBeInstanceOf(nn.Tanh);
    expect(d.has('2')).toBe(true);
    expect([...d]).toEqual(['b', '10', '2']);
  });
  test('set, update, pop, clear; PyTorch refuses names of existing attributes', () => {
    const d = new nn.ModuleDict({ relu: new nn.ReLU() });
    d.set('act', new nn.Tanh());
    d.update({ relu: new nn.SiLU() });
    expect(d.items().map(([k, m]) => `${k}:${m._getName()}`)).toEqual(['relu:SiLU', 'act:Tanh']);
    expect(d.pop('act')).toBeInstanceOf(nn.Tanh);
    expect(() => d.get('act')).toThrow("'act'");
    expect(() => d.set('keys', new nn.ReLU())).toThrow("attribute 'keys' already exists");
    d.clear();
    expect(d.length).toBe(0);
  });
});
