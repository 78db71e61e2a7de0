/**
 * `torch.cuda` and `torch.webgpu`: honest availability reports for the optional GPU backends.
 * @module
 */
import { findBackend } from '@torchts/core';

/** What `torch.cuda` / `torch.webgpu` report. */
export interface AcceleratorInfo {
  /** Whether the backend is installed, loaded and has at least one device. */
  isAvailable(): boolean;
  /** Number of devices of this type (0 when unavailable). */
  deviceCount(): number;
  /** Why the backend is unavailable (missing package, no driver, ...), or null. */
  unavailableReason(): string | null;
}

function accelerator(type: string, pkg: string): AcceleratorInfo {
  const reason = (): string | null => {
    const b = findBackend(type);
    if (!b) return `${pkg} is not installed or not imported`;
    return b.unavailableReason() ?? (b.deviceCount() === 0 ? `no ${type} device found` : null);
  };
  return {
    isAvailable: () => reason() === null,
    deviceCount: () => (reason() === null ? findBackend(type)!.deviceCount() : 0),
    unavailableReason: reason,
  };
}

/**
 * `torch.cuda`: NVIDIA GPUs through @torchts/backend-cuda.
 *
 * @example
 * ```ts
 * const device = torch.cuda.isAvailable() ? 'cuda' : 'cpu';
 * ```
 */
export const cuda: AcceleratorInfo = accelerator('cuda', '@torchts/backend-cuda');

/** `torch.webgpu`: any GPU through WebGPU, via @torchts/backend-webgpu. */
export const webgpu: AcceleratorInfo = accelerator('webgpu', '@torchts/backend-webgpu');
