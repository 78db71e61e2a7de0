/**
 * Custom differentiable functions (`torch.autograd.Function`): a class with static
 * `forward(ctx, ...args)` and `backward(ctx, ...grads)`, used through `MyFn.apply(...)`.
 * @module
 */
import { isGradEnabled, isTensor, noGrad, RuntimeError, zeros, type Tensor } from '@torchts/core';
import { connectInputs, isDifferentiable } from './graph.js';
import { metaOf, Node, type TensorMeta } from './node.js';
import { SavedTensor } from './saved-tensor.js';

/**
 * The `ctx` of a custom {@link Function}: saves tensors for backward and says which inputs
 * need gradients. Any other property can be set on it to pass values to backward.
 */
export class FunctionCtx {
  /** Per argument of `apply`: whether it is a tensor that requires grad (`ctx.needs_input_grad`). */
  needsInputGrad: boolean[] = [];
  /** @internal */ _toSave: (Tensor | null)[] | null = null;
  /** @internal */ _saved: (SavedTensor | null)[] | null = null;
  /** @internal */ _dirty = new Set<Tensor>();
  /** @internal */ _nonDifferentiable = new Set<Tensor>();
  /** @internal */ _materializeGrads = true;
  /** Values stashed by `forward` for `backward` (`ctx.foo = ...` in Python). */
  [key: string]: unknown;

  /** Saves tensors (inputs or outputs) for backward; read them back with {@link savedTensors}. */
  saveForBackward(...tensors: (Tensor | null | undefined)[]): void {
    this._toSave = tensors.map((t) => t ?? null);
  }

  /** The tensors given to {@link saveForBackward}, checked against in-place modification. */
  get savedTensors(): (Tensor | null)[] {
    if (this._saved) return this._saved.map((s) => (s ? s.unpack() : null));
    return this._toSave ? [...this._toSave] : [];
  }

  /** Declares inputs that `forward` modified in place. */
  markDirty(...tensors: Tensor[]): void {
    for (const t of tensors) this._dirty.add(t);
  }

  /** Declares outputs that are not differentiable (they get no `gradFn`). */
  markNonDifferentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._nonDifferentiable.add(t);
  }

  /** Whether missing output gradients reach `backward` as zeros (default) or as null. */
  setMaterializeGrads(value: boolean): void {
    this._materializeGrads = value;
  }
}

/** A custom Function class, as `apply` sees it. */
interface FunctionClass {
  name: string;
  forward(ctx: FunctionCtx, ...args: unknown[]): unknown;
  backward(ctx: FunctionCtx, ...grads: (Tensor | null)[]): unknown;
}

/** The graph node of one call of a custom Function: `<ClassName>Backward`. */
export class FunctionNode extends Node {
  /** Per output: metadata of tensor outputs (null for other values). */
  readonly outputs: (TensorMeta | null)[] = [];
  /** Per argument of `apply`: whether it was a tensor. */
  tensorArgs: boolean[] = [];

  constructor(
    private readonly cls: FunctionClass,
    /** The context `forward` saved tensors and values in, handed to `backward`. */
    readonly ctx: FunctionCtx,
  ) {
    super();
  }

  name(): string {
    return `${this.cls.name}Backward`;
  }

  /** Custom functions decide themselves about zeros for missing gradients. */
  override get materializeGrads(): boolean {
    return false;
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null | undefined)[] {
    const gs = this.outputs.map((m, i) => {
      const g = grads[i] ?? null;
      if (g || !m || !this.ctx._materializeGrads) return g;
      return zeros([...m.shape], { dtype: m.dtype, device: m.device });
    });
    const r = this.cls.backward(this.ctx, ...gs);
    const list = (Array.isArray(r) ? r : [r]) as (Tensor | null | undefined)[];
    const expected = this.next.length;
    if (list.length < expected || list.slice(expected).some((g) => g !== null && g !== undefined)) {
      throw new RuntimeError(
        `function ${this.name()} returned an incorrect number of gradients (expected ${expected}, got ${list.length})`,
      );
    }
    return list.slice(0, expected).map((g, i) => {
      if (g === null || g === undefined) return null;
      if (!this.tensorArgs[i]) {
        throw new RuntimeError(
          `function ${this.name()} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
        );
      }
      if (!isTensor(g)) throw new TypeError(`function ${this.name()} returned a non-tensor gradient at position ${i + 1}`);
      return g;
    });
  }

  override releaseVariables(): void {
    for (const s of this.ctx._saved ?? []) s?.release();
  }
}

/**
 * Base class of custom differentiable functions (`torch.autograd.Function`). Subclasses
 * implement static `forward(ctx, ...args)` (run without recording) and
 * `backward(ctx, ...gradOutputs)` returning one gradient (or null) per `forward` argument;
 * call them with `MyFn.apply(...args)`.
 *
 * @example
 * ```ts
 * class Exp extends autograd.Function {
 *   static forward(ctx: autograd.FunctionCtx, x: torch.Tensor) {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   }
 *   static backward(ctx: autograd.FunctionCtx, g: torch.Tensor) {
 *     const [y] = ctx.savedTensors;
 *     return g.mul(y!);
 *   }
 * }
 * const y = Exp.apply(x); // y.gradFn.name() === 'ExpBackward'
 * ```
 */
export class Function {
  /** Computes the outputs (grad mode is off inside). Override in subclasses. */
  static forward(_ctx: FunctionCtx, ..._args: never[]): unknown {
    throw new RuntimeError('You must implement the forward function for custom autograd.Function.');
  }

  /** Computes the gradients of the inputs from those of the outputs. Override in subclasses. */
  static backward(_ctx: FunctionCtx, ..._grads: never[]): unknown {
    throw new RuntimeError(
      'You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.',
    );
  }

  /** Runs `forward` and records one node for the whole call. */
  static apply<
    C extends {
      /** The subclass's `forward`. */
      forward(ctx: FunctionCtx, ...args: never[]): unknown;
    },
  >(
    this: C,
    ...args: C['forward'] extends (ctx: FunctionCtx, ...rest: infer A) => unknown ? A : never
  ): C['forward'] extends (...a: never[]) => infer R ? R : never {
    const cls = this as unknown as FunctionClass;
    const ctx = new FunctionCtx();
    const tensorArgs = (args as unknown[]).map((a) => (isTensor(a) ? a : null));
    ctx.needsInputGrad = tensorArgs.map((t) => t !== null && t.requiresGrad);
    const recording = isGradEnabled() && ctx.needsInputGrad.some(Boolean);
    const raw = noGrad(() => cls.forward(ctx, ...(args as unknown[])));
    if (!recording) return raw as never;

    const node = new FunctionNode(cls, ctx);
    node.tensorArgs = tensorArgs.map((t) => t !== null);
    connectInputs(node, tensorArgs);
    const isList = Array.isArray(raw);
    const outs = (isList ? [...(raw as unknown[])] : [raw]).map((o) => {
      // An input returned as is becomes a view of it, so the input keeps its own graph identity.
      if (isTensor(o) && tensorArgs.includes(o) && !ctx._dirty.has(o)) {
        return o._viewAs([...o._shape], [...o._strides], o._offset);
      }
      return o;
    });
    const meta: TensorMeta[] = [];
    const refs: (WeakRef<Tensor> | null)[] = [];
    outs.forEach((o, i) => {
      if (!isTensor(o)) {
        node.outputs.push(null);
        refs.push(null);
        return;
      }
      node.outputs.push(metaOf(o));
      meta[i] = metaOf(o);
      if (isDifferentiable(o) && !ctx._nonDifferentiable.has(o)) {
        o.gradFn = node;
        o._outputNr = i;
        o._requiresGrad = true;
        refs.push(new WeakRef(o));
      } else refs.push(null);
    });
    node.outputMeta = meta;
    node.outputRefs = refs;
    if (ctx._toSave) ctx._saved = ctx._toSave.map((t) => (t ? new SavedTensor(t) : null));
    return (isList ? outs : outs[0]) as never;
  }
}
