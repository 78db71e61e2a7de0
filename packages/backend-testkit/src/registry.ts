/**
 * Registers the suite's vitest blocks: tracks each test's full name (for `skip`, tolerance
 * overrides and seeds) and turns unsupported dtypes and missing kernels into skips with a reason.
 * @module
 */
import { describe, it } from 'vitest';
import type { Backend, DType } from '@torchts/core';
import { Rng, seedFrom } from './cases/random.js';
import { defaultTolerances, matchesName, type ConformanceOptions, type Tolerance } from './options.js';
import type { CaseContext } from './harness.js';

/** What a test body gets: its own seeded generator and the context to run cases in. */
export interface TestEnv {
  readonly rng: Rng;
  readonly ctx: CaseContext;
  /** The test's full name, e.g. `'unary > exp > float32'`. */
  readonly fullName: string;
}

/** The suite being registered, handed to each op family. */
export class Registry {
  private readonly wanted: ReadonlySet<string> | null;

  constructor(
    readonly backend: Backend,
    readonly options: ConformanceOptions,
    /** The names of the enclosing blocks, below the top-level one. */
    readonly path: readonly string[] = [],
  ) {
    this.wanted = options.dtypes ? new Set(options.dtypes.map((d) => (typeof d === 'string' ? d : d.name))) : null;
  }

  /** Whether a dtype is among those the options ask to test. */
  wants(dtype: DType): boolean {
    return !this.wanted || this.wanted.has(dtype.name);
  }

  /** A `describe` block; `body` registers its content on the registry it is given. */
  group(name: string, body: (r: Registry) => void): void {
    // vitest may run the factory later, so the path travels with a child registry.
    describe(name, () => body(new Registry(this.backend, this.options, [...this.path, name])));
  }

  /**
   * One test. `dtypes` are the dtypes it tests (it is left out when the options exclude one);
   * `uses` are further dtypes it needs (int64 indices, a bool condition). A dtype the backend
   * does not store makes it a skip that says so; so does a match in `options.skip`.
   */
  test(name: string, dtypes: readonly DType[], uses: readonly DType[], body: (env: TestEnv) => Promise<void>): void {
    if (!dtypes.every((d) => this.wants(d))) return;
    const fullName = [...this.path, name].join(' > ');
    const type = this.backend.type;
    const missing = [...new Set([...dtypes, ...uses])].filter((d) => !this.backend.supportsDtype(d)).map((d) => d.name);
    if (missing.length) {
      const what = missing.length === 1 && missing[0] === name ? '' : ` ${missing.join(', ')}`;
      it.skip(`${name}:${what} not supported by ${type}`, () => {});
      return;
    }
    if (this.options.skip?.some((p) => matchesName(p, fullName))) {
      it.skip(`${name}: skipped by options`, () => {});
      return;
    }
    it(name, async () => {
      const ctx: CaseContext = {
        backend: this.backend,
        deviceIndex: this.options.deviceIndex ?? 0,
        tolerance: (dtype) => this.tolerance(dtype, fullName),
      };
      await body({ rng: new Rng(seedFrom(this.options.seed ?? 0x5eed, fullName)), ctx, fullName });
    });
  }

  /** A skipped test with a reason (a kernel the backend does not provide). */
  skip(name: string, reason: string): void {
    it.skip(`${name}: ${reason}`, () => {});
  }

  /** The float tolerance of `dtype` in the test `fullName`. */
  tolerance(dtype: DType, fullName: string): Tolerance {
    const t = this.options.tolerance;
    const key = dtype.name as keyof typeof defaultTolerances;
    const base = { ...(defaultTolerances[key] ?? { rtol: 0, atol: 0 }), ...(t?.[key] ?? {}) };
    const override = t?.overrides?.find((o) => matchesName(o.match, fullName));
    return { ...base, ...(override?.tolerance ?? {}) };
  }
}
