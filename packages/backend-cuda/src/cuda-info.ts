/**
 * `torch.cuda`'s device and memory functions for the CUDA backend.
 * @module
 */
import { RuntimeError } from '@torchts/core';
import { loadAddon, requireAddon } from './native-addon.js';

let current = 0;

/** `torch.cuda`: availability, devices, synchronisation and the caching allocator's statistics. */
export interface CudaInfo {
  /** Whether the addon is built and loaded and at least one device is there. */
  isAvailable(): boolean;
  /** Why CUDA is unavailable ("no CUDA driver", "built without CUDA (...)"), or null. */
  unavailableReason(): string | null;
  /** Number of CUDA devices (0 when unavailable). */
  deviceCount(): number;
  /** The device's name, e.g. `'NVIDIA H100 80GB HBM3'` (`torch.cuda.get_device_name`). */
  getDeviceName(device?: number): string;
  /** The device that the functions below use by default (`torch.cuda.current_device`). */
  currentDevice(): number;
  /** Sets the default device of the functions below (`torch.cuda.set_device`). */
  setDevice(device: number): void;
  /** Waits for every kernel enqueued on the device (`torch.cuda.synchronize`). */
  synchronize(device?: number): void;
  /** Bytes in live CUDA buffers, by size class (`torch.cuda.memory_allocated`); 0 when unavailable. */
  memoryAllocated(device?: number): number;
  /** Bytes held from CUDA: live plus cached blocks (`torch.cuda.memory_reserved`); 0 when unavailable. */
  memoryReserved(device?: number): number;
  /** Returns the cached blocks of every device to CUDA (`torch.cuda.empty_cache`). */
  emptyCache(): void;
  /**
   * The math switches of `torch.backends`: TF32 tensor cores for float32 matmuls
   * (`torch.backends.cuda.matmul.allow_tf32`) and convolutions (`torch.backends.cudnn.allow_tf32`),
   * whether convolutions may use cuDNN (`torch.backends.cudnn.enabled`) and whether cuDNN times
   * every algorithm once per shape (`torch.backends.cudnn.benchmark`).
   */
  mathFlags(): CudaMathFlags;
  /** Sets some of the {@link CudaInfo.mathFlags}; takes effect for the next kernels. */
  setMathFlags(flags: Partial<CudaMathFlags>): void;
  /**
   * What runs matmuls and convolutions, e.g. `{ matmul: 'cuBLAS 13.1.0 (libcublas.so.13)',
   * conv: 'cuDNN 9.19.0 (libcudnn.so.9)' }`; both are loaded at run time when present, else
   * torchts's own kernels run (the text says why).
   */
  libraries(): { matmul: string; conv: string };
}

/** See {@link CudaInfo.mathFlags}. TF32 is off by default here (full float32 precision), as PyTorch's matmul. */
export interface CudaMathFlags {
  matmulAllowTf32: boolean;
  cudnnAllowTf32: boolean;
  cudnnEnabled: boolean;
  cudnnBenchmark: boolean;
}

const flags: CudaMathFlags = { matmulAllowTf32: false, cudnnAllowTf32: false, cudnnEnabled: true, cudnnBenchmark: false };

function available(): boolean {
  return loadAddon().reason === null;
}

function deviceIndex(device: number | undefined): number {
  const d = device ?? current;
  const n = cuda.deviceCount();
  if (!Number.isInteger(d) || d < 0 || d >= n) {
    throw new RuntimeError(`cuda:${d} does not exist: ${n} CUDA device${n === 1 ? '' : 's'} available`);
  }
  return d;
}

/**
 * `torch.cuda` for the CUDA backend.
 *
 * @example
 * import { cuda } from '@torchts/backend-cuda';
 * if (cuda.isAvailable()) {
 *   console.log(cuda.getDeviceName(0), cuda.memoryAllocated());
 * } else {
 *   console.log(`no CUDA: ${cuda.unavailableReason()}`); // e.g. "no CUDA driver"
 * }
 */
export const cuda: CudaInfo = {
  isAvailable: available,
  unavailableReason: () => loadAddon().reason,
  deviceCount: () => {
    const s = loadAddon();
    return s.reason === null && s.probe ? s.probe.count : 0;
  },
  getDeviceName: (device?: number) => requireAddon().deviceProperties(deviceIndex(device)).name,
  currentDevice: () => current,
  setDevice: (device: number) => {
    requireAddon();
    current = deviceIndex(device);
  },
  synchronize: (device?: number) => requireAddon().synchronize(deviceIndex(device)),
  memoryAllocated: (device?: number) => (available() ? requireAddon().memoryAllocated(deviceIndex(device)) : 0),
  memoryReserved: (device?: number) => (available() ? requireAddon().memoryReserved(deviceIndex(device)) : 0),
  emptyCache: () => {
    if (!available()) return;
    const addon = requireAddon();
    for (let d = 0, n = cuda.deviceCount(); d < n; d++) addon.emptyCache(d);
  },
  libraries: () => {
    const addon = requireAddon();
    return { matmul: addon.matmulInfo(deviceIndex(undefined)), conv: addon.convInfo() };
  },
  mathFlags: () => ({ ...flags }),
  setMathFlags: (next) => {
    Object.assign(flags, next);
    if (!available()) return;
    const addon = requireAddon();
    addon.setMathFlags(flags.matmulAllowTf32, flags.cudnnAllowTf32, flags.cudnnBenchmark);
    addon.setCudnnEnabled(flags.cudnnEnabled);
  },
};
