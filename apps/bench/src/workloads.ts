/**
 * The workloads, each measured on a torchts device. Names and units match the PyTorch side
 * (py/peer_torch.py) so rows line up.
 */
import * as torch from 'torchts';
import { medianSeconds } from './timing.js';

/** One measured row. */
export interface Row {
  workload: string;
  unit: string;
  /** Bigger is better for GFLOP/s and GB/s; smaller for ms. */
  value: number;
}

export function runWorkloads(device: string): Row[] {
  const rows: Row[] = [];
  for (const n of [256, 512, 1024]) {
    const a = torch.rand(n, n, { device }), b = torch.rand(n, n, { device });
    const s = medianSeconds(() => torch.tidy(() => void torch.matmul(a, b)), { reps: n >= 1024 ? 3 : 7 });
    rows.push({ workload: `W1 matmul ${n} f32`, unit: 'GFLOP/s', value: (2 * n ** 3) / s / 1e9 });
  }
  for (const n of [1 << 20, 1 << 24]) {
    const a = torch.rand(n, { device }), b = torch.rand(n, { device });
    const label = n === 1 << 20 ? '1M' : '16M';
    const sAdd = medianSeconds(() => torch.tidy(() => void a.add(b)), { reps: 5 });
    rows.push({ workload: `W2 add ${label}`, unit: 'GB/s', value: (3 * 4 * n) / sAdd / 1e9 });
    const sRelu = medianSeconds(() => torch.tidy(() => void a.relu()), { reps: 5 });
    rows.push({ workload: `W2 relu ${label}`, unit: 'GB/s', value: (2 * 4 * n) / sRelu / 1e9 });
  }
  return rows;
}
