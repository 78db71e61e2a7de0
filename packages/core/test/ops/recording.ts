// A stand-in for @torchts/autograd that only records what the ops report (for the tests of
// what each op family records: op names and args, the contract with the autograd package).
import * as torch from '@torchts/core';

export interface Recorded { op: string; inplace: boolean; inputs: (torch.Tensor | null)[]; args: Record<string, unknown> }

/** Installs the recorder; returns the log and an uninstall function. */
export function installRecorder(): { log: Recorded[]; uninstall: () => void } {
  const log: Recorded[] = [];
  const mark = (rec: torch.OpRecord, inplace: boolean): void => {
    log.push({ op: rec.op, inplace, inputs: [...rec.inputs], args: { ...rec.args } });
    for (const out of rec.outputs) {
      out._requiresGrad = true;
      out.gradFn = { name: () => rec.op, nextFunctions: [] };
    }
  };
  torch.installAutograd({
    record: (rec) => mark(rec, false),
    recordInplace: (rec) => mark(rec, true),
    backward: () => undefined,
  });
  return { log, uninstall: () => torch.installAutograd(null as never) };
}
