// Test helpers: capture what ops tell autograd (`record` calls), and count live storages.
import * as torch from '@torchts/core';
import type { OpRecord } from '@torchts/core';

/** A recorded op, with `inplace` set for `recordInplace` calls. */
export interface SpiedRecord extends OpRecord {
  inplace?: boolean;
}

/**
 * Runs `fn` with a fake autograd installed (so tensors may require grad and ops record),
 * returning every record made. The previous hooks are restored afterwards.
 */
export function spyRecords(fn: () => void): SpiedRecord[] {
  const records: SpiedRecord[] = [];
  const prev = torch.autogradHooks();
  torch.installAutograd({
    record: (r) => {
      records.push(r);
      // Outputs of recorded ops require grad, so the ops built on them record too.
      for (const o of r.outputs) {
        if (!o.dtype.isFloatingPoint) continue;
        o._requiresGrad = true;
        o.gradFn = { name: () => `${r.op}Spy`, nextFunctions: [] };
      }
    },
    recordInplace: (r) => void records.push({ ...r, inplace: true }),
    backward: () => {
      throw new Error('no backward in the spy');
    },
  });
  try {
    fn();
  } finally {
    torch.installAutograd(prev as never);
  }
  return records;
}

/** The one record named `op` (fails when there is not exactly one). */
export function recordOf(records: SpiedRecord[], op: string): SpiedRecord {
  const found = records.filter((r) => r.op === op);
  if (found.length !== 1) {
    throw new Error(`expected one '${op}' record, got ${found.length}: ${records.map((r) => r.op).join(', ')}`);
  }
  return found[0]!;
}

/** Storages alive after `fn` minus before, less those held by its result (a tensor or a list). */
export function leakedStorages(fn: () => unknown): number {
  const before = torch.memory('cpu').storages;
  const r = fn();
  const n = Array.isArray(r) ? r.length : 1;
  return torch.memory('cpu').storages - before - n;
}
