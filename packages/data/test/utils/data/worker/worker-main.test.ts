// A worker registers the CPU backend by itself when no setup module did (only the TypeScript
// hooks are added here).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { DataLoader, TensorDataset, addWorkerSetupModule } from '@torchts/data';

addWorkerSetupModule(new URL('./register-ts.mjs', import.meta.url));

describe('worker entry', { timeout: 180_000 }, () => {
  it('registers @torchts/backend-cpu when no setup module did', async () => {
    const ds = new TensorDataset(torch.arange(6, { dtype: torch.float32 }));
    const out: number[][] = [];
    for await (const [x] of new DataLoader(ds, { batchSize: 4, numWorkers: 1 })) out.push(Array.from(x.toTypedArray()));
    expect(out).toEqual([[0, 1, 2, 3], [4, 5]]);
  });
});
