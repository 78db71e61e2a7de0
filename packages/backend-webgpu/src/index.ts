/**
 * @torchts/backend-webgpu: the WebGPU backend of torchts. WGSL kernels for every primitive of
 * the backend contract plus fused conv2d (forward and both backward kernels), softmax and
 * max-pool kernels; in browsers through `navigator.gpu`, in Node through Dawn (`webgpu`).
 *
 * @example
 * import * as core from '@torchts/core';
 * import { init, webgpuBackend, adapterInfo } from '@torchts/backend-webgpu';
 *
 * if (await init()) {
 *   core.registerBackend(webgpuBackend);
 *   console.log(adapterInfo()?.description);
 *   const x = core.ones([2, 3], { device: 'webgpu' });
 *   console.log(await x.add(1).sum().itemAsync()); // 12
 * }
 * @packageDocumentation
 */
import type { WebGpuAdapterInfo, WebGpuInitOptions } from './device.js';
import { webgpuBackend } from './webgpu-backend.js';

export { WebGpuBackend, webgpuBackend, type WebGpuStats } from './webgpu-backend.js';
export { WebGpuBuffer } from './buffer.js';
export type { DawnBackend, WebGpuAdapterInfo, WebGpuInitOptions } from './device.js';

/**
 * Gets a WebGPU adapter and device for {@link webgpuBackend}. Resolves to whether it worked;
 * never rejects and never hangs (adapter and device requests time out). Register the backend
 * afterwards (the `torchts` umbrella does this in `torch.webgpu.init()`).
 *
 * @example
 * if (!(await init())) console.log(unavailableReason());
 */
export function init(options?: WebGpuInitOptions): Promise<boolean> {
  return webgpuBackend.init(options);
}

/** Whether `init()` succeeded (`torch.webgpu.isAvailable()`). */
export function isAvailable(): boolean {
  return webgpuBackend.isAvailable();
}

/** Why the backend cannot be used (null when it can). */
export function unavailableReason(): string | null {
  return webgpuBackend.unavailableReason();
}

/** The adapter behind the device: vendor, architecture, description, Dawn backend, limits. */
export function adapterInfo(): WebGpuAdapterInfo | null {
  return webgpuBackend.adapterInfo();
}
