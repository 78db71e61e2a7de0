import './setup.js';
import { it } from 'vitest';
import * as torch from '@torchts/core';
it('smoke', () => {
  const a = torch.tensor([[1,2],[3,4]], { dtype: torch.uint8 });
  const b = torch.stack([a, a]);
  console.log(String(b), b.dtype.name);
  console.log(String(b.to(torch.float32).div(255)));
  console.log(String(torch.cat([a, a])));
  const x = torch.fromTypedArray(new Uint8Array([1,2,3,4,5,6]), [1,2,3]);
  console.log(String(x.permute(2,0,1).contiguous()));
  console.log(String(x.index(0, ':', 1)));
  console.log(typeof (x as any).sum, typeof (x as any).flip, typeof (x as any).sub, typeof (x as any).uniform_, typeof (x as any).random_);
  console.log(String(torch.tensor([1, 2.5], {dtype: torch.float64})));
  console.log(String(torch.randperm(5, { generator: new torch.Generator().manualSeed(0) })));
});
