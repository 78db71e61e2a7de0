// Memory accounting (src/memory.ts, src/storage.ts): torch.memory() with dispose, tidy and keep.
import './setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';

const live = (): torch.MemoryInfo => torch.memory('cpu');

describe('torch.memory()', () => {
  it('counts tensors, storages and bytes; views share a storage', () => {
    const before = live();
    const x = torch.zeros(4, 4); // 64 bytes
    const v = x.view(16);
    const after = live();
    expect(after.tensors - before.tensors).toBe(2);
    expect(after.storages - before.storages).toBe(1);
    expect(after.bytes - before.bytes).toBe(64);
    v.dispose();
    expect(live().storages - before.storages).toBe(1);
    x.dispose();
    expect(live()).toEqual(before);
  });
  it('bytes follow the dtype\'s element size', () => {
    const before = live().bytes;
    const a = torch.zeros(10, { dtype: torch.int64 });
    const b = torch.zeros(10, { dtype: torch.uint8 });
    expect(live().bytes - before).toBe(80 + 10);
    a.dispose();
    b.dispose();
  });
  it('dispose is idempotent and a disposed tensor refuses to work', () => {
    const x = torch.ones(2);
    x.dispose();
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow('Tensor was disposed: it can no longer be used');
    expect(String(x)).toBe('tensor(<disposed>)');
  });
  it('tidy releases what it created except the result', () => {
    const before = live();
    const y = torch.tidy(() => {
      const a = torch.ones(100);
      const b = a.mul(2);
      return b.add(1);
    });
    const after = live();
    expect(after.tensors - before.tensors).toBe(1);
    expect(after.bytes - before.bytes).toBe(400);
    expect(y.tolist()).toEqual(new Array(100).fill(3));
    y.dispose();
    expect(live()).toEqual(before);
  });
  it('tidy keeps tensors returned inside arrays and objects, and kept ones', () => {
    const before = live();
    let kept: torch.Tensor | null = null;
    const r = torch.tidy(() => {
      kept = torch.keep(torch.zeros(1));
      torch.zeros(50); // released
      return { a: [torch.ones(1)], b: torch.ones(2) };
    });
    expect(live().tensors - before.tensors).toBe(3);
    r.a[0]!.dispose();
    r.b.dispose();
    kept!.dispose();
    expect(live()).toEqual(before);
  });
  it('nested tidy scopes hand results to the outer scope', () => {
    const before = live();
    torch.tidy(() => {
      const inner = torch.tidy(() => torch.ones(3).add(1));
      expect(inner.isDisposed).toBe(false);
      return undefined;
    });
    expect(live()).toEqual(before);
  });
  it('tidy refuses async functions', () => {
    expect(() => torch.tidy(() => Promise.resolve(1) as never)).toThrow('tidy(fn): fn must be synchronous');
  });
  it('a loop in tidy runs flat', () => {
    const w = torch.ones(64);
    const before = live();
    for (let i = 0; i < 20; i++) {
      torch.tidy(() => {
        w.mul(2).add(1).index("::2").neg();
      });
    }
    expect(live()).toEqual(before);
    w.dispose();
  });
});
