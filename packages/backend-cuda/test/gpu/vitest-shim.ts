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
