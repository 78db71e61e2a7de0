/**
 * `nn.Parameter`: a tensor that a Module registers as one of its parameters.
 * @module
 */
import { empty, Tensor } from '@torchts/core';

/**
 * A Tensor that is a module parameter: assigning it to a Module field registers it, so it
 * shows in `parameters()` and `stateDict()`. It shares storage with the tensor it wraps,
 * requires grad by default and prints as `Parameter containing:\ntensor(...)`.
 *
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   weight = new nn.Parameter(torch.ones(3));
 *   forward(x: Tensor) { return x.mul(this.weight); }
 * }
 * ```
 */
export class Parameter extends Tensor {
  /**
   * Wraps `data` (sharing its storage and version counter, as PyTorch's `_make_subclass`);
   * with no data, an empty float tensor.
   */
  constructor(data?: Tensor, requiresGrad = true) {
    const t = data ?? empty(0);
    super(t._storage, [...t._shape], [...t._strides], t._offset, t._version);
    // Parameters are long-lived state: `torch.tidy` must not dispose them with the temporaries.
    this._kept = true;
    if (requiresGrad) this.requiresGrad_(true);
  }

  /** @internal Parameters print as `Parameter containing:`. */
  override get _isParameter(): boolean {
    return true;
  }
}

/** Whether a value is an `nn.Parameter`. */
export function isParameter(x: unknown): x is Parameter {
  return x instanceof Parameter;
}
