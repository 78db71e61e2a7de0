/** Timing helpers: warm up, then the median of repeated runs. */
import type { Timing } from './plan.js';

/**
 * Median seconds of `fn` after `timing.warmup` untimed runs: at least `timing.reps` runs and
 * `timing.minSeconds` in total, at most `timing.maxReps` runs (fewer with `timing.slowSeconds`). `fn` may return a promise (a
 * GPU device's synchronize), which is awaited inside the timed region.
 *
 * @example
 * ```ts
 * const s = await medianSeconds(() => void torch.matmul(a, b), { warmup: 2, reps: 7, minSeconds: 0.3, maxReps: 200 });
 * ```
 */
export async function medianSeconds(fn: () => unknown, timing: Timing): Promise<number> {
  const slow = timing.slowSeconds ?? Infinity;
  for (let i = 0; i < timing.warmup; i++) {
    const t0 = performance.now();
    await fn();
    const s = (performance.now() - t0) / 1000;
    if (s > slow) return s;
  }
  const times: number[] = [];
  const start = performance.now();
  while (times.length < timing.reps || (performance.now() - start) / 1000 < timing.minSeconds) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
    if (times.length >= timing.maxReps || (performance.now() - start) / 1000 > slow) break;
  }
  return median(times);
}

/** The median of a non-empty list (the mean of the middle two for an even length, as Python's `statistics.median`). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
