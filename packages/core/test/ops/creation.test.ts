// Factory functions against PyTorch 1.13 goldens (fixtures/gen_creation.py): dtype inference of
// torch.tensor, exact arange/linspace values, eye, full, *Like, new*; plus fromTypedArray,
// asTypedArray and the random factories' arguments.
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { expectOutcome, loadFixture, type Outcome } from '../fixtures/golden.js';

const fx = loadFixture<{ cases: Record<string, Outcome> }>('creation.json');
const { tensor } = torch;

const calls: Record<string, () => unknown> = {
  'tensor ints': () => tensor([[1, 2], [3, 4]]),
  'tensor floats': () => tensor([5.5, 3]),
  'tensor bools': () => tensor([true, false]),
  'tensor bool and int': () => tensor([true, 2]),
  'tensor bool and float': () => tensor([true, 2.5]),
  'tensor empty': () => tensor([]),
  'tensor empty nested': () => tensor([[], []]),
  'tensor scalar int': () => tensor(5),
  'tensor scalar float': () => tensor(2.5),
  'tensor scalar bool': () => tensor(true),
  'tensor dtype float': () => tensor([1, 2], { dtype: torch.float32 }),
  'tensor dtype int from floats': () => tensor([1.7, -2.7], { dtype: torch.int64 }),
  'tensor dtype uint8': () => tensor([1, 255, 0], { dtype: torch.uint8 }),
  'tensor dtype bool': () => tensor([0, 2, -1], { dtype: torch.bool }),
  'tensor dtype float16': () => tensor([0.1, 1000.7, 65504, 1e-5], { dtype: torch.float16 }),
  'tensor float32 rounding': () => tensor([0.1, 1 / 3, 16777217]),
  'tensor float64': () => tensor([0.1, 1 / 3], { dtype: torch.float64 }),
  'tensor ragged': () => tensor([[1, 2], [3]]),
  'tensor ragged deeper': () => tensor([[1, 2], 3] as never),
  'tensor list for a number': () => tensor([[1, 2], [3, [4, 5]]] as never),
  'tensor big int64': () => tensor([2 ** 53, -(2 ** 40)]),
  zeros: () => torch.zeros(2, 3),
  'zeros long': () => torch.zeros(5, 3, { dtype: torch.long }),
  'ones list': () => torch.ones([2, 2], { dtype: torch.int8 }),
  'ones 0-d': () => torch.ones([]),
  'zeros negative': () => torch.zeros(2, -1),
  'full int': () => torch.full([2, 2], 7),
  'full float': () => torch.full([2], 2.5),
  'full bool': () => torch.full([2], true),
  'full dtype': () => torch.full([3], 2.9, { dtype: torch.int32 }),
  'full float16': () => torch.full([2], 0.1, { dtype: torch.float16 }),
  'empty shape': () => torch.empty(2, 0, 3),
  'arange 5': () => torch.arange(5),
  'arange 1 4': () => torch.arange(1, 4),
  'arange 0 10 3': () => torch.arange(0, 10, 3),
  'arange 10 0 -3': () => torch.arange(10, 0, -3),
  'arange 0 1 0.1': () => torch.arange(0, 1, 0.1),
  'arange -1 1 0.25': () => torch.arange(-1, 1, 0.25),
  'arange 1 2.5 0.5': () => torch.arange(1, 2.5, 0.5),
  'arange 0 1 0.1 float64': () => torch.arange(0, 1, 0.1, { dtype: torch.float64 }),
  'arange 0.5 10.3 1.7': () => torch.arange(0.5, 10.3, 1.7),
  'arange -3.3 7.1 0.3': () => torch.arange(-3.3, 7.1, 0.3),
  'arange 5 float32': () => torch.arange(5, { dtype: torch.float32 }),
  'arange 2.5': () => torch.arange(2.5),
  'arange 0 0': () => torch.arange(0, 0),
  'arange 5 int32': () => torch.arange(5, { dtype: torch.int32 }),
  'arange step 0': () => torch.arange(0, 5, 0),
  'arange bad sign': () => torch.arange(0, 5, -1),
  'arange float16': () => torch.arange(0, 2, 0.3, { dtype: torch.float16 }),
  'arange float16 long': () => torch.arange(-3.3, 7.1, 0.3, { dtype: torch.float16 }),
  'arange float64 long': () => torch.arange(-3.3, 7.1, 0.3, { dtype: torch.float64 }),
  'arange float64 0.37': () => torch.arange(0.1, 100.7, 0.37, { dtype: torch.float64 }),
  'arange float32 0.37': () => torch.arange(0.1, 100.7, 0.37),
  'arange int64 big step': () => torch.arange(-50, 1000, 7),
  'linspace 0 1 5': () => torch.linspace(0, 1, 5),
  'linspace -1 1 7': () => torch.linspace(-1, 1, 7),
  'linspace 0 1 10': () => torch.linspace(0, 1, 10),
  'linspace 3 -2.2 11': () => torch.linspace(3, -2.2, 11),
  'linspace 0.1 0.9 9': () => torch.linspace(0.1, 0.9, 9),
  'linspace -5 5 100': () => torch.linspace(-5, 5, 100),
  'linspace 0 1 1': () => torch.linspace(0, 1, 1),
  'linspace 0 1 0': () => torch.linspace(0, 1, 0),
  'linspace float64': () => torch.linspace(0, 1, 7, { dtype: torch.float64 }),
  'linspace float64 100': () => torch.linspace(-5, 5, 100, { dtype: torch.float64 }),
  'linspace float64 37': () => torch.linspace(0.1, 0.9, 37, { dtype: torch.float64 }),
  'linspace float64 41': () => torch.linspace(3, -2.2, 41, { dtype: torch.float64 }),
  'linspace float32 41': () => torch.linspace(3, -2.2, 41),
  'linspace float32 33': () => torch.linspace(0.3, 7.7, 33),
  'linspace float16 7': () => torch.linspace(-1, 1, 7, { dtype: torch.float16 }),
  'linspace float16 41': () => torch.linspace(3, -2.2, 41, { dtype: torch.float16 }),
  'tensor dtype bfloat16': () => tensor([0.1, 1000.7, 3.39e38, 1e-39, -2.5], { dtype: torch.bfloat16 }),
  'full bfloat16': () => torch.full([2], 0.1, { dtype: torch.bfloat16 }),
  'arange bfloat16': () => torch.arange(0, 2, 0.3, { dtype: torch.bfloat16 }),
  'arange bfloat16 long': () => torch.arange(-3.3, 7.1, 0.3, { dtype: torch.bfloat16 }),
  'arange bfloat16 big': () => torch.arange(100, 400, 1.7, { dtype: torch.bfloat16 }),
  'linspace bfloat16 7': () => torch.linspace(-1, 1, 7, { dtype: torch.bfloat16 }),
  'linspace bfloat16 41': () => torch.linspace(3, -2.2, 41, { dtype: torch.bfloat16 }),
  'linspace bfloat16 1': () => torch.linspace(0.1, 1, 1, { dtype: torch.bfloat16 }),
  'linspace int32 many': () => torch.linspace(-100, 77, 40, { dtype: torch.int32 }),
  'linspace uint8': () => torch.linspace(0, 255, 20, { dtype: torch.uint8 }),
  'linspace int64': () => torch.linspace(0, 10, 4, { dtype: torch.int64 }),
  'linspace int64 negative': () => torch.linspace(-7, 3, 6, { dtype: torch.int64 }),
  'linspace steps -1': () => torch.linspace(0, 1, -1),
  'eye 3': () => torch.eye(3),
  'eye 2 4': () => torch.eye(2, 4),
  'eye 4 2 long': () => torch.eye(4, 2, { dtype: torch.long }),
  'eye 0': () => torch.eye(0),
  'eye -1': () => torch.eye(-1),
  'zerosLike int32': () => torch.zerosLike(torch.ones(2, 3, { dtype: torch.int32 })),
  'onesLike float64 to int8': () => torch.onesLike(torch.zeros(2, { dtype: torch.float64 }), { dtype: torch.int8 }),
  'fullLike int': () => torch.fullLike(torch.zeros(2, { dtype: torch.int64 }), 2.7),
  'fullLike float': () => torch.fullLike(torch.zeros(2), 2.7),
  'fullLike transposed': () => torch.fullLike(torch.zeros(2, 3).t(), 1.5),
  'emptyLike shape': () => torch.emptyLike(torch.zeros(3, 1)).fill_(0),
  newOnes: () => torch.zeros(1, { dtype: torch.float64 }).newOnes(5, 3),
  'newOnes dtype': () => torch.zeros(1, { dtype: torch.float64 }).newOnes([2], { dtype: torch.int16 }),
  newZeros: () => torch.zeros(1, { dtype: torch.int32 }).newZeros(2, 2),
  newFull: () => torch.zeros(1, { dtype: torch.int32 }).newFull([2], 3.9),
  newTensor: () => torch.zeros(1, { dtype: torch.float64 }).newTensor([1, 2]),
  'newTensor floats into int': () => torch.zeros(1, { dtype: torch.int64 }).newTensor([1.5, -2.5]),
  newEmpty: () => torch.zeros(1, { dtype: torch.int8 }).newEmpty(2, 3).fill_(0),
};


describe('factories match PyTorch', () => {
  it('every golden case has a torchts call', () => {
    expect(Object.keys(fx.cases).filter((k) => !(k in calls))).toEqual([]);
  });
  for (const [id, out] of Object.entries(fx.cases)) {
    it(id, () => {
      expectOutcome(calls[id]!, out);
    });
  }
});

describe('TypedArray bridge', () => {
  it('fromTypedArray shares memory both ways (torch.from_numpy)', () => {
    const a = new Float32Array([1, 2, 3, 4]);
    const t = torch.fromTypedArray(a, [2, 2]);
    t.add_(1);
    expect(Array.from(a)).toEqual([2, 3, 4, 5]);
    a[0] = 10;
    expect(t.tolist()).toEqual([[10, 3], [4, 5]]);
    expect(t.dtype).toBe(torch.float32);
  });
  it('fromTypedArray dtypes: natural ones and reinterpretation', () => {
    expect(torch.fromTypedArray(new Int32Array(2)).dtype).toBe(torch.int32);
    expect(torch.fromTypedArray(new Uint8Array(2)).dtype).toBe(torch.uint8);
    expect(torch.fromTypedArray(new Float64Array([1, 2]), [2], { dtype: torch.int64 }).dtype).toBe(torch.int64);
    expect(torch.fromTypedArray(new Uint8Array([0, 1]), [2], { dtype: torch.bool }).tolist()).toEqual([false, true]);
    expect(() => torch.fromTypedArray(new Float32Array(2), [2], { dtype: torch.int64 })).toThrow(
      'fromTypedArray(): a Float32Array cannot hold torch.int64 (it needs a Float64Array)',
    );
    expect(() => torch.fromTypedArray(new Float32Array(3), [2, 2])).toThrow("shape '[2, 2]' is invalid for input of size 3");
  });
  it('asTypedArray is the storage itself (.numpy()), and needs a contiguous tensor', () => {
    const t = torch.zeros(2, 3);
    const view = t.asTypedArray();
    view[4] = 7;
    expect(t.tolist()).toEqual([[0, 0, 0], [0, 7, 0]]);
    expect(t.select(0, 1).asTypedArray()).toEqual(new Float32Array([0, 7, 0]));
    expect(() => t.t().asTypedArray()).toThrow('asTypedArray() needs a contiguous tensor: call .contiguous() first');
  });
  it('toTypedArray copies, in the dtype\'s array type', () => {
    const t = torch.tensor([[1, 2], [3, 4]]);
    const a = t.t().toTypedArray();
    expect(a).toEqual(new Float64Array([1, 3, 2, 4]));
    a[0] = 100;
    expect(t.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(torch.tensor([true]).toTypedArray()).toEqual(new Uint8Array([1]));
  });
  it('tensor() from a TypedArray copies it', () => {
    const a = new Int16Array([1, 2]);
    const t = torch.tensor(a);
    a[0] = 9;
    expect(t.dtype).toBe(torch.int16);
    expect(t.tolist()).toEqual([1, 2]);
  });
  it('tensor() from a tensor copies it, detached', () => {
    const x = torch.tensor([1.5, 2]);
    const y = torch.tensor(x, { dtype: torch.float64 });
    expect(y.dtype).toBe(torch.float64);
    expect(y._storage).not.toBe(x._storage);
  });
});

describe('random factories: arguments and dtypes', () => {
  it('rand/randn shapes and dtypes', () => {
    expect(torch.rand(2, 3).shape).toEqual(torch.Size.fromShape([2, 3]));
    expect(torch.randn([4], { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(() => torch.rand(2, { dtype: torch.int64 })).toThrow(`"check_uniform_bounds" not implemented for 'int64'`);
  });
  it('randint and randperm are int64 by default, in range', () => {
    const r = torch.randint(3, 10, [50]);
    expect(r.dtype).toBe(torch.int64);
    expect((r.tolist() as number[]).every((v) => v >= 3 && v < 10)).toBe(true);
    const p = torch.randperm(6);
    expect((p.tolist() as number[]).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
  it('the same seed gives the same numbers as PyTorch (torch.manual_seed(0); torch.rand(3))', () => {
    torch.manualSeed(0);
    // PyTorch 1.13: tensor([0.4963, 0.7682, 0.0885]) = these float32 values.
    expect(Array.from(torch.rand(3).toTypedArray())).toEqual([0.49625658988952637, 0.7682217955589294, 0.08847743272781372]);
  });
});
