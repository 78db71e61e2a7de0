/** Timing helpers: warm up, then the median of repeated runs. */

/** Median seconds of `fn` over `reps` runs after `warmup` runs (at least `minSeconds` in total). */
export function medianSeconds(fn: () => void, { warmup = 2, reps = 7, minSeconds = 0.3 } = {}): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < reps || (performance.now() - start) / 1000 < minSeconds) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
    if (times.length >= 200) break;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
