/**
 * `gradcheck` and `gradgradcheck`: compare the gradients autograd computes with central
 * finite differences, as `torch.autograd.gradcheck` does (use float64 inputs).
 * @module
 */
import {
  fromTypedArray, Generator, isTensor, randn, RuntimeError, tidy, type Tensor,
} from '@torchts/core';
import { grad } from './functional.js';

/** Options of {@link gradcheck} and {@link gradgradcheck} (PyTorch's defaults). */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw a {@link GradcheckError} on mismatch (default true); otherwise return false. */
  raiseException?: boolean;
  /** Tolerance between two backward runs (default 0: backward must be deterministic). */
  nondetTol?: number;
}

/** Thrown by {@link gradcheck} when analytical and numerical gradients differ. */
export class GradcheckError extends RuntimeError {
  override name = 'GradcheckError';
}

/** What gradcheck differentiates: any function of tensors (and other values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CheckedFunction = (...inputs: any[]) => Tensor | readonly (Tensor | null | undefined)[] | null;

function outputsOf(r: ReturnType<CheckedFunction>): Tensor[] {
  const list = r === null ? [] : isTensor(r) ? [r] : (r as readonly (Tensor | null | undefined)[]);
  return list.filter((t): t is Tensor => isTensor(t) && t.dtype.isFloatingPoint);
}

function hostValues(t: Tensor): Float64Array {
  return Float64Array.from(t.toTypedArray() as ArrayLike<number>);
}

/** A copy of `t` with element `k` moved by `delta`, with t's dtype, device and requiresGrad. */
function perturbed(t: Tensor, base: Float64Array, k: number, delta: number): Tensor {
  const values = base.slice();
  values[k] = values[k]! + delta;
  const p = fromTypedArray(values, [...t._shape]).to(t.device, t.dtype);
  if (t.requiresGrad) p.requiresGrad_(true);
  return p;
}

function formatJacobian(j: Float64Array, n: number, m: number): string {
  return String(fromTypedArray(j, [n, m]));
}

/**
 * Checks the gradients of `fn` at `inputs` against finite differences: for every output
 * and every input that requires grad, the Jacobian from backward must match the
 * numerical one within `atol + rtol * |numerical|`. Also checks that backward is
 * deterministic. Returns true, or throws (or returns false with `raiseException: false`).
 *
 * @example
 * ```ts
 * const x = torch.randn(3, { dtype: torch.float64, requiresGrad: true });
 * autograd.gradcheck((t) => t.sin().mul(t), [x]); // true
 * ```
 */
export function gradcheck(
  fn: CheckedFunction,
  inputs: Tensor | readonly unknown[],
  options: GradcheckOptions = {},
): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raiseException ?? true;
  const nondetTol = options.nondetTol ?? 0;
  const ins: unknown[] = isTensor(inputs) ? [inputs] : [...(inputs as readonly unknown[])];
  const diff: number[] = [];
  ins.forEach((t, i) => {
    if (isTensor(t) && t.requiresGrad) diff.push(i);
  });
  if (diff.length === 0) {
    throw new GradcheckError(
      'gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.',
    );
  }
  const diffInputs = diff.map((i) => ins[i] as Tensor);
  const sizes = diffInputs.map((t) => t.numel());

  const fail = (msg: string): boolean => {
    if (raise) throw new GradcheckError(msg);
    return false;
  };

  // Numerical Jacobians: numerical[o][i] is [n_i x m_o], row k = d out_o / d in_i[k].
  const outputs = outputsOf(fn(...ins));
  const outSizes = outputs.map((o) => o.numel());
  const numerical = outputs.map((_, o) => sizes.map((n) => new Float64Array(n * outSizes[o]!)));
  diff.forEach((argIndex, i) => {
    const x = ins[argIndex] as Tensor;
    const base = hostValues(x);
    const evalAt = (k: number, delta: number): Float64Array[] =>
      tidy(() => {
        const args = [...ins];
        args[argIndex] = perturbed(x, base, k, delta);
        return outputsOf(fn(...args)).map(hostValues);
      });
    for (let k = 0; k < sizes[i]!; k++) {
      const plus = evalAt(k, eps);
      const minus = evalAt(k, -eps);
      outputs.forEach((_, o) => {
        const m = outSizes[o]!;
        const row = numerical[o]![i]!;
        for (let j = 0; j < m; j++) row[k * m + j] = (plus[o]![j]! - minus[o]![j]!) / (2 * eps);
      });
    }
  });

  // Analytical Jacobians, one backward per output element (vector-Jacobian products with e_j).
  const analyticalOf = (): Float64Array[][] =>
    outputs.map((out, o) => {
      const m = outSizes[o]!;
      const jac = sizes.map((n) => new Float64Array(n * m));
      if (!out.requiresGrad) return jac;
      for (let j = 0; j < m; j++) {
        tidy(() => {
          const e = new Float64Array(m);
          e[j] = 1;
          const go = fromTypedArray(e, [...out._shape]).to(out.device, out.dtype);
          const gs = grad([out], diffInputs, { gradOutputs: [go], retainGraph: true, allowUnused: true });
          gs.forEach((g, i) => {
            if (!g) return;
            const v = hostValues(g);
            for (let k = 0; k < sizes[i]!; k++) jac[i]![k * m + j] = v[k]!;
          });
        });
      }
      return jac;
    });
  const analytical = analyticalOf();

  for (let o = 0; o < outputs.length; o++) {
    for (let i = 0; i < diff.length; i++) {
      const a = analytical[o]![i]!, n = numerical[o]![i]!;
      for (let k = 0; k < a.length; k++) {
        if (!(Math.abs(a[k]! - n[k]!) <= atol + rtol * Math.abs(n[k]!))) {
          return fail(
            `Jacobian mismatch for output ${o} with respect to input ${i},\nnumerical:${formatJacobian(n, sizes[i]!, outSizes[o]!)}\nanalytical:${formatJacobian(a, sizes[i]!, outSizes[o]!)}\n`,
          );
        }
      }
    }
  }

  const again = analyticalOf();
  for (let o = 0; o < outputs.length; o++) {
    for (let i = 0; i < diff.length; i++) {
      const a = analytical[o]![i]!, b = again[o]![i]!;
      for (let k = 0; k < a.length; k++) {
        if (!(Math.abs(a[k]! - b[k]!) <= nondetTol)) {
          return fail(
            `Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, although analytical gradient matches numerical gradient. The tolerance for nondeterminism was ${nondetTol}.`,
          );
        }
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: runs {@link gradcheck} on the function
 * `(inputs, gradOutputs) -> autograd.grad(fn(inputs), inputs, { gradOutputs, createGraph: true })`.
 * `gradOutputs` default to random normal tensors (fixed seed) that require grad.
 *
 * @example
 * ```ts
 * const x = torch.randn(3, { dtype: torch.float64, requiresGrad: true });
 * autograd.gradgradcheck((t) => t.pow(3), [x]); // true
 * ```
 */
export function gradgradcheck(
  fn: CheckedFunction,
  inputs: Tensor | readonly unknown[],
  gradOutputs?: Tensor | readonly Tensor[] | null,
  options: GradcheckOptions = {},
): boolean {
  const ins: unknown[] = isTensor(inputs) ? [inputs] : [...(inputs as readonly unknown[])];
  const outputs = outputsOf(fn(...ins)).filter((o) => o.requiresGrad);
  let gos: Tensor[];
  if (gradOutputs) gos = isTensor(gradOutputs) ? [gradOutputs] : [...gradOutputs];
  else {
    const generator = new Generator().manualSeed(0);
    gos = outputs.map((o) =>
      randn([...o._shape], { dtype: o.dtype, device: o.device, generator }).requiresGrad_(true),
    );
  }
  const nIn = ins.length;
  const firstOrder: CheckedFunction = (...all: unknown[]) => {
    const xs = all.slice(0, nIn);
    const gs = all.slice(nIn) as Tensor[];
    const outs = outputsOf(fn(...xs)).filter((o) => o.requiresGrad);
    const diffXs = xs.filter((t): t is Tensor => isTensor(t) && t.requiresGrad);
    return grad(outs, diffXs, { gradOutputs: gs, createGraph: true, allowUnused: true }).filter(
      (g): g is Tensor => g !== null,
    );
  };
  return gradcheck(firstOrder, [...ins, ...gos], options);
}
