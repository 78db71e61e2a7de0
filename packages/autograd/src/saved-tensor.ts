/**
 * Tensors saved for backward (PyTorch's `SavedVariable`): they keep the storage alive
 * across `torch.tidy` scopes, detect in-place modification through the version counter,
 * and are freed after backward unless `retainGraph`.
 * @module
 */
import { keep, RuntimeError, type Tensor } from '@torchts/core';

/** PyTorch's message when a freed graph is used again. */
export const FREED_GRAPH_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

const legacyNames: Record<string, string> = {
  float32: 'FloatTensor', float64: 'DoubleTensor', float16: 'HalfTensor', int64: 'LongTensor',
  int32: 'IntTensor', int16: 'ShortTensor', int8: 'CharTensor', uint8: 'ByteTensor', bool: 'BoolTensor',
};

/**
 * @internal `torch.FloatTensor [3]`, as PyTorch's messages describe a tensor. bfloat16 has no
 * legacy tensor name there: PyTorch 1.13 writes its type as `CPUBFloat16Type`.
 */
export function describeTensor(t: { dtype: { name: string }; device: { type: string }; _shape: readonly number[] }): string {
  const shape = `[${t._shape.join(', ')}]`;
  if (t.dtype.name === 'bfloat16') return `${t.device.type.toUpperCase()}BFloat16Type ${shape}`;
  const prefix = t.device.type === 'cpu' ? 'torch.' : `torch.${t.device.type}.`;
  return `${prefix}${legacyNames[t.dtype.name] ?? t.dtype.name} ${shape}`;
}

/**
 * A tensor saved by a node. `unpack()` returns it (with its graph identity, so a recorded
 * backward pass can differentiate through it) after checking it was not modified in place.
 */
export class SavedTensor {
  private data: Tensor | null;
  private readonly savedVersion: number;
  /** Name of the node that produced the tensor when it was saved (for the error message). */
  private readonly producer: string | null;
  private readonly producerOutput: number;

  constructor(t: Tensor) {
    // A second tensor object on the same storage and version counter: tidy() may dispose
    // the user's object, but the graph keeps the values until backward frees them.
    const d = keep(t.detach());
    d.gradFn = t.gradFn;
    d._outputNr = t._outputNr;
    d._requiresGrad = t._requiresGrad;
    d._autograd = t._autograd; // leaves share their AccumulateGrad
    this.data = d;
    this.savedVersion = t._version.value;
    this.producer = t.gradFn ? t.gradFn.name() : null;
    this.producerOutput = t._outputNr;
  }

  /** The saved tensor; fails if it was freed or modified in place since it was saved. */
  unpack(): Tensor {
    const d = this.data;
    if (!d) throw new RuntimeError(FREED_GRAPH_MESSAGE);
    const now = d._version.value;
    if (now !== this.savedVersion) {
      const which = this.producer ? `, which is output ${this.producerOutput} of ${this.producer},` : '';
      throw new RuntimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: [${describeTensor(d)}]${which} is at version ${now}; expected version ${this.savedVersion} instead. Hint: the tensor was modified in place after autograd saved it; clone() it before the in-place operation or use the out-of-place form.`,
      );
    }
    return d;
  }

  /** Whether {@link release} was called. */
  get released(): boolean {
    return this.data === null;
  }

  /** Frees the saved values (their storage is released when no other tensor uses it). */
  release(): void {
    if (!this.data) return;
    this.data.dispose();
    this.data = null;
  }
}
