// torch.cuda and torch.backends on any machine: without a GPU they report why and keep the
// switches; with one (bundled into the GPU run) the switches reach the CUDA package.
import { describe, expect, it } from 'vitest';
import * as torch from 'torchts';

const reason = torch.cuda.unavailableReason();

describe('torch.cuda', () => {
  it.skipIf(reason === null)('reports why CUDA is unavailable and answers its functions as PyTorch does without CUDA (skipped where CUDA is available)', () => {
    expect(torch.cuda.isAvailable()).toBe(false);
    expect(torch.cuda.deviceCount()).toBe(0);
    expect(reason).toMatch(/\S/);
    expect(torch.cuda.memoryAllocated()).toBe(0);
    expect(torch.cuda.memoryReserved()).toBe(0);
    expect(() => torch.cuda.emptyCache()).not.toThrow();
    expect(() => torch.cuda.getDeviceName(0)).toThrow(/CUDA/);
    expect(() => torch.cuda.synchronize()).toThrow(/CUDA/);
  });

  it.skipIf(reason !== null)(`finds cuDNN beside the GPU${reason === null ? '' : ` (skipped: ${reason})`}`, () => {
    expect(torch.backends.cudnn.isAvailable()).toBe(true);
  });
});

describe('torch.cuda seeds', () => {
  it('manualSeed seeds the GPU generator only; torch.manualSeed seeds both; seed() picks a new one', () => {
    torch.manualSeed(3);
    const cpu = torch.rand(4).tolist();
    torch.cuda.manualSeed(123);
    expect(torch.cuda.initialSeed()).toBe(123n);
    expect(torch.deviceGenerator.offset).toBe(0);
    torch.manualSeed(3);
    expect(torch.rand(4).tolist()).toEqual(cpu);
    expect(torch.cuda.initialSeed()).toBe(3n);
    torch.cuda.manualSeedAll(2n ** 64n + 5n);
    expect(torch.cuda.initialSeed()).toBe(5n);
    const s = torch.cuda.seed();
    expect(torch.cuda.initialSeed()).toBe(s);
  });
});

describe('torch.backends', () => {
  it('TF32 is off and cuDNN on by default; the switches read back what was set', () => {
    expect(torch.backends.cuda.matmul.allowTf32).toBe(false);
    expect(torch.backends.cudnn.allowTf32).toBe(false);
    expect(torch.backends.cudnn.enabled).toBe(true);
    expect(torch.backends.cudnn.benchmark).toBe(false);
    try {
      torch.backends.cudnn.benchmark = true;
      expect(torch.backends.cudnn.benchmark).toBe(true);
      torch.backends.cuda.matmul.allowTf32 = true;
      torch.backends.cudnn.allowTf32 = true;
      torch.backends.cudnn.enabled = false;
      expect([torch.backends.cuda.matmul.allowTf32, torch.backends.cudnn.allowTf32, torch.backends.cudnn.enabled]).toEqual([true, true, false]);
    } finally {
      torch.backends.cuda.matmul.allowTf32 = false;
      torch.backends.cudnn.allowTf32 = false;
      torch.backends.cudnn.enabled = true;
      torch.backends.cudnn.benchmark = false;
    }
    if (reason !== null) expect(torch.backends.cudnn.isAvailable()).toBe(false);
  });
});
