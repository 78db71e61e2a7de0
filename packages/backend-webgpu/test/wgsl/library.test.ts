/** The WGSL library: a shader gets the functions it calls and what they call, in order. */
import { describe, expect, it } from 'vitest';
import { libraryFor } from '../../src/wgsl/library.js';

describe('libraryFor', () => {
  it('includes called functions after their dependencies, once', () => {
    const lib = libraryFor('let y = log1p_f(x) + exp_f(x);');
    const names = [...lib.matchAll(/^fn ([a-z0-9_]+)/gm)].map((m) => m[1]);
    expect(names).toContain('log1p_f');
    expect(names).toContain('log_parts');
    expect(new Set(names).size).toBe(names.length);
    for (const [fn, dep] of [['log1p_f', 'log_f'], ['log_f', 'is_nan'], ['exp_f', 'ldexp2']]) {
      expect(names.indexOf(dep!)).toBeLessThan(names.indexOf(fn!));
    }
    expect(names).not.toContain('sin_f');
  });
  it('adds nothing for code that calls no library function', () => {
    expect(libraryFor('let y = x * 2.0;')).toBe('');
  });
});
