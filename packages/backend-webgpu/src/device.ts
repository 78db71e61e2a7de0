/**
 * Getting a GPUDevice: in browsers from `navigator.gpu`, in Node from the `webgpu` package
 * (Dawn), trying the platform's native API first and falling back to OpenGL ES (Mesa's software
 * rasteriser works headless with `EGL_PLATFORM=surfaceless`). Every request has a timeout, so a
 * broken driver gives an error, never a hang.
 * @module
 */

/** Dawn backends the Node binding can be asked for. */
export type DawnBackend = 'vulkan' | 'metal' | 'd3d12' | 'opengles' | 'swiftshader';

/** Options of `init()`. */
export interface WebGpuInitOptions {
  /**
   * Node only: which Dawn backend to use. Default: the `TORCHTS_WEBGPU_BACKEND` environment
   * variable if set, else the platform's native API (Vulkan, Metal, D3D12) and then OpenGL ES.
   * `'swiftshader'` is Vulkan through the SwiftShader ICD that Debian's chromium ships.
   */
  backend?: DawnBackend;
  /** `'core'` or `'compatibility'` (default: compatibility for OpenGL ES, core otherwise). */
  featureLevel?: 'core' | 'compatibility';
  /** The adapter to prefer when there are several. */
  powerPreference?: 'low-power' | 'high-performance';
  /** How long to wait for the adapter and the device, in milliseconds (default 15000). */
  timeoutMs?: number;
  /** A device the application already has (the backend then uses it as is). */
  device?: GPUDevice;
}

/** What `adapterInfo()` reports. */
export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Where the device comes from: `'browser'`, or the Dawn backend in Node (`'vulkan'`, `'opengles'`...). */
  backend: string;
  featureLevel: string;
  isFallbackAdapter: boolean;
  /** The adapter's features (e.g. `'shader-f16'`, `'timestamp-query'`). */
  features: string[];
  /** The device's limits the kernels use. */
  limits: Record<string, number>;
}

/** A device and what is known about it. */
export interface AcquiredDevice {
  device: GPUDevice;
  info: WebGpuAdapterInfo;
}

/** The objects Dawn must keep alive while the process runs (a collected instance aborts Dawn). */
const keepAlive: unknown[] = [];

const WANTED_LIMITS = [
  'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupStorageSize', 'maxStorageBuffersPerShaderStage', 'maxStorageBufferBindingSize',
  'maxBufferSize', 'maxComputeWorkgroupsPerDimension',
] as const;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    (timer as { unref?: () => void }).unref?.();
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

function infoOf(adapter: GPUAdapter | null, device: GPUDevice, backend: string, featureLevel: string): WebGpuAdapterInfo {
  const ai = (adapter?.info ?? (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo) as GPUAdapterInfo | undefined;
  const limits: Record<string, number> = {};
  for (const k of WANTED_LIMITS) limits[k] = device.limits[k];
  return {
    vendor: ai?.vendor ?? '',
    architecture: ai?.architecture ?? '',
    device: ai?.device ?? '',
    description: ai?.description ?? '',
    backend,
    featureLevel,
    isFallbackAdapter: (ai as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ?? false,
    features: adapter ? [...adapter.features] : [...device.features],
    limits,
  };
}

/** Asks the adapter for its own limits (the defaults are lower, compatibility mode's much lower). */
async function requestDevice(adapter: GPUAdapter, timeoutMs: number): Promise<GPUDevice> {
  const requiredLimits: Record<string, number> = {};
  for (const k of WANTED_LIMITS) {
    const v = adapter.limits[k];
    if (typeof v === 'number') requiredLimits[k] = k === 'maxComputeInvocationsPerWorkgroup' || k === 'maxComputeWorkgroupSizeX'
      ? Math.min(v, 256) : v;
  }
  return withTimeout(adapter.requestDevice({ requiredLimits }), timeoutMs, 'requestDevice()');
}

async function fromNavigator(gpu: GPU, o: WebGpuInitOptions, timeoutMs: number): Promise<AcquiredDevice> {
  const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: o.powerPreference, featureLevel: o.featureLevel } as GPURequestAdapterOptions),
    timeoutMs, 'navigator.gpu.requestAdapter()');
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() found no adapter');
  const device = await requestDevice(adapter, timeoutMs);
  return { device, info: infoOf(adapter, device, 'browser', o.featureLevel ?? 'core') };
}

interface DawnModule {
  create(flags: string[]): GPU;
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

async function fromDawn(o: WebGpuInitOptions, timeoutMs: number): Promise<AcquiredDevice> {
  let dawn: DawnModule;
  try {
    // A variable specifier keeps bundlers from pulling the Node addon into browser builds.
    const name = 'webgpu';
    dawn = (await import(name)) as DawnModule;
  } catch (err) {
    throw new Error(`the 'webgpu' package (Dawn for Node) could not be loaded: ${(err as Error).message}`);
  }
  const env = process.env;
  const requested = o.backend ?? (env.TORCHTS_WEBGPU_BACKEND as DawnBackend | undefined);
  const attempts: (DawnBackend | 'native')[] = requested ? [requested] : ['native', 'opengles'];
  const failures: string[] = [];
  for (const backend of attempts) {
    const flags: string[] = [];
    if (backend === 'opengles') {
      // Mesa's EGL needs no display server this way.
      env.EGL_PLATFORM ??= 'surfaceless';
      flags.push('backend=opengles');
    } else if (backend === 'swiftshader') {
      env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
      flags.push('backend=vulkan');
    } else if (backend !== 'native') flags.push(`backend=${backend}`);
    const featureLevel = o.featureLevel ?? (backend === 'opengles' ? 'compatibility' : 'core');
    try {
      const gpu = dawn.create(flags);
      keepAlive.push(gpu);
      const adapter = await withTimeout(
        gpu.requestAdapter({ powerPreference: o.powerPreference, featureLevel } as GPURequestAdapterOptions),
        timeoutMs, `requestAdapter() on Dawn's ${backend} backend`);
      if (!adapter) {
        failures.push(`${backend}: no adapter`);
        continue;
      }
      keepAlive.push(adapter);
      const device = await requestDevice(adapter, timeoutMs);
      return { device, info: infoOf(adapter, device, backend === 'native' ? nativeName() : backend, featureLevel) };
    } catch (err) {
      failures.push(`${backend}: ${(err as Error).message}`);
    }
  }
  throw new Error(`no WebGPU adapter (${failures.join('; ')})`);
}

function nativeName(): string {
  return process.platform === 'darwin' ? 'metal' : process.platform === 'win32' ? 'd3d12' : 'vulkan';
}

/** Gets a device (see the module comment); rejects with the reason when there is none. */
export async function acquireDevice(o: WebGpuInitOptions = {}): Promise<AcquiredDevice> {
  const timeoutMs = o.timeoutMs ?? 15000;
  if (o.device) return { device: o.device, info: infoOf(null, o.device, 'user', o.featureLevel ?? 'core') };
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return fromNavigator(nav.gpu, o, timeoutMs);
  if (typeof process !== 'undefined' && process.versions?.node) return fromDawn(o, timeoutMs);
  throw new Error('WebGPU is not available here (no navigator.gpu)');
}
