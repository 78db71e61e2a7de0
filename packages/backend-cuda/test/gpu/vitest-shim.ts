/**
 * A tiny stand-in for vitest's `describe` / `it` / `expect`, so that the GPU tests (and the
 * conformance suite, which registers vitest tests) run as one esbuild bundle under a plain Node
 * on the GPU machine, where no npm package can be installed. scripts/gpu-bundle.sh aliases
 * `vitest` to this file; `runCollected` then runs what the test files registered.
 * Only the parts of vitest's API that this package's tests and the testkit use are here.
 */
import { isDeepStrictEqual } from 'node:util';

type Body = () => unknown | Promise<unknown>;

interface TestEntry {
  name: string;
  body: Body | null;
  skipReason?: string;
}

const tests: TestEntry[] = [];
const path: string[] = [];

function fullName(name: string): string {
  return [...path, name].join(' > ');
}

/** Registers a block; its body runs at once, as vitest collects tests. */
export function describe(name: string, body: () => void): void {
  path.push(name);
  try {
    body();
  } finally {
    path.pop();
  }
}
describe.skip = (name: string, _body: () => void): void => {
  tests.push({ name: fullName(name), body: null, skipReason: 'describe.skip' });
};

function register(name: string, body: Body): void {
  tests.push({ name: fullName(name), body });
}

/** Registers a test. */
export const it = Object.assign(register, {
  skip: (name: string, _body?: Body): void => {
    tests.push({ name: fullName(name), body: null, skipReason: 'skip' });
  },
  skipIf: (cond: boolean) => (name: string, body: Body): void => (cond ? it.skip(name) : register(name, body)),
});
export const test = it;

export function beforeAll(body: Body): void {
  tests.push({ name: fullName('(beforeAll)'), body });
}

class AssertionError extends Error {
  override name = 'AssertionError';
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as ArrayLike<number>).length})`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

type ErrorMatcher = string | RegExp | (new (...args: never[]) => Error) | undefined;

function errorMatches(err: unknown, expected: ErrorMatcher): boolean {
  if (expected === undefined) return true;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof expected === 'string') return message.includes(expected);
  if (expected instanceof RegExp) return expected.test(message);
  return err instanceof expected;
}

function matchers(actual: unknown, negate: boolean) {
  const check = (pass: boolean, what: string): void => {
    if (pass === negate) throw new AssertionError(`expected ${show(actual)} ${negate ? 'not ' : ''}${what}`);
  };
  return {
    toBe: (e: unknown) => check(Object.is(actual, e), `to be ${show(e)}`),
    toEqual: (e: unknown) => check(isDeepStrictEqual(actual, e), `to equal ${show(e)}`),
    toStrictEqual: (e: unknown) => check(isDeepStrictEqual(actual, e), `to equal ${show(e)}`),
    toBeNull: () => check(actual === null, 'to be null'),
    toBeUndefined: () => check(actual === undefined, 'to be undefined'),
    toBeDefined: () => check(actual !== undefined, 'to be defined'),
    toBeTruthy: () => check(!!actual, 'to be truthy'),
    toBeFalsy: () => check(!actual, 'to be falsy'),
    toBeGreaterThan: (e: number) => check((actual as number) > e, `to be > ${e}`),
    toBeGreaterThanOrEqual: (e: number) => check((actual as number) >= e, `to be >= ${e}`),
    toBeLessThan: (e: number) => check((actual as number) < e, `to be < ${e}`),
    toBeLessThanOrEqual: (e: number) => check((actual as number) <= e, `to be <= ${e}`),
    toBeCloseTo: (e: number, digits = 2) => check(Math.abs((actual as number) - e) < 10 ** -digits / 2, `to be close to ${e}`),
    toMatch: (e: string | RegExp) =>
      check(typeof actual === 'string' && (typeof e === 'string' ? actual.includes(e) : e.test(actual)), `to match ${String(e)}`),
    toContain: (e: unknown) => check((actual as { includes(x: unknown): boolean }).includes(e), `to contain ${show(e)}`),
    toBeInstanceOf: (e: new (...args: never[]) => unknown) => check(actual instanceof e, `to be an instance of ${e.name}`),
    toThrow: (e?: ErrorMatcher) => {
      let threw = false, err: unknown;
      try {
        (actual as () => unknown)();
      } catch (x) {
        threw = true;
        err = x;
      }
      const pass = threw && errorMatches(err, e);
      if (pass === negate) {
        const got = threw ? `threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}` : 'did not throw';
        throw new AssertionError(`expected the function ${negate ? 'not ' : ''}to throw ${e === undefined ? '' : String(e)} but it ${got}`);
      }
    },
  };
}

/** `expect(value).toBe(...)` and friends, with `.not`. */
export function expect(actual: unknown) {
  return Object.assign(matchers(actual, false), { not: matchers(actual, true) });
}

/** `vi.spyOn(object, method).mockImplementation(fn)` and `.mockRestore()`, nothing more. */
export const vi = {
  spyOn<T extends object, K extends keyof T>(object: T, method: K) {
    const original = object[method];
    const spy = {
      mockImplementation(fn: T[K]) {
        object[method] = fn;
        return spy;
      },
      mockRestore() {
        object[method] = original;
      },
    };
    return spy;
  },
};

/** Outcome of one test. */
export interface TestResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

/** Runs the registered tests in order (those matching `filter`), printing one line per failure. */
export async function runCollected(filter?: RegExp, log: (line: string) => void = console.log): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of tests) {
    if (filter && !filter.test(t.name)) continue;
    if (!t.body) {
      results.push({ name: t.name, status: 'skipped', ms: 0, error: t.skipReason });
      continue;
    }
    const start = performance.now();
    try {
      await t.body();
      results.push({ name: t.name, status: 'passed', ms: performance.now() - start });
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}${err.cause ? `\n  cause: ${String(err.cause)}` : ''}` : String(err);
      results.push({ name: t.name, status: 'failed', ms: performance.now() - start, error });
      log(`FAIL ${t.name}\n  ${error.split('\n').join('\n  ')}`);
    }
  }
  return results;
}

/**
 * The main of a GPU test bundle: runs what the imported test files registered
 * (`--filter <regexp>`), prints every failure, the time per top-level block, the five slowest
 * tests and `N passed, N failed, N skipped`, writes `--json <file>`, and exits 1 on a failure.
 * `header` prints first (the device); `footer` after the tests (memory statistics).
 */
export async function runGpuMain(header: () => string, footer: () => string | null = () => null): Promise<never> {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const filterText = arg('--filter');
  const jsonPath = arg('--json');
  console.log(header());
  const start = performance.now();
  const results = await runCollected(filterText ? new RegExp(filterText) : undefined);
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  // Time per top-level block, to see where the device time goes.
  const blocks = new Map<string, number>();
  for (const r of results) {
    const top = r.name.split(' > ')[0]!;
    blocks.set(top, (blocks.get(top) ?? 0) + r.ms);
  }
  for (const [name, ms] of blocks) console.log(`  ${(ms / 1000).toFixed(2)} s  ${name}`);
  const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
  for (const r of slowest) console.log(`  slowest: ${(r.ms / 1000).toFixed(2)} s  ${r.name}`);
  const passed = results.filter((r) => r.status === 'passed').length;
  const failed = results.filter((r) => r.status === 'failed').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  if (jsonPath) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(jsonPath, `${JSON.stringify({ seconds, passed, failed, skipped, results }, null, 1)}\n`);
  }
  const tail = footer();
  if (tail) console.log(tail);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped (${seconds} s)`);
  process.exit(failed > 0 ? 1 : 0);
}
