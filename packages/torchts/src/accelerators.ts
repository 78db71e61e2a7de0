/**
 * `torch.cuda` and `torch.webgpu`: the optional GPU backends, found when their packages are
 * installed, with honest availability reports.
 * @module
 */
import { findBackend, getDefaultDevice, registerBackend, type Backend } from '@torchts/core';

/** What `torch.cuda` / `torch.webgpu` report. */
export interface AcceleratorInfo {
  /** Whether the backend is installed, loaded and has at least one device. */
  isAvailable(): boolean;
  /** Number of devices of this type (0 when unavailable). */
  deviceCount(): number;
  /** Why the backend is unavailable (missing package, no driver, ...), or null. */
  unavailableReason(): string | null;
}

/** `torch.webgpu`: also initialises the adapter, which is asynchronous. */
export interface WebGpuInfo extends AcceleratorInfo {
  /**
   * Loads @torchts/backend-webgpu, requests an adapter and device, and registers the backend.
   * Resolves to whether WebGPU is usable. Called automatically on import when the default
   * device is `'webgpu'`.
   */
  init(options?: Record<string, unknown>): Promise<boolean>;
}

interface WebGpuPackage {
  webgpuBackend: Backend;
  init(options?: Record<string, unknown>): Promise<boolean>;
  unavailableReason(): string | null;
}
interface CudaPackage {
  cudaBackend: Backend;
}

// Optional peers: imported by a computed name so the umbrella builds and bundles without them.
async function importOptional<T>(name: string): Promise<T | null> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
}

const notes: Record<string, string> = {};

function accelerator(type: string, pkg: string): AcceleratorInfo {
  const reason = (): string | null => {
    const b = findBackend(type);
    if (!b) return notes[type] ?? `${pkg} is not installed`;
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

/**
 * `torch.webgpu`: any GPU through WebGPU, via @torchts/backend-webgpu.
 *
 * @example
 * ```ts
 * if (await torch.webgpu.init()) x = x.to('webgpu');
 * ```
 */
export const webgpu: WebGpuInfo = {
  ...accelerator('webgpu', '@torchts/backend-webgpu'),
  async init(options) {
    const pkg = await importOptional<WebGpuPackage>('@torchts/backend-webgpu');
    if (!pkg) {
      notes.webgpu = '@torchts/backend-webgpu is not installed';
      return false;
    }
    const ok = await pkg.init(options);
    if (ok) registerBackend(pkg.webgpuBackend);
    else notes.webgpu = pkg.unavailableReason() ?? 'no WebGPU adapter';
    return ok;
  },
};

/** @internal Registers the installed optional backends; run once when the umbrella loads. */
export async function loadOptionalBackends(): Promise<void> {
  const cudaPkg = await importOptional<CudaPackage>('@torchts/backend-cuda');
  if (cudaPkg) registerBackend(cudaPkg.cudaBackend);
  // WebGPU needs an adapter request, so it starts only when asked for (or when it is the default).
  if (getDefaultDevice().type === 'webgpu') await webgpu.init();
}
