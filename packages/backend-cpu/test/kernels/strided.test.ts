import { describe, expect, it } from 'vitest';
import { contiguousStrides, isContiguous, Loop, numelOf } from '../../src/kernels/strided.js';
import { cpuBackend } from '../../src/index.js';
import { float32 } from '@torchts/core';

/** Every element's offsets, in the order a Loop visits them. */
function visit(loop: Loop, nops: number): number[][] {
  const seen: number[][] = [];
  const { n } = loop;
  const s = [loop.s0, loop.s1, loop.s2, loop.s3];
  loop.forEach((...o) => {
    for (let k = 0; k < n; k++) seen.push(o.slice(0, nops).map((v, i) => v + k * s[i]!));
  });
  return seen;
}

/** The offsets of every element of a shape, row-major, by plain counting. */
function naive(shape: number[], strides: number[][], offsets: number[]): number[][] {
  const out: number[][] = [];
  const idx = new Array<number>(shape.length).fill(0);
  for (let e = 0; e < numelOf(shape); e++) {
    out.push(strides.map((st, k) => offsets[k]! + idx.reduce((acc, i, d) => acc + i * st[d]!, 0)));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

const sortRows = (rows: number[][]): number[][] => rows.slice().sort((a, b) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
});

describe('Loop (strided iteration)', () => {
  it('merges contiguous dims into one row', () => {
    const loop = new Loop([2, 3, 4], [[12, 4, 1], [12, 4, 1]], [0, 5]);
    expect(loop.rows).toBe(1);
    expect(loop.n).toBe(24);
  });

  it('keeps broadcast dims apart and visits every element once', () => {
    const shape = [3, 1, 4, 2];
    const strides = [[8, 8, 2, 1], [0, 0, 1, 0], [1, 99, 3, 12]];
    const offsets = [0, 2, 7];
    const loop = new Loop(shape, strides, offsets);
    expect(visit(loop, 3)).toEqual(naive(shape, strides, offsets));
  });

  it('walks in the order of one operand without losing elements', () => {
    const shape = [4, 5, 3];
    const strides = [[1, 4, 20], [15, 3, 1]];
    const loop = new Loop(shape, strides, [0, 0], 0);
    expect(loop.s0).toBe(1); // the densest dim of operand 0 is the row
    expect(sortRows(visit(loop, 2))).toEqual(sortRows(naive(shape, strides, [0, 0])));
  });

  it('handles 0-d and empty shapes', () => {
    const scalar = new Loop([], [[], []], [3, 4]);
    expect(visit(scalar, 2)).toEqual([[3, 4]]);
    const empty = new Loop([2, 0, 3], [[0, 3, 1]], [0]);
    expect(visit(empty, 1)).toEqual([]);
  });

  it('knows contiguous views', () => {
    const buffer = cpuBackend.alloc(float32, 24, 0);
    expect(isContiguous({ buffer, shape: [2, 3, 4], strides: contiguousStrides([2, 3, 4]), offset: 0 })).toBe(true);
    expect(isContiguous({ buffer, shape: [2, 1, 4], strides: [4, 99, 1], offset: 3 })).toBe(true);
    expect(isContiguous({ buffer, shape: [4, 2], strides: [1, 4], offset: 0 })).toBe(false);
  });
});
