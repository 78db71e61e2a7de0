/**
 * `torch.device`: a device type plus an index (`'cuda:1'`).
 * @module
 */
import { RuntimeError } from './errors.js';

/**
 * A device: a backend type (`'cpu'`, `'cuda'`, `'webgpu'`) and an index.
 *
 * @example
 * ```ts
 * const d = torch.device('cuda:1'); // device(type='cuda', index=1)
 * ```
 */
export class Device {
  /** @internal use {@link device} */
  constructor(
    /** The device type: `'cpu'`, `'cuda'`, `'webgpu'`, ... */
    readonly type: string,
    /** The device's index among those of its type (0 for `'cuda'`). */
    readonly index: number,
  ) {}
  /** `'cpu'`, `'cuda:1'`: the form tensors print in `device='...'` (cpu:0 prints as `cpu`). */
  toString(): string {
    return this.type === 'cpu' && this.index === 0 ? 'cpu' : `${this.type}:${this.index}`;
  }
  /** Whether two devices are the same. */
  equals(other: Device): boolean {
    return this.type === other.type && this.index === other.index;
  }
  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `device(type='${this.type}', index=${this.index})`;
  }
}

/** Anything that names a device: a Device or a string (`'cpu'`, `'cuda:0'`, `'webgpu'`). */
export type DeviceLike = Device | string;

const cache = new Map<string, Device>();

/** Parses a device name (`torch.device('cuda:1')`); the index defaults to 0. */
export function device(spec: DeviceLike, index?: number): Device {
  if (spec instanceof Device) return spec;
  const m = /^([a-z_]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) {
    throw new RuntimeError(
      `Expected one of cpu, cuda, webgpu device type at start of device string: ${spec}`,
    );
  }
  const type = m[1]!;
  const idx = index ?? (m[2] !== undefined ? Number(m[2]) : 0);
  const key = `${type}:${idx}`;
  let d = cache.get(key);
  if (!d) {
    d = new Device(type, idx);
    cache.set(key, d);
  }
  return d;
}
