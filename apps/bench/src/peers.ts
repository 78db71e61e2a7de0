/**
 * Runs a plan in a child process: PyTorch (Debian's /usr/bin/python3 with torch) or a
 * JavaScript framework through `child.js` (TF.js backends, or torchts for a W5 epoch in a
 * fresh process). Progress goes to our stderr; the child's JSON comes back as a column.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChildResult } from './child.js';
import type { Plan } from './plan.js';

/**
 * The interpreter with PyTorch: `$TORCHTS_BENCH_PYTHON` (e.g. `python3` on a GPU machine whose
 * PyTorch has CUDA), else Debian's python3-torch at /usr/bin/python3 (a pyenv `python3` has no torch).
 */
export const PYTHON = process.env.TORCHTS_BENCH_PYTHON || '/usr/bin/python3';

/** A column from a child, or the reason there is none. */
export type PeerResult = ChildResult | { skipped: string };

/** The last stdout line that parses as JSON (libraries may print banners before it). */
function lastJson<T>(stdout: string): T | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as T;
    } catch {
      // not the result line
    }
  }
  return null;
}

function lastLine(text: string | null): string {
  return (text ?? '').trim().split('\n').pop() ?? '';
}

/**
 * Runs `plan` on PyTorch with `threads` intra-op threads.
 *
 * @example
 * ```ts
 * const r = runPyTorch(2, makePlan('quick'));
 * if (!('skipped' in r)) console.log(r.label, r.rows);
 * ```
 */
export function runPyTorch(threads: number, plan: Plan, timeoutMs = 900_000): PeerResult {
  if (PYTHON.includes('/') && !existsSync(PYTHON)) return { skipped: `PyTorch: ${PYTHON} not found` };
  const script = fileURLToPath(new URL('../py/peer_torch.py', import.meta.url));
  const res = spawnSync(PYTHON, [script, String(threads), JSON.stringify(plan)], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
  });
  if (res.stderr) process.stderr.write(res.stderr.split('\n').filter((l) => l.startsWith('  pytorch')).map((l) => `${l}\n`).join(''));
  const out = res.status === 0 ? lastJson<{ version: string; threads: number; gpu?: string | null; rows: ChildResult['rows'] }>(res.stdout) : null;
  if (!out) {
    const why = /No module named 'torch'/.test(res.stderr ?? '') ? 'python3-torch is not installed' : res.error?.message ?? lastLine(res.stderr);
    return { skipped: `PyTorch (${threads} thread${threads > 1 ? 's' : ''}) skipped: ${why}` };
  }
  if (out.gpu) return { label: `pytorch ${out.version} cuda (${out.gpu})`, rows: out.rows };
  return { label: `pytorch ${out.version} (${out.threads} thread${out.threads > 1 ? 's' : ''})`, rows: out.rows };
}

/**
 * Runs `plan` on `framework` (`torchts:<device>`, `tfjs:wasm`, `tfjs:cpu`) in a fresh Node
 * process.
 */
export function runChild(framework: string, plan: Plan, timeoutMs = 900_000): PeerResult {
  const script = fileURLToPath(new URL('./child.js', import.meta.url));
  const res = spawnSync(process.execPath, [script, framework, JSON.stringify(plan)], {
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const out = res.status === 0 ? lastJson<ChildResult>(res.stdout) : null;
  if (!out) return { skipped: `${framework} skipped: ${res.error?.message ?? `exit code ${res.status}`}` };
  return out;
}
