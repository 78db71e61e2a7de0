import './setup.js';
import * as torch from '@torchts/core';
import '@torchts/autograd';
import { test } from 'vitest';
test('bench', () => {
  const w = torch.randn([4, 3], { requiresGrad: true });
  const x = torch.randn([8, 4]);
  const fwd = (n: number) => { for (let i = 0; i < n; i++) torch.tidy(() => { const l = x.matmul(w).relu().sum(); l.backward(); }); };
  fwd(2000);
  const t = performance.now(); fwd(20000); console.log(`step ${((performance.now() - t) / 20).toFixed(1)}us`);
});
