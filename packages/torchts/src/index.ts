/**
 * torchts — PyTorch for TypeScript. `import * as torch from 'torchts'` gives the whole API:
 * tensors and ops from @torchts/core, with the CPU backend registered.
 *
 * @example
 * ```ts
 * import * as torch from 'torchts';
 * const x = torch.rand(5, 3);
 * console.log(x.add(1).sum(1));
 * ```
 * @packageDocumentation
 */
import { registerBackend } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
// Importing autograd installs the recorder: requiresGrad, backward() and gradFn work from here on.
import '@torchts/autograd';
import { addWorkerSetupModule } from '@torchts/data';
import { loadOptionalBackends } from './accelerators.js';

registerBackend(cpuBackend);
// DataLoader worker threads import this module first, so they get autograd and every backend too.
addWorkerSetupModule(import.meta.url);
await loadOptionalBackends();

export * from '@torchts/core';
export { autograd } from '@torchts/autograd';
export * as optim from '@torchts/optim';
export * as nn from '@torchts/nn';
export { F, save, load } from '@torchts/nn';
export { utils, vision } from '@torchts/data';
export {
  backends, cuda, webgpu, type AcceleratorInfo, type CudaAcceleratorInfo, type CudaFunctions, type CudaMathFlags, type WebGpuInfo,
} from './accelerators.js';
