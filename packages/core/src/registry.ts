/**
 * The device registry: which backend serves which device type, and the default device
 * (from `setDefaultDevice`, `TORCHTS_DEVICE`, `torchts.config.json`, then `'cpu'`).
 * @module
 */
import type { Backend } from './backend.js';
import { Device, device, type DeviceLike } from './device.js';
import { RuntimeError } from './errors.js';
import { readConfigDefaultDevice } from './config.js';

const backends = new Map<string, Backend>();

/** Package that provides each known device type, for error messages. */
const providers: Record<string, string> = {
  cpu: '@torchts/backend-cpu',
  cuda: '@torchts/backend-cuda',
  webgpu: '@torchts/backend-webgpu',
};

/** Registers a backend for its device type (the last registration wins). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.type, backend);
}

/** The backend registered for a device type, or undefined. */
export function findBackend(type: string): Backend | undefined {
  return backends.get(type);
}

/** Device types with a registered backend. */
export function registeredDeviceTypes(): string[] {
  return [...backends.keys()];
}

/**
 * The backend for `dev`, checked to be usable and to have that index; throws an error that
 * says which package or driver is missing.
 */
export function backendFor(dev: Device): Backend {
  const b = backends.get(dev.type);
  if (!b) {
    const pkg = providers[dev.type];
    throw new RuntimeError(
      pkg
        ? `no backend for device type '${dev.type}': install ${pkg} and import it (importing 'torchts' loads every installed backend)`
        : `unknown device type '${dev.type}'`,
    );
  }
  const reason = b.unavailableReason();
  if (reason) throw new RuntimeError(`device '${dev.type}' is not available: ${reason}`);
  const count = b.deviceCount();
  if (dev.index >= count) {
    throw new RuntimeError(
      `${dev.type}:${dev.index} does not exist: ${count} ${dev.type} device${count === 1 ? '' : 's'} available`,
    );
  }
  return b;
}

let explicitDefault: Device | null = null;
let resolvedDefault: Device | null = null;

/** Sets the device factory functions use by default (`torch.set_default_device`). */
export function setDefaultDevice(d: DeviceLike | null): void {
  explicitDefault = d === null ? null : device(d);
  resolvedDefault = null;
}

/** The default device: `setDefaultDevice`, else `TORCHTS_DEVICE`, else `torchts.config.json`, else cpu. */
export function getDefaultDevice(): Device {
  if (explicitDefault) return explicitDefault;
  if (!resolvedDefault) {
    const env = typeof process !== 'undefined' ? process.env?.TORCHTS_DEVICE : undefined;
    resolvedDefault = device(env || readConfigDefaultDevice() || 'cpu');
  }
  return resolvedDefault;
}
