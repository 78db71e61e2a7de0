/**
 * Key spelling between torchts (camelCase: `weightDecay`, `expAvgSq`) and PyTorch's state
 * dicts (snake_case: `weight_decay`, `exp_avg_sq`), so state dicts interoperate with PyTorch's.
 * @module
 */

/** `weightDecay` -> `weight_decay`; `_stepCount` -> `_step_count`; snake_case stays as is. */
export function toSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `weight_decay` -> `weightDecay`; a leading underscore is kept (`_step_count` -> `_stepCount`). */
export function toCamel(key: string): string {
  const lead = /^_*/.exec(key)![0];
  return lead + key.slice(lead.length).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
