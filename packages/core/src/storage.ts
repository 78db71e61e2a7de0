/**
 * Storage: a backend buffer shared by a tensor and its views, with reference counting so
 * `dispose()`, `torch.tidy()` and the finalizer release device memory exactly once.
 * @module
 */
import type { Backend, BackendBuffer } from './backend.js';
import type { Device } from './device.js';
import type { DType } from './dtype.js';

/** Live-memory counters of one device. */
interface DeviceStats {
  storages: number;
  bytes: number;
  tensors: number;
}

const stats = new Map<string, DeviceStats>();

function statsOf(device: Device): DeviceStats {
  const key = device.toString();
  let s = stats.get(key);
  if (!s) {
    s = { storages: 0, bytes: 0, tensors: 0 };
    stats.set(key, s);
  }
  return s;
}

/** @internal A buffer on a device, shared by every tensor that views it. */
export class Storage {
  /** Tensors (views included) that still reference this storage. */
  refs = 0;
  freed = false;
  readonly nbytes: number;

  constructor(
    readonly backend: Backend,
    readonly buffer: BackendBuffer,
    readonly device: Device,
    readonly dtype: DType,
  ) {
    this.nbytes = backend.byteLength(buffer);
    const s = statsOf(device);
    s.storages++;
    s.bytes += this.nbytes;
  }

  /** Called when a tensor starts referencing this storage. */
  retain(): void {
    this.refs++;
    statsOf(this.device).tensors++;
  }

  /** Called when a tensor is disposed or collected; frees the buffer with the last reference. */
  release(): void {
    if (this.freed) return;
    this.refs--;
    const s = statsOf(this.device);
    s.tensors--;
    if (this.refs <= 0) {
      this.freed = true;
      s.storages--;
      s.bytes -= this.nbytes;
      this.backend.free(this.buffer);
    }
  }
}

/** What `torch.memory()` reports for a device. */
export interface MemoryInfo {
  /** Live tensors (each view counts). */
  tensors: number;
  /** Live storages (buffers). */
  storages: number;
  /** Bytes held by live storages. */
  bytes: number;
}

/**
 * Live tensors, storages and bytes on a device (default: all devices summed).
 *
 * @example
 * ```ts
 * const before = torch.memory('cpu').bytes;
 * torch.tidy(() => model.forward(x));
 * torch.memory('cpu').bytes === before; // true
 * ```
 */
export function memoryOf(device?: Device): MemoryInfo {
  if (device) {
    const s = statsOf(device);
    return { tensors: s.tensors, storages: s.storages, bytes: s.bytes };
  }
  const total: MemoryInfo = { tensors: 0, storages: 0, bytes: 0 };
  for (const s of stats.values()) {
    total.tensors += s.tensors;
    total.storages += s.storages;
    total.bytes += s.bytes;
  }
  return total;
}
