import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { loadAddon, notBuiltReason, probeReason, type NativeProbe } from '../src/native-addon.js';

/** The contract's op lists (packages/core/src/backend.ts), in order. */
const UNARY = ['neg', 'abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'rsqrt', 'reciprocal',
  'square', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'erf',
  'erfc', 'sigmoid', 'relu', 'silu', 'gelu', 'floor', 'ceil', 'round', 'trunc', 'frac', 'logicalNot', 'bitwiseNot',
  'isnan', 'isinf', 'isfinite'];
const BINARY = ['add', 'sub', 'mul', 'div', 'divTrunc', 'divFloor', 'remainder', 'fmod', 'pow', 'maximum', 'minimum',
  'atan2', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr',
  'bitwiseXor'];
const REDUCE = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'all', 'any'];

/** nvcc where scripts/build-native.mjs looks for it. */
function nvccPath(): string | null {
  const candidates = [process.env.CUDACXX, process.env.CUDA_HOME && join(process.env.CUDA_HOME, 'bin', 'nvcc'),
    '/usr/local/cuda/bin/nvcc', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'nvcc'))];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? null;
}

function probe(over: Partial<NativeProbe>): NativeProbe {
  return { count: 0, error: 0, errorName: 'cudaSuccess', message: 'no error', driverVersion: 0, runtimeVersion: 13000, ...over };
}

describe('probeReason', () => {
  it('says "no CUDA driver" for cudaErrorInsufficientDriver without a driver', () => {
    expect(probeReason(probe({ error: 35, errorName: 'cudaErrorInsufficientDriver' }))).toBe('no CUDA driver');
    expect(probeReason(probe({ error: 34, errorName: 'cudaErrorStubLibrary' }))).toBe('no CUDA driver');
  });
  it('names a driver older than the runtime', () => {
    expect(probeReason(probe({ error: 35, driverVersion: 12040 }))).toBe(
      'CUDA driver too old: it supports CUDA 12.4, the addon was built with CUDA 13.0');
  });
  it('says "no CUDA device" without devices', () => {
    expect(probeReason(probe({ error: 100, errorName: 'cudaErrorNoDevice' }))).toBe('no CUDA device');
    expect(probeReason(probe({ count: 0 }))).toBe('no CUDA device');
  });
  it('is null with a device, and reports other errors', () => {
    expect(probeReason(probe({ count: 2 }))).toBeNull();
    expect(probeReason(probe({ error: 999, errorName: 'cudaErrorUnknown', message: 'unknown error' }))).toBe(
      'CUDA initialization failed: cudaErrorUnknown (unknown error)');
  });
});

describe('notBuiltReason', () => {
  it('explains a build skipped for want of nvcc', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tts-cuda-'));
    const path = join(dir, 'build-info.json');
    writeFileSync(path, JSON.stringify({ built: false, reason: 'nvcc not found at install time: looked for /usr/local/cuda/bin/nvcc' }));
    expect(notBuiltReason(path)).toBe('built without CUDA (nvcc not found at install time: looked for /usr/local/cuda/bin/nvcc)');
  });
  it('tells how to build when the build never ran', () => {
    expect(notBuiltReason('/nonexistent/build-info.json')).toMatch(/^built without CUDA \(the native addon was not built: run `pnpm --filter @torchts\/backend-cuda build:native`/);
  });
});

describe('the native addon', () => {
  const nvcc = nvccPath();
  const test = nvcc ? it : it.skip;

  test(`builds and loads here (nvcc: ${nvcc ?? 'not found'})`, () => {
    const s = loadAddon();
    expect(s.path).toMatch(/torchts_cuda\.node$/);
    expect(s.addon).not.toBeNull();
    const addon = s.addon!;
    // The addon lists every core dtype (in its own order: bfloat16 came last there).
    expect([...addon.dtypes].sort()).toEqual(Object.keys(dtypes).sort());
    expect(addon.unaryOps).toEqual(UNARY);
    expect(addon.binaryOps).toEqual(BINARY);
    expect(addon.reduceOps).toEqual(REDUCE);
    for (const fn of ['probe', 'alloc', 'free', 'write', 'read', 'fill', 'copy', 'unary', 'clamp', 'binary', 'where',
      'reduce', 'matmul', 'gather', 'scatter', 'indexSelect', 'cumulative', 'sort', 'conv2d', 'conv2dBackwardInput',
      'conv2dBackwardWeight', 'maxPool2d', 'softmax', 'synchronize', 'memoryAllocated', 'memoryReserved', 'emptyCache']) {
      expect(typeof (addon as unknown as Record<string, unknown>)[fn]).toBe('function');
    }
  });

  test('probes without crashing and reports the driver state', () => {
    const s = loadAddon();
    const p = s.addon!.probe();
    expect(p.runtimeVersion).toBeGreaterThan(0);
    if (p.count > 0) {
      expect(s.reason).toBeNull();
    } else if (p.driverVersion === 0) {
      // This machine: the toolkit but no driver (libcuda.so), so cudaGetDeviceCount fails with error 35.
      expect(p.error).toBe(35);
      expect(p.errorName).toBe('cudaErrorInsufficientDriver');
      expect(s.reason).toBe('no CUDA driver');
    } else {
      expect(s.reason).not.toBeNull();
    }
  });

  test('turns CUDA failures into RuntimeErrors without a device', () => {
    const s = loadAddon();
    if (s.reason === null) return; // covered by the GPU tests
    const addon = s.addon!;
    // cudaGetDeviceCount fails here, so any device call throws a JS error naming it.
    expect(() => addon.alloc(0, 1024)).toThrow(/cudaGetDeviceCount failed: cudaErrorInsufficientDriver|does not exist/);
    expect(() => addon.synchronize(0)).toThrow(/cudaGetDeviceCount failed|does not exist/);
    try {
      addon.alloc(0, 16);
    } catch (err) {
      expect((err as Error).name).toBe('RuntimeError');
    }
    expect(addon.memoryAllocated(0)).toBe(0);
    expect(addon.matmulInfo(0)).toMatch(/^builtin GEMM kernels \(cuBLAS not found|^cuBLAS/);
  });
});
