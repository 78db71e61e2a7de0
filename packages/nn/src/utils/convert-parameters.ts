/**
 * `nn.utils.parametersToVector` and `nn.utils.vectorToParameters`: all parameters as one
 * flat vector, and back.
 * @module
 */
import { cat, RuntimeError, Tensor, type Device } from '@torchts/core';

function checkDevice(param: Tensor, oldDevice: Device | null): Device {
  if (oldDevice && !oldDevice.equals(param.device)) {
    throw new TypeError('Found two parameters on different devices, this is currently not supported.');
  }
  return param.device;
}

/**
 * The parameters flattened and concatenated into one 1-d tensor.
 *
 * @example
 * ```ts
 * const v = nn.utils.parametersToVector(net.parameters()); // [numel of all parameters]
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  let device: Device | null = null;
  const parts: Tensor[] = [];
  for (const p of parameters) {
    device = checkDevice(p, device);
    parts.push(p.view(-1));
  }
  return cat(parts);
}

/** Copies consecutive slices of the 1-d `vec` into the parameters' data (PyTorch's `param.data = ...`). */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  let device: Device | null = null;
  let pointer = 0;
  for (const p of parameters) {
    device = checkDevice(p, device);
    const n = p.numel();
    if (pointer + n > vec.numel()) throw new RuntimeError(`vector has ${vec.numel()} elements, fewer than the parameters hold`);
    p.data = vec.narrow(0, pointer, n).viewAs(p).data;
    pointer += n;
  }
}
