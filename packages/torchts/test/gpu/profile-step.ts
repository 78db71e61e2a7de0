/**
 * GPU time per kind of op in training steps (bundled into .gpu/profile-step.mjs; run by
 * `.gpu/run.sh profile` with TORCHTS_CUDA_PROFILE=1): ResNet-18 at batch 128 and LeNet at batch 64,
 * ten warm-up steps, then twenty profiled ones each.
 */
import './attach-cuda.js';
import * as torch from 'torchts';
import { cudaBackend } from '@torchts/backend-cuda';
import { LeNet } from '../../../../apps/bench/src/lenet.js';
import { ResNet18 } from '../../../../apps/bench/src/resnet.js';

for (const [name, model, shape] of [
  ['ResNet-18 b128', new ResNet18(3), [128, 3, 32, 32]],
  ['LeNet b64', new LeNet(1), [64, 1, 32, 32]],
] as const) {
  model.to('cuda');
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.001, momentum: 0.9 });
  const criterion = new torch.nn.CrossEntropyLoss();
  const x = torch.randn([...shape], { device: 'cuda' });
  const y = torch.randint(0, 10, [shape[0]], { device: 'cuda' });
  const step = () => torch.tidy(() => {
    optimizer.zeroGrad();
    const loss = criterion(model(x), y);
    loss.backward();
    optimizer.step();
    return loss.item() as number;
  });
  for (let i = 0; i < 10; i++) step();
  cudaBackend.profileReport();
  const start = performance.now();
  for (let i = 0; i < 20; i++) step();
  const ms = (performance.now() - start) / 20;
  console.log(`${name}: ${ms.toFixed(2)} ms per step (wall), GPU time by op over 20 steps:`);
  console.log(cudaBackend.profileReport());
}
