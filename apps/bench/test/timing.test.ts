// The timing policy (how many runs), not the clock.
import { describe, expect, it } from 'vitest';
import { median, medianSeconds } from '../src/timing.js';

describe('bench timing', () => {
  it('median as Python statistics.median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('warmups, then at least reps runs and at most maxReps', async () => {
    let calls = 0;
    await medianSeconds(() => void calls++, { warmup: 2, reps: 3, minSeconds: 0, maxReps: 3 });
    expect(calls).toBe(5);
  });

  it('a warmup slower than slowSeconds is the only run', async () => {
    let calls = 0;
    const s = await medianSeconds(
      async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
      },
      { warmup: 1, reps: 2, minSeconds: 0, maxReps: 2, slowSeconds: 0.005 },
    );
    expect(calls).toBe(1);
    expect(s).toBeGreaterThan(0.005);
  });
});
