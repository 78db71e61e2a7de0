/** Size classes and the buffer pool (with stand-in GPU buffers). */
import { describe, expect, it } from 'vitest';
import { BufferPool, sizeClass } from '../src/buffer.js';

describe('sizeClass', () => {
  it('rounds small requests to powers of two and large ones to quarter steps', () => {
    expect([1, 16, 17, 100, 4096].map(sizeClass)).toEqual([16, 16, 32, 128, 4096]);
    expect(sizeClass(4097)).toBe(5120);
    expect(sizeClass(1_000_000)).toBe(1_048_576);
    expect(sizeClass(600_000)).toBe(655_360);
    for (const n of [5000, 123_456, 9_999_999]) {
      expect(sizeClass(n)).toBeGreaterThanOrEqual(n);
      expect(sizeClass(n)).toBeLessThanOrEqual(n * 1.25);
    }
  });
});

describe('BufferPool', () => {
  const fake = () => {
    const destroyed: number[] = [];
    const pool = new BufferPool((size) => ({ size, destroy: () => destroyed.push(size) }) as unknown as GPUBuffer, 4096);
    return { pool, destroyed };
  };
  it('hands back a released buffer of the same size class', () => {
    const { pool } = fake();
    const a = pool.acquire(100);
    pool.release(a);
    expect(pool.acquire(120)).toBe(a);
    expect(pool.acquire(120)).not.toBe(a);
    expect(pool.created).toBe(2);
  });
  it('destroys buffers past its capacity and on trim', () => {
    const { pool, destroyed } = fake();
    const big = pool.acquire(4096);
    const small = pool.acquire(16);
    pool.release(big);
    pool.release(small); // 4096 + 16 > capacity
    expect(destroyed).toEqual([16]);
    pool.trim();
    expect(destroyed).toEqual([16, 4096]);
    expect(pool.created).toBe(0);
    expect(pool.idleSize).toBe(0);
  });
});
