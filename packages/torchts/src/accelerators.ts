/**
 * `torch.cuda` and `torch.webgpu`: the optional GPU backends, found when their packages are
 * installed, with honest availability reports.
 * @module
 */
import { deviceGenerator, findBackend, getDefaultDevice, registerBackend, RuntimeError, type Backend } from '@torchts/core';

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
/**
 * `torch.cuda`: availability, plus PyTorch's device and memory functions, answered by
 * @torchts/backend-cuda when it is installed and loaded.
 */
export interface CudaAcceleratorInfo extends AcceleratorInfo {
  /** The device's name, e.g. `'NVIDIA H100 80GB HBM3'` (`torch.cuda.get_device_name`). */
  getDeviceName(device?: number): string;
  /** The device the functions here use by default (`torch.cuda.current_device`). */
  currentDevice(): number;
  /** Sets that default device (`torch.cuda.set_device`). */
  setDevice(device: number): void;
  /** Waits for every kernel enqueued on the device (`torch.cuda.synchronize`). */
  synchronize(device?: number): void;
  /** Bytes in live CUDA tensors (`torch.cuda.memory_allocated`); 0 when CUDA is unavailable. */
  memoryAllocated(device?: number): number;
  /** Bytes held from CUDA, live plus cached (`torch.cuda.memory_reserved`); 0 when unavailable. */
  memoryReserved(device?: number): number;
  /** Returns cached blocks to CUDA (`torch.cuda.empty_cache`); nothing to do when unavailable. */
  emptyCache(): void;
  /**
   * Registers @torchts/backend-cuda by hand. torchts finds it by itself when it is installed;
   * a bundler that drops torchts's optional import of it needs this line instead.
   *
   * @example
   * ```ts
   * import * as cudaPackage from '@torchts/backend-cuda';
   * torch.cuda.attach(cudaPackage);
   * ```
   */
  attach(pkg: { cudaBackend: Backend; cuda: CudaFunctions }): void;
  /**
   * Seeds the generator that GPU random fills draw from (`torch.cuda.manual_seed`), leaving the
   * CPU's alone; `torch.manualSeed` seeds both. Harmless without CUDA, as in PyTorch.
   *
   * @example
   * ```ts
   * torch.cuda.manualSeed(0);
   * const noise = torch.randn(1024, { device: 'cuda' }); // the same values after each manualSeed(0)
   * ```
   */
  manualSeed(seed: number | bigint): void;
  /** The same as {@link CudaAcceleratorInfo.manualSeed}: one generator serves every GPU (`torch.cuda.manual_seed_all`). */
  manualSeedAll(seed: number | bigint): void;
  /** Seeds the GPU generator from a random number and returns the seed (`torch.cuda.seed`). */
  seed(): bigint;
  /** The GPU generator's seed (`torch.cuda.initial_seed`). */
  initialSeed(): bigint;
}

/** The math switches of `torch.backends` (see {@link backends}). */
export interface CudaMathFlags {
  matmulAllowTf32: boolean;
  cudnnAllowTf32: boolean;
  cudnnEnabled: boolean;
  cudnnBenchmark: boolean;
}

/** What @torchts/backend-cuda's `cuda` object answers. */
export type CudaFunctions = Omit<CudaAcceleratorInfo, keyof AcceleratorInfo | 'attach' | 'manualSeed' | 'manualSeedAll' | 'seed' | 'initialSeed'> & {
  libraries(): { matmul: string; conv: string };
  mathFlags(): CudaMathFlags;
  setMathFlags(flags: Partial<CudaMathFlags>): void;
};

// Kept here too, so that flags set before the CUDA package attaches are applied when it does.
const mathFlags: CudaMathFlags = { matmulAllowTf32: false, cudnnAllowTf32: false, cudnnEnabled: true, cudnnBenchmark: false };

function setMathFlag(flag: keyof CudaMathFlags, value: boolean): void {
  mathFlags[flag] = value;
  cudaFunctions?.setMathFlags({ [flag]: value });
}

/**
 * `torch.backends`: PyTorch's switches for CUDA math. TF32 tensor cores are off by default here,
 * for matmuls (as in PyTorch) and for cuDNN convolutions (PyTorch turns those on by default):
 * float32 is computed in full precision unless asked.
 *
 * @example
 * ```ts
 * torch.backends.cuda.matmul.allowTf32 = true; // float32 matmuls on TF32 tensor cores
 * torch.backends.cudnn.allowTf32 = true;       // and convolutions
 * torch.backends.cudnn.enabled = false;        // torchts's own convolution kernels instead of cuDNN
 * torch.backends.cudnn.benchmark = true;       // time cuDNN's algorithms once per shape, keep the fastest
 * ```
 */
export const backends = {
  cuda: {
    matmul: {
      get allowTf32(): boolean {
        return mathFlags.matmulAllowTf32;
      },
      set allowTf32(v: boolean) {
        setMathFlag('matmulAllowTf32', v);
      },
    },
  },
  cudnn: {
    get allowTf32(): boolean {
      return mathFlags.cudnnAllowTf32;
    },
    set allowTf32(v: boolean) {
      setMathFlag('cudnnAllowTf32', v);
    },
    get enabled(): boolean {
      return mathFlags.cudnnEnabled;
    },
    /** Time every cuDNN algorithm the first time a convolution shape is seen and keep the fastest (default false). */
    get benchmark(): boolean {
      return mathFlags.cudnnBenchmark;
    },
    set benchmark(v: boolean) {
      setMathFlag('cudnnBenchmark', v);
    },
    set enabled(v: boolean) {
      setMathFlag('cudnnEnabled', v);
    },
    /** Whether cuDNN was found and loaded (`torch.backends.cudnn.is_available()`). */
    isAvailable(): boolean {
      return cudaFunctions !== null && cuda.isAvailable() && cudaFunctions.libraries().conv.startsWith('cuDNN');
    },
  },
};

interface CudaPackage {
  cudaBackend: Backend;
  cuda: CudaFunctions;
}

let cudaFunctions: CudaFunctions | null = null;

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
export const cuda: CudaAcceleratorInfo = {
  ...accelerator('cuda', '@torchts/backend-cuda'),
  getDeviceName: (device) => usableCuda().getDeviceName(device),
  currentDevice: () => cudaFunctions?.currentDevice() ?? 0,
  setDevice: (device) => usableCuda().setDevice(device),
  synchronize: (device) => usableCuda().synchronize(device),
  memoryAllocated: (device) => cudaFunctions?.memoryAllocated(device) ?? 0,
  memoryReserved: (device) => cudaFunctions?.memoryReserved(device) ?? 0,
  emptyCache: () => cudaFunctions?.emptyCache(),
  manualSeed: (seed) => void deviceGenerator.manualSeed(BigInt(seed)),
  manualSeedAll: (seed) => void deviceGenerator.manualSeed(BigInt(seed)),
  seed: () => {
    // A 64-bit seed from two 32-bit draws of the JS engine's generator (as PyTorch seeds from /dev/urandom).
    const seed = (BigInt(Math.floor(Math.random() * 2 ** 32)) << 32n) | BigInt(Math.floor(Math.random() * 2 ** 32));
    deviceGenerator.manualSeed(seed);
    return deviceGenerator.seed;
  },
  initialSeed: () => deviceGenerator.seed,
  attach: (pkg) => {
    registerBackend(pkg.cudaBackend);
    cudaFunctions = pkg.cuda;
    if (cuda.isAvailable()) pkg.cuda.setMathFlags(mathFlags);
  },
};

/** The backend's functions, or PyTorch's error when CUDA cannot be used. */
function usableCuda(): CudaFunctions {
  const why = cuda.unavailableReason();
  if (why !== null || !cudaFunctions) throw new RuntimeError(`Torch not compiled with CUDA enabled, or CUDA is unavailable: ${why ?? 'not loaded'}`);
  return cudaFunctions;
}

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
  if (cudaPkg) cuda.attach(cudaPkg);
  // WebGPU needs an adapter request, so it starts only when asked for (or when it is the default).
  if (getDefaultDevice().type === 'webgpu') await webgpu.init();
}
