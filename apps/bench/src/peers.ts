/** Runs the same workloads on PyTorch (Debian's /usr/bin/python3) when it has torch. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Row } from './workloads.js';

const python = '/usr/bin/python3';

/** PyTorch's rows and a label, or null with the reason it could not run. */
export function runPyTorch(threads = 2): { label: string; rows: Row[] } | { skipped: string } {
  if (!existsSync(python)) return { skipped: `${python} not found` };
  const script = fileURLToPath(new URL('../py/peer_torch.py', import.meta.url));
  const res = spawnSync(python, [script, String(threads)], { encoding: 'utf8', timeout: 600_000 });
  if (res.status !== 0) {
    const why = /No module named 'torch'/.test(res.stderr) ? 'python3-torch not installed' : res.stderr.trim().split('\n').pop();
    return { skipped: `PyTorch peer skipped: ${why}` };
  }
  const out = JSON.parse(res.stdout) as { version: string; threads: number; rows: Row[] };
  return { label: `pytorch ${out.version} (${out.threads} threads)`, rows: out.rows };
}
