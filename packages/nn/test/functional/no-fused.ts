// A second device, 'nofused', that is the CPU backend without its fused kernels: tests run the
// composite paths (im2col + matmul convolutions, stacked-window pooling) on it.
import * as torch from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';

if (!torch.registeredDeviceTypes().includes('nofused')) {
  torch.registerBackend(Object.create(cpuBackend, {
    type: { value: 'nofused' },
    fused: { value: undefined },
  }) as torch.Backend);
}

/** The device type of the CPU backend without fused kernels. */
export const NO_FUSED = 'nofused';
