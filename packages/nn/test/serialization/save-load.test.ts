import '../setup.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { same } from '../golden.js';
import { Net } from '../models.js';
import { nn } from '../nn.js';

const dir = mkdtempSync(join(tmpdir(), 'torchts-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('save / load', () => {
  test('a state dict round-trips through a file and loads into a fresh model', async () => {
    const net = new Net();
    const path = join(dir, 'lenet.safetensors');
    await nn.save(net.stateDict(), path);
    const sd = await nn.load(path);
    expect(Object.keys(sd)).toEqual(Object.keys(net.stateDict()));
    const other = new Net();
    other.loadStateDict(sd);
    const x = torch.randn(2, 1, 32, 32);
    expect(same(other(x), net(x))).toBe(true);
  });

  test('any structure of tensors, numbers, strings, arrays, Maps and objects (e.g. optimizer state)', () => {
    const w = torch.randn(3);
    const state = {
      state: { 0: { momentum_buffer: w, step: torch.tensor(4) } },
      param_groups: [{ lr: 0.1, momentum: 0.9, nesterov: false, params: [0], eps: 1e-8, foreach: null, inf: Infinity }],
      shared: w,
      $dollar: 'kept',
      map: new Map<unknown, unknown>([[1, 'one']]),
    };
    const back = nn.deserialize(nn.serialize(state)) as typeof state;
    expect(same(back.state[0].momentum_buffer, w)).toBe(true);
    expect(back.state[0].step.item()).toBe(4);
    expect(back.param_groups).toEqual(state.param_groups);
    expect(back.shared).toBe(back.state[0].momentum_buffer);
    expect(back.$dollar).toBe('kept');
    expect(back.map).toEqual(new Map([[1, 'one']]));
  });

  test('a Module itself is refused with advice', () => {
    expect(() => nn.serialize(new Net())).toThrow(/save module.stateDict\(\)/);
  });

  test('a plain state dict is plain safetensors (no torchts metadata needed to read it)', () => {
    const bytes = nn.serialize({ a: torch.ones(2) });
    expect(nn.decodeSafetensors(bytes).metadata).toEqual({ format: 'pt' });
  });
});
