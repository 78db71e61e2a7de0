/** How dtypes map to WGSL: storage types, stores that wrap or round, casts. */
import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { castExpr, gpuSupports, gpuUnsupportedReason, storeExpr, wgslType } from '../../src/wgsl/dtype.js';

describe('wgsl dtypes', () => {
  it('stores every dtype but float64 and bfloat16 in one 32-bit word', () => {
    expect(gpuSupports(dtypes.float64)).toBe(false);
    expect(gpuSupports(dtypes.bfloat16)).toBe(false);
    expect(gpuUnsupportedReason(dtypes.float64)).toBe('WGSL has no 64-bit floats');
    expect(gpuUnsupportedReason(dtypes.bfloat16)).toBe('WGSL has no bfloat16');
    expect(gpuUnsupportedReason(dtypes.float16)).toBeNull();
    expect(gpuSupports(dtypes.float16)).toBe(true);
    expect(['float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'].map((n) => wgslType(dtypes[n as 'int8'])))
      .toEqual(['f32', 'f32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  });
  it('wraps narrow integers and rounds float16 on store', () => {
    expect(storeExpr(dtypes.uint8, 'v')).toBe('(v & 255)');
    expect(storeExpr(dtypes.int8, 'v')).toBe('((v << 24u) >> 24u)');
    expect(storeExpr(dtypes.float16, 'v')).toBe('round_half(v)');
    expect(storeExpr(dtypes.int64, 'v')).toBe('v');
  });
  it('casts as copy_ does', () => {
    expect(castExpr(dtypes.float32, dtypes.int32, 'x')).toBe('f2i(x)');
    expect(castExpr(dtypes.float32, dtypes.bool, 'x')).toBe('select(0, 1, nonzero_f(x))');
    expect(castExpr(dtypes.int8, dtypes.float16, 'x')).toBe('f32(x)');
    expect(castExpr(dtypes.uint8, dtypes.int64, 'x')).toBe('x');
  });
});
