import '../setup.js';
import { describe, expect, test } from 'vitest';
import { nn } from '../nn.js';

describe('ModuleList', () => {
  test('registers its modules as 0, 1, ...; list operations renumber', () => {
    const list = new nn.ModuleList([new nn.Linear(2, 2), new nn.ReLU()]);
    expect(Object.keys(list.stateDict())).toEqual(['0.weight', '0.bias']);
    list.append(new nn.Linear(2, 3));
    list.insert(0, new nn.Tanh());
    expect(list.namedChildren().map(([n, m]) => `${n}:${m._getName()}`)).toEqual(['0:Tanh', '1:Linear', '2:ReLU', '3:Linear']);
    list.delete(-1);
    expect(list.length).toBe(3);
    expect(list.slice(1, 2).length).toBe(1);
    expect([...list].map((m) => m._getName())).toEqual(['Tanh', 'Linear', 'ReLU']);
    expect(() => list()).toThrow('Module [ModuleList] is missing the required "forward" function');
    expect(() => list.extend(3 as unknown as nn.Module[])).toThrow('ModuleList.extend should be called with an iterable');
  });
  test('parameters of a ModuleList inside a model belong to the model', () => {
    class M extends nn.Module {
      layers = new nn.ModuleList([new nn.Linear(1, 1), new nn.Linear(1, 1)]);
    }
    expect(new M().parameters().length).toBe(4);
  });
});
