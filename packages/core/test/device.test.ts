// Devices (src/device.ts) against PyTorch 1.13's printing (fixtures/gen_misc.py), where the
// two agree: torchts devices always have an index (`'cpu'` is cpu:0 and prints as `cpu`).
import './setup.js';
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as torch from '@torchts/core';
import { loadFixture } from './fixtures/golden.js';

const fx = loadFixture<{ devices: { spec: string; str: string; repr: string; type: string; index: number | null }[] }>('misc.json');

describe('torch.device matches PyTorch', () => {
  for (const c of fx.devices) {
    it(c.spec, () => {
      const d = torch.device(c.spec);
      expect(d.type).toBe(c.type);
      expect(d.index).toBe(c.index ?? 0);
      // PyTorch keeps "no index" apart from index 0; torchts prints cpu:0 as "cpu".
      if (c.index !== null && c.spec !== 'cpu:0') {
        expect(String(d)).toBe(c.str);
        expect(inspect(d)).toBe(c.repr);
      }
      if (c.index === null && c.type === 'cpu') expect(String(d)).toBe(c.str);
    });
  }
});

describe('devices', () => {
  it('are interned and comparable', () => {
    expect(torch.device('cuda:1')).toBe(torch.device('cuda', 1));
    expect(torch.device('cpu').equals(torch.device('cpu:0'))).toBe(true);
    expect(torch.device('cpu').equals(torch.device('cuda:0'))).toBe(false);
    const d = torch.device('cuda:2');
    expect(torch.device(d)).toBe(d);
  });
  it('bad strings fail with PyTorch\'s message', () => {
    expect(() => torch.device('gpu 0')).toThrow('Expected one of cpu, cuda, webgpu device type at start of device string: gpu 0');
  });
  it('tensors live on the default device (cpu here)', () => {
    expect(String(torch.zeros(1).device)).toBe('cpu');
    expect(torch.getDefaultDevice().type).toBe('cpu');
    expect(torch.registeredDeviceTypes()).toContain('cpu');
  });
  it('a device without a backend names the package to install', () => {
    expect(() => torch.zeros(1, { device: 'cuda' })).toThrow(
      "no backend for device type 'cuda': install @torchts/backend-cuda and import it",
    );
  });
  it('setDefaultDevice changes where factories allocate', () => {
    torch.setDefaultDevice('cuda');
    try {
      expect(() => torch.zeros(1)).toThrow('@torchts/backend-cuda');
    } finally {
      torch.setDefaultDevice(null);
    }
    expect(torch.zeros(1).device.type).toBe('cpu');
  });
});
