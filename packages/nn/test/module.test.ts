import './setup.js';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { close, expectError, loadFixture, same, type ErrorSpec } from './golden.js';
import { MODULES, Net, Nested } from './models.js';
import { nn } from './nn.js';

interface ModulesFixture {
  reprs: Record<string, string>;
  state_dict_keys: Record<string, string[]>;
  shapes: Record<string, number[][]>;
  param_names: Record<string, string[]>;
  buffer_names: Record<string, string[]>;
  module_names: Record<string, string[]>;
  with_weights: Record<string, string[]>;
  load_errors: Record<string, ErrorSpec | { missing: string[]; unexpected: string[] }>;
  blitz: { num_params: number; first_size: number[] };
}

const fx = loadFixture<ModulesFixture>('modules.json');

describe('printing, as PyTorch prints modules', () => {
  test('every layer and container has a golden', () => {
    expect(Object.keys(MODULES).sort()).toEqual(Object.keys(fx.reprs).sort());
  });
  for (const [name, make] of Object.entries(MODULES)) {
    test(name, () => {
      const m = make();
      expect(String(m)).toBe(fx.reprs[name]);
      expect(inspect(m)).toBe(fx.reprs[name]);
    });
  }
});

describe('registration order: state dict keys, names and shapes', () => {
  for (const [name, make] of Object.entries(MODULES)) {
    test(name, () => {
      const m = make();
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(fx.state_dict_keys[name]);
      expect(Object.values(sd).map((t) => [...t.shape])).toEqual(fx.shapes[name]);
      expect(m.namedParameters().map(([n]) => n)).toEqual(fx.param_names[name]);
      expect(m.namedBuffers().map(([n]) => n)).toEqual(fx.buffer_names[name]);
      expect(m.namedModules().map(([n]) => n)).toEqual(fx.module_names[name]);
    });
  }
  test('loss weights are buffers named as in PyTorch', () => {
    expect(Object.keys(new nn.CrossEntropyLoss({ weight: torch.ones(3) }).stateDict()))
      .toEqual(fx.with_weights['CrossEntropyLoss(weight)']);
    expect(Object.keys(new nn.BCEWithLogitsLoss({ weight: torch.ones(3), posWeight: torch.ones(3) }).stateDict()))
      .toEqual(fx.with_weights['BCEWithLogitsLoss(weight,pos_weight)']);
  });
  test('the blitz: 10 parameters, the first of size [6, 1, 5, 5]', () => {
    const params = new Net().parameters();
    expect(params.length).toBe(fx.blitz.num_params);
    expect([...params[0]!.size()]).toEqual(fx.blitz.first_size);
  });
  test('class fields and constructor assignments interleave in assignment order', () => {
    class M extends nn.Module {
      a = new nn.Linear(1, 1);
      constructor() {
        super();
        (this as unknown as Record<string, unknown>).c = new nn.Linear(1, 1);
        this.b = new nn.Parameter(torch.zeros(1));
      }
      b: nn.Parameter;
    }
    const m = new M();
    // `b` is declared as a field, so its slot comes right after `a` (as JS defines it).
    expect(Object.keys(m.stateDict())).toEqual(['b', 'a.weight', 'a.bias', 'c.weight', 'c.bias']);
    (m as unknown as Record<string, unknown>).late = new nn.Linear(1, 1);
    expect(m.namedChildren().map(([n]) => n)).toEqual(['a', 'c', 'late']);
    delete (m as unknown as Record<string, unknown>).late;
    expect(m.namedChildren().map(([n]) => n)).toEqual(['a', 'c']);
  });
  test('shared parameters and modules are listed once', () => {
    const lin = new nn.Linear(2, 2);
    const seq = new nn.Sequential(lin, new nn.ReLU(), lin);
    expect(seq.parameters().length).toBe(2);
    expect(seq.modules().length).toBe(3);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
    expect(seq.namedParameters({ removeDuplicate: false }).map(([n]) => n)).toEqual(['0.weight', '0.bias', '2.weight', '2.bias']);
  });
  test('non-persistent buffers stay out of the state dict', () => {
    const m = new Nested();
    expect(m.namedBuffers().map(([n]) => n)).toContain('cache');
    expect(Object.keys(m.stateDict())).not.toContain('cache');
  });
});

describe('loadStateDict', () => {
  const mutations: Record<string, (sd: Record<string, unknown>) => void> = {
    missing: (sd) => { delete sd['fc3.weight']; delete sd['fc3.bias']; },
    unexpected: (sd) => { sd['extra.weight'] = torch.zeros(1); sd['fc1.foo'] = torch.zeros(1); },
    size_mismatch: (sd) => { sd['fc1.weight'] = torch.zeros(10, 5); sd['conv1.bias'] = torch.zeros(7); },
    non_tensor: (sd) => { sd['fc2.bias'] = 3; },
  };
  mutations.everything = (sd) => { mutations.missing!(sd); mutations.unexpected!(sd); mutations.size_mismatch!(sd); };
  for (const [name, mutate] of Object.entries(mutations)) {
    test(`${name}: PyTorch's message`, () => {
      const sd: Record<string, unknown> = { ...new Net().stateDict() };
      mutate(sd);
      expectError(() => new Net().loadStateDict(sd), fx.load_errors[name] as ErrorSpec);
    });
  }
  test('strict: false reports the keys', () => {
    const sd: Record<string, unknown> = { ...new Net().stateDict() };
    mutations.missing!(sd);
    mutations.unexpected!(sd);
    const want = fx.load_errors.not_strict as { missing: string[]; unexpected: string[] };
    expect(new Net().loadStateDict(sd, { strict: false })).toEqual({ missingKeys: want.missing, unexpectedKeys: want.unexpected });
  });
  test('copies values into the existing parameters (and accepts a Map)', () => {
    const a = new Net(), b = new Net();
    const w = b.fc1.weight;
    b.loadStateDict(new Map(Object.entries(a.stateDict())));
    expect(b.fc1.weight).toBe(w);
    expect(same(b.fc1.weight, a.fc1.weight)).toBe(true);
    expect(b.fc1.weight.requiresGrad).toBe(true);
  });
  test('state dict values are detached views of the parameters', () => {
    const net = new Net();
    const sd = net.stateDict();
    expect(sd['fc1.weight']!.requiresGrad).toBe(false);
    torch.noGrad(() => net.fc1.weight.fill_(1));
    expect(sd['fc1.weight']!.index(0, 0).item()).toBe(1);
    expect(net.stateDict({ keepVars: true })['fc1.weight']).toBe(net.fc1.weight);
  });
  test('BatchNorm loads a state dict without num_batches_tracked', () => {
    const bn = new nn.BatchNorm2d(3);
    const sd = { ...bn.stateDict() };
    delete sd.num_batches_tracked;
    expect(bn.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });
});

describe('calling, hooks and modes', () => {
  test('modules are callable, and forward/call give the same', () => {
    const lin = new nn.Linear(3, 2);
    const x = torch.randn(4, 3);
    expect(same(lin(x), lin.forward(x))).toBe(true);
    expect(same(lin.call(x), lin.forward(x))).toBe(true);
    expect(lin).toBeInstanceOf(nn.Linear);
    expect(lin).toBeInstanceOf(nn.Module);
  });
  test('a Module without forward raises NotImplementedError', () => {
    class Empty extends nn.Module {}
    expect(() => new Empty()()).toThrow('Module [Empty] is missing the required "forward" function');
  });
  test('name and length are ordinary fields', () => {
    class Named extends nn.Module {
      constructor() {
        super();
        (this as unknown as { name: string }).name = 'encoder';
      }
    }
    expect((new Named() as unknown as { name: string }).name).toBe('encoder');
    expect(new nn.Sequential(new nn.ReLU(), new nn.ReLU()).length).toBe(2);
  });
  test('forward pre-hooks replace arguments, forward hooks replace outputs; remove() unregisters', () => {
    const lin = new nn.Linear(2, 2);
    const calls: string[] = [];
    const pre = lin.registerForwardPreHook((m, args) => {
      calls.push(`pre ${m._getName()}`);
      return [(args[0] as torch.Tensor).mul(0)];
    });
    const post = lin.registerForwardHook((_m, _args, out) => {
      calls.push('post');
      return (out as torch.Tensor).add(1);
    });
    const y = lin(torch.ones(1, 2));
    expect(calls).toEqual(['pre Linear', 'post']);
    expect(close(y, lin.bias!.add(1))).toBe(true);
    pre.remove();
    post.remove();
    expect(same(lin(torch.ones(1, 2)), lin.forward(torch.ones(1, 2)))).toBe(true);
    const g = nn.registerModuleForwardHook(() => {
      calls.push('global');
    });
    lin(torch.ones(1, 2));
    g.remove();
    lin(torch.ones(1, 2));
    expect(calls.filter((c) => c === 'global').length).toBe(1);
  });
  test('train()/eval() set training on every module', () => {
    const m = new Nested();
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.train();
    expect(m.modules().every((x) => x.training)).toBe(true);
  });
  test('apply visits children first, then the module', () => {
    const seen: string[] = [];
    new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU()).apply((m) => seen.push(m._getName()));
    expect(seen).toEqual(['Linear', 'ReLU', 'Sequential']);
  });
  test('zeroGrad sets grads to null by default, or to zeros', () => {
    const net = new nn.Linear(3, 1);
    net(torch.ones(2, 3)).sum().backward();
    expect(net.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.weight.grad!.abs().sum().item()).toBe(0);
    net.zeroGrad();
    expect(net.weight.grad).toBeNull();
  });
  test('requiresGrad_ freezes and unfreezes every parameter', () => {
    const net = new Net();
    net.requiresGrad_(false);
    expect(net.parameters().every((p) => !p.requiresGrad)).toBe(true);
    net.requiresGrad_();
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
  });
  test('to(dtype) converts floating-point parameters and buffers in place, keeping the Parameters', () => {
    const m = new Nested();
    const w = (m.blocks[0] as nn.Linear).weight;
    m.to(torch.float64);
    expect((m.blocks[0] as nn.Linear).weight).toBe(w);
    expect(w.dtype).toBe(torch.float64);
    expect(w.requiresGrad).toBe(true);
    expect(m.getBuffer('features.1.running_mean').dtype).toBe(torch.float64);
    expect(m.getBuffer('features.1.num_batches_tracked').dtype).toBe(torch.int64);
    expect(m.step.dtype).toBe(torch.int64);
    m.float();
    expect(w.dtype).toBe(torch.float32);
    m.bfloat16();
    expect((m.blocks[0] as nn.Linear).weight).toBe(w);
    expect(w.dtype).toBe(torch.bfloat16);
    expect(m.getBuffer('features.1.running_mean').dtype).toBe(torch.bfloat16);
    expect(m.step.dtype).toBe(torch.int64);
    m.float();
    expect(w.dtype).toBe(torch.float32);
    expect(() => m.to(torch.int64)).toThrow('nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64');
    m.to('cpu');
    expect(w.device.type).toBe('cpu');
  });
  test('getSubmodule / getParameter / getBuffer', () => {
    const m = new Nested();
    expect(m.getSubmodule('features.0')).toBeInstanceOf(nn.Conv2d);
    expect(m.getParameter('heads.cls.bias').shape).toEqual([10]);
    expect(() => m.getSubmodule('features.9')).toThrow('Sequential has no attribute `9`');
  });
  test('registerBuffer / registerParameter / addModule checks', () => {
    const m = new nn.Linear(1, 1);
    expect(() => m.registerBuffer('a.b', null)).toThrow('buffer name can\'t contain "."');
    expect(() => m.registerBuffer('inFeatures', null)).toThrow("attribute 'inFeatures' already exists");
    expect(() => m.registerParameter('p', torch.zeros(1) as nn.Parameter)).toThrow(
      "cannot assign 'torch.FloatTensor' object to parameter 'p' (torch.nn.Parameter or None required)",
    );
    m.addModule('act', new nn.ReLU());
    expect(m.namedChildren().map(([n]) => n)).toEqual(['act']);
  });
});
