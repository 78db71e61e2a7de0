/**
 * Lazy loading of the native CUDA addon (`build/Release/torchts_cuda.node`) and the reason the
 * backend is unavailable when it cannot be used: not built (no nvcc at install time, or the build
 * failed), failed to load, no CUDA driver, no CUDA device.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError } from '@torchts/core';

/** What `probe()` reports: `cudaGetDeviceCount`'s result, never an exception. */
export interface NativeProbe {
  readonly count: number;
  /** The `cudaError_t` of `cudaGetDeviceCount` (35: `cudaErrorInsufficientDriver`, no driver). */
  readonly error: number;
  readonly errorName: string;
  readonly message: string;
  /** `cudaDriverGetVersion` (0 without a driver), e.g. 13000. */
  readonly driverVersion: number;
  /** `cudaRuntimeGetVersion` of the statically linked runtime, e.g. 13000. */
  readonly runtimeVersion: number;
}

/** Properties of one device. */
export interface NativeDeviceProperties {
  readonly name: string;
  readonly totalMemory: number;
  readonly major: number;
  readonly minor: number;
  readonly multiProcessorCount: number;
}

/**
 * The addon's exports (src/native/addon.cc). `desc` is a Float64Array of packed views (see
 * `views.ts`); `dev` a device index; `op` an index into the addon's op-name lists.
 */
export interface NativeAddon {
  readonly dtypes: readonly string[];
  readonly unaryOps: readonly string[];
  readonly binaryOps: readonly string[];
  readonly reduceOps: readonly string[];
  readonly maxViewDims: number;
  probe(): NativeProbe;
  deviceProperties(dev: number): NativeDeviceProperties;
  synchronize(dev: number): void;
  matmulInfo(dev: number): string;
  setCublasEnabled(enabled: boolean): void;
  convInfo(): string;
  binaryScalar(dev: number, op: number, desc: Float64Array, scalar: number, scalarFirst: boolean): void;
  profileReport(dev: number): string;
  batchNorm(dev: number, desc: Float64Array, eps: number, flags: number): void;
  batchNormBackward(dev: number, desc: Float64Array, flags: number): void;
  setCudnnEnabled(enabled: boolean): void;
  setMathFlags(matmulTf32: boolean, cudnnTf32: boolean, cudnnBenchmark: boolean): void;
  setErrorClass(ctor: new (message: string) => Error): void;
  alloc(dev: number, bytes: number): number;
  free(dev: number, address: number): void;
  memoryAllocated(dev: number): number;
  memoryReserved(dev: number): number;
  emptyCache(dev: number): void;
  write(dev: number, address: number, dtype: number, offset: number, data: ArrayBufferView): void;
  read(dev: number, desc: Float64Array, out: ArrayBufferView): void;
  fill(dev: number, desc: Float64Array, value: number): void;
  copy(dev: number, desc: Float64Array): void;
  unary(dev: number, op: number, desc: Float64Array): void;
  clamp(dev: number, desc: Float64Array, min: number | null, max: number | null): void;
  binary(dev: number, op: number, desc: Float64Array): void;
  where(dev: number, desc: Float64Array): void;
  reduce(dev: number, op: number, desc: Float64Array, dims: number[]): void;
  matmul(dev: number, desc: Float64Array): void;
  gather(dev: number, desc: Float64Array, dim: number): void;
  scatter(dev: number, desc: Float64Array, dim: number, add: boolean): void;
  indexSelect(dev: number, desc: Float64Array, dim: number): void;
  cumulative(dev: number, desc: Float64Array, dim: number, prod: boolean): void;
  sort(dev: number, desc: Float64Array, dim: number, descending: boolean): void;
  conv2d(dev: number, desc: Float64Array, params: Int32Array, hasBias: boolean): void;
  conv2dBackwardInput(dev: number, desc: Float64Array, params: Int32Array): void;
  conv2dBackwardWeight(dev: number, desc: Float64Array, params: Int32Array): void;
  maxPool2d(dev: number, desc: Float64Array, params: Int32Array): void;
  softmax(dev: number, desc: Float64Array, log: boolean): void;
  /** views: param, grad[, buf]; params: [lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep] (0/1 flags). */
  sgdStep(dev: number, desc: Float64Array, params: Float64Array, hasBuf: boolean): void;
  /**
   * views: param, grad, expAvg, expAvgSq[, maxExpAvgSq]; params: [lr, beta1, beta2, eps, weightDecay, shrink,
   * stepSize, biasCorrection2Sqrt, decoupled, amsgrad, maximize].
   */
  adamStep(dev: number, desc: Float64Array, params: Float64Array, hasMax: boolean): void;
  /** views: out; kind 0 uniform, 1 normal, 2 bernoulli; the seed as two uint32 words; offset a multiple of 4. */
  random(dev: number, desc: Float64Array, kind: number, seedLo: number, seedHi: number, offset: number, a: number,
    b: number): void;
}

/** The addon and its probe when it loaded, else null, plus why CUDA cannot be used (or null). */
export interface AddonState {
  readonly addon: NativeAddon | null;
  readonly probe: NativeProbe | null;
  /** Where the addon was loaded from. */
  readonly path: string | null;
  readonly reason: string | null;
}

const ADDON_FILE = 'torchts_cuda.node';
const BUILD_HINT = 'run `pnpm --filter @torchts/backend-cuda build:native` on a machine with nvcc';

/** cudaError_t values that mean "no usable driver". */
const NO_DRIVER_ERRORS = new Set([34 /* cudaErrorStubLibrary */, 35 /* cudaErrorInsufficientDriver */]);
/** cudaErrorNoDevice. */
const NO_DEVICE_ERROR = 100;

function here(): string {
  return dirname(fileURLToPath(import.meta.url));
}

/** Where the addon may be: $TORCHTS_CUDA_ADDON, the package's build folder, beside this module (a bundle). */
export function addonCandidates(): string[] {
  const list: string[] = [];
  const env = typeof process !== 'undefined' ? process.env.TORCHTS_CUDA_ADDON : undefined;
  if (env) list.push(env);
  list.push(join(here(), '..', 'build', 'Release', ADDON_FILE), join(here(), ADDON_FILE));
  return list;
}

/**
 * Why no addon file exists, from the build-info.json that scripts/build-native.mjs writes
 * (`{ built: false, reason: 'nvcc not found at install time: ...' }`).
 */
export function notBuiltReason(infoPath = join(here(), '..', 'build', 'build-info.json')): string {
  try {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as { built?: boolean; reason?: string };
    if (info.built === false && info.reason) return `built without CUDA (${info.reason})`;
    if (info.built) return `built without CUDA (build/Release/${ADDON_FILE} is missing: ${BUILD_HINT})`;
  } catch {
    // no build info: the build script never ran
  }
  return `built without CUDA (the native addon was not built: ${BUILD_HINT})`;
}

/** The reason a probe gives for CUDA being unusable, or null when a device is there. */
export function probeReason(p: NativeProbe): string | null {
  if (p.error === 0) return p.count > 0 ? null : 'no CUDA device';
  if (NO_DRIVER_ERRORS.has(p.error)) {
    if (p.driverVersion > 0 && p.driverVersion < p.runtimeVersion) {
      return `CUDA driver too old: it supports CUDA ${version(p.driverVersion)}, the addon was built with CUDA ` +
        `${version(p.runtimeVersion)}`;
    }
    return 'no CUDA driver';
  }
  if (p.error === NO_DEVICE_ERROR) return 'no CUDA device';
  return `CUDA initialization failed: ${p.errorName} (${p.message})`;
}

function version(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

let state: AddonState | null = null;

/**
 * Loads the addon once (later calls return the same state). Never throws: every failure is
 * turned into `reason`. `TORCHTS_CUDA_DISABLE=1` makes the backend unavailable on purpose.
 */
export function loadAddon(): AddonState {
  if (state) return state;
  if (typeof process !== 'undefined' && process.env.TORCHTS_CUDA_DISABLE === '1') {
    state = { addon: null, probe: null, path: null, reason: 'disabled by TORCHTS_CUDA_DISABLE=1' };
    return state;
  }
  const path = addonCandidates().find((p) => existsSync(p));
  if (!path) {
    state = { addon: null, probe: null, path: null, reason: notBuiltReason() };
    return state;
  }
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
    addon.setErrorClass(RuntimeError);
  } catch (err) {
    state = { addon: null, probe: null, path, reason: `the CUDA addon failed to load: ${(err as Error).message}` };
    return state;
  }
  const probe = addon.probe();
  state = { addon, probe, path, reason: probeReason(probe) };
  return state;
}

/** The loaded addon, or a RuntimeError saying why CUDA is unavailable. */
export function requireAddon(): NativeAddon {
  const s = loadAddon();
  if (s.addon && s.reason === null) return s.addon;
  throw new RuntimeError(`CUDA is not available: ${s.reason ?? 'unknown reason'}`);
}

/** Forgets the loaded state (tests only: the addon itself stays loaded in the process). */
export function resetAddonStateForTests(): void {
  state = null;
}
