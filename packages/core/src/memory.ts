/**
 * Releasing device memory: `dispose()`, `torch.tidy(fn)`, `torch.keep(t)` and the
 * FinalizationRegistry safety net.
 * @module
 */
import type { Storage } from './storage.js';

/** @internal Tensors created inside each active `tidy` scope. */
const scopes: Set<Disposable>[] = [];

/** @internal What tidy tracks: anything with dispose() and a kept flag. */
export interface Disposable {
  dispose(): void;
  /** @internal */
  _kept: boolean;
}

/** @internal Called for every new tensor. */
export function trackInScope(t: Disposable): void {
  const scope = scopes[scopes.length - 1];
  if (scope) scope.add(t);
}

/** @internal Releases a storage reference when its tensor is garbage-collected. */
export const finalizer = new FinalizationRegistry<Storage>((storage) => storage.release());

function collectTensors(value: unknown, into: Set<unknown>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if ('dispose' in value && '_kept' in value) {
    into.add(value);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collectTensors(v, into, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, into, depth + 1);
  }
}

/**
 * Runs `fn` and disposes every tensor created inside it except those it returns (also
 * inside arrays or plain objects) and those passed to {@link keep}. Keeps device memory flat
 * in loops, as TF.js's `tidy`.
 *
 * @example
 * ```ts
 * const loss = torch.tidy(() => criterion(net(x), y)); // intermediates are released
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  if (result instanceof Promise) {
    throw new TypeError('tidy(fn): fn must be synchronous (it returned a Promise)');
  }
  const keepSet = new Set<unknown>();
  collectTensors(result, keepSet);
  const outer = scopes[scopes.length - 1];
  for (const t of scope) {
    if (keepSet.has(t) || t._kept) {
      outer?.add(t);
    } else t.dispose();
  }
  return result;
}

/** Marks a tensor to survive the enclosing {@link tidy} scopes; returns it. */
export function keep<T extends Disposable>(t: T): T {
  t._kept = true;
  return t;
}
