import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { expectTensor } from '../golden.js';
import { nn } from '../nn.js';
import { fixtureBytes, fixturePath, pth } from './fixtures.js';

describe('torch.load reads what PyTorch torch.save wrote', () => {
  test('a state dict (.pth) loads into the same model built in torchts', async () => {
    const sd = await nn.load(fixturePath('mini.pth'));
    expect(Object.keys(sd)).toEqual(Object.keys(pth.mini));
    for (const [k, spec] of Object.entries(pth.mini)) expectTensor(sd[k], spec, {}, k);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.ReLU(), new nn.Flatten(), new nn.Linear(8, 3),
    );
    expect(model.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expectTensor(model.getBuffer('1.running_var'), pth.mini['1.running_var']!);
    expect(model.getBuffer('1.num_batches_tracked').dtype).toBe(torch.int64);
  });

  test('every dtype, strided views, scalars, Parameters and nested Python values', async () => {
    const obj = await nn.load(fixtureBytes('mixed.pt'));
    for (const [k, spec] of Object.entries(pth.mixed)) expectTensor(obj[k], spec, {}, k);
    expect(obj.param).toBeInstanceOf(nn.Parameter);
    expect(obj.param.requiresGrad).toBe(true);
    expect(obj.base.requiresGrad).toBe(false);
    expect(obj.nested.list.slice(1)).toEqual([1, 2.5, 'text', null, true]);
    expectTensor(obj.nested.list[0], { dtype: 'float32', shape: [1], values: [1] });
    expect(obj.nested.tuple).toEqual([1, 2]);
    expect(obj.nested['7']).toBe('int key');
    expect([obj.int, obj.float, obj.big, obj.neg]).toEqual([7, 0.25, 2 ** 40, -5]);
    expect(Array.from(obj.bytes as Uint8Array)).toEqual([0, 255]);
  });

  test('bfloat16 tensors (BFloat16Storage) load as bfloat16, strided views and Parameters too', async () => {
    const obj = await nn.load(fixtureBytes('bf16.pt'));
    for (const [k, spec] of Object.entries(pth.bf16)) expectTensor(obj[k], spec, {}, k);
    expect(obj.w.dtype).toBe(torch.bfloat16);
    expect(Object.is(obj.w.tolist()[5], -0)).toBe(true);
    expect(obj.param).toBeInstanceOf(nn.Parameter);
  });

  test('an optimizer state dict (int keys become string keys)', async () => {
    const sd = await nn.load(fixturePath('optimizer.pt'));
    expectTensor(sd.state['0'].momentum_buffer, pth.optimizer.momentum_buffer);
    expect(sd.param_groups).toEqual(pth.optimizer.param_groups);
  });

  test('a pickled nn.Module is refused with advice', async () => {
    await expect(nn.load(fixturePath('module.pt'))).rejects.toThrow(
      'torch.load: the checkpoint pickles the Python class torch.nn.modules.linear.Linear, which cannot be loaded here. In PyTorch, save the state dict instead: torch.save(model.state_dict(), path)',
    );
  });

  test('the legacy (pre-1.6) format gives a clear error', async () => {
    await expect(nn.load(fixturePath('legacy.pt'))).rejects.toThrow(/legacy \(pre-1.6\) format, which is not supported/);
  });

  test('truncated or corrupt checkpoints give clear errors', async () => {
    const bytes = fixtureBytes('mini.pth');
    await expect(nn.load(bytes.slice(0, bytes.length - 100))).rejects.toThrow(/corrupt or truncated PyTorch checkpoint/);
    const broken = bytes.slice();
    broken.fill(0x41, 200, 400);
    await expect(nn.load(broken)).rejects.toThrow(nn.SerializationError);
  });

  test('mapLocation moves every tensor', async () => {
    const sd = await nn.load(fixturePath('mini.pth'), { mapLocation: 'cpu' });
    expect(sd['0.weight'].device.type).toBe('cpu');
  });
});
