import { describe, expect, it } from 'vitest';
import { toCamel, toSnake } from '../src/keys.js';

describe('keys', () => {
  it("converts PyTorch's state-dict keys both ways", () => {
    const pairs: [string, string][] = [
      ['weight_decay', 'weightDecay'], ['exp_avg_sq', 'expAvgSq'], ['max_exp_avg_sq', 'maxExpAvgSq'],
      ['initial_lr', 'initialLr'], ['initial_accumulator_value', 'initialAccumulatorValue'], ['lr', 'lr'],
      ['_step_count', '_stepCount'], ['use_beta1', 'useBeta1'],
    ];
    for (const [snake, camel] of pairs) {
      expect(toCamel(snake)).toBe(camel);
      expect(toSnake(camel)).toBe(snake);
    }
  });
});
