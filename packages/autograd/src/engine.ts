/**
 * The backward engine: finds the part of the graph between the outputs and what is asked
 * for, runs the nodes in dependency order (latest-created first among ready nodes, as
 * PyTorch's engine), sums gradients arriving at the same input, runs tensor hooks and
 * `retainGrad()`, accumulates into leaves, and frees saved tensors unless `retainGraph`.
 * @module
 */
import {
  isGradEnabled, keep, onesLike, RuntimeError, setGradEnabled, tidy, zeros, type Tensor,
} from '@torchts/core';
import { AccumulateGrad, accumulatorOf } from './accumulate-grad.js';
import { edgeOf } from './graph.js';
import type { Edge, Node } from './node.js';
import { validateGrad } from './validate.js';

/** Options of {@link runBackward}. */
export interface RunBackwardOptions {
  /** Keep saved tensors so backward can run through the graph again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass, for higher-order gradients. */
  createGraph?: boolean;
  /** Only these tensors get gradients (captured, or accumulated when `accumulate`). */
  inputs?: readonly Tensor[];
  /** Accumulate into `.grad` (backward) instead of returning the gradients (autograd.grad). */
  accumulate: boolean;
  /** With `inputs` and not `accumulate`: return null for inputs the outputs do not depend on. */
  allowUnused?: boolean;
}

function sizeStr(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The initial gradients: given ones checked against their outputs, ones for scalars. */
function makeRootGrads(outputs: readonly Tensor[], grads: readonly (Tensor | null | undefined)[]): Tensor[] {
  return outputs.map((out, i) => {
    const g = grads[i];
    if (!g) {
      if (out.numel() !== 1) throw new RuntimeError('grad can be implicitly created only for scalar outputs');
      return onesLike(out);
    }
    if (!sameShape(g._shape, out._shape)) {
      throw new RuntimeError(
        `Mismatch in shape: grad_output[${i}] has a shape of ${sizeStr(g._shape)} and output[${i}] has a shape of ${sizeStr(out._shape)}.`,
      );
    }
    return g.dtype === out.dtype ? g : g.to(out.dtype);
  });
}

/** A max-heap of nodes by priority: AccumulateGrad first, then the latest-created node. */
class ReadyQueue {
  private readonly heap: Node[] = [];
  get size(): number {
    return this.heap.length;
  }
  private static prio(n: Node): number {
    return n instanceof AccumulateGrad ? Number.MAX_SAFE_INTEGER : n.sequenceNr;
  }
  push(n: Node): void {
    const h = this.heap;
    h.push(n);
    let i = h.length - 1;
    const p = ReadyQueue.prio(n);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ReadyQueue.prio(h[parent]!) >= p) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = n;
  }
  pop(): Node {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      const p = ReadyQueue.prio(last);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let best = i, bestP = p;
        if (l < h.length && ReadyQueue.prio(h[l]!) > bestP) {
          best = l;
          bestP = ReadyQueue.prio(h[l]!);
        }
        if (r < h.length && ReadyQueue.prio(h[r]!) > bestP) best = r;
        if (best === i) break;
        h[i] = h[best]!;
        i = best;
      }
      h[i] = last;
    }
    return top;
  }
}

/** Every node reachable from `roots`, children before parents. */
function postOrder(roots: readonly Node[]): Node[] {
  const visited = new Set<Node>();
  const out: Node[] = [];
  const stack: Node[] = [];
  const pos: number[] = [];
  for (const r of roots) {
    if (visited.has(r)) continue;
    visited.add(r);
    stack.push(r);
    pos.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top]!;
      const i = pos[top]!;
      if (i < node.next.length) {
        pos[top] = i + 1;
        const e = node.next[i];
        if (e && !visited.has(e.node)) {
          visited.add(e.node);
          stack.push(e.node);
          pos.push(0);
        }
      } else {
        out.push(node);
        stack.pop();
        pos.pop();
      }
    }
  }
  return out;
}

/** Runs a tensor's hooks and `retainGrad()` on the gradient of output `i` of `node`. */
function runTensorPreHooks(node: Node, grads: (Tensor | null)[]): void {
  const refs = node.outputRefs;
  if (!refs) return;
  for (let i = 0; i < refs.length; i++) {
    let g = grads[i];
    if (!g) continue;
    const t = refs[i]?.deref();
    if (!t || t.gradFn !== node || t._outputNr !== i) continue;
    if (t._hooks && t._hooks.length > 0) {
      keep(g); // a hook may hold on to the gradient
      for (const hook of [...t._hooks]) {
        const r = hook(g);
        if (r) g = r;
      }
      grads[i] = g;
    }
    if (t._retainsGrad) t.grad = keep(t.grad ? t.grad.add(g) : g.clone());
  }
}

interface Capture {
  /** Index into the inputs list. */
  index: number;
  /** Which output of the node the input is. */
  outputNr: number;
}

/**
 * Runs backward from `outputs`, seeded with `gradOutputs` (ones for scalar outputs when
 * null). Accumulates into leaves (`accumulate`) or returns the gradients of `inputs`.
 */
export function runBackward(
  outputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null | undefined)[],
  opts: RunBackwardOptions,
): (Tensor | null)[] {
  const createGraph = opts.createGraph ?? false;
  const retainGraph = opts.retainGraph ?? createGraph;
  const inputs = opts.inputs;
  const accumulate = opts.accumulate;

  const rootEdges: Edge[] = outputs.map((t, i) => {
    const e = edgeOf(t);
    if (!e) throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    return e;
  });

  // What is asked for: captures (autograd.grad, or non-leaf inputs of backward) and targets.
  const captures = new Map<Node, Capture[]>();
  const targets = new Set<Node>();
  if (inputs) {
    inputs.forEach((t, index) => {
      if (!t._requiresGrad) throw new RuntimeError('One of the differentiated Tensors does not require grad');
      const node = (t.gradFn as Node | null) ?? accumulatorOf(t, accumulate);
      if (!node) return; // a leaf never used in any graph
      targets.add(node);
      if (!accumulate || !(node instanceof AccumulateGrad)) {
        let list = captures.get(node);
        if (!list) captures.set(node, (list = []));
        list.push({ index, outputNr: t.gradFn ? t._outputNr : 0 });
      }
    });
  }

  const order = postOrder(rootEdges.map((e) => e.node));
  // visit: nodes the gradient must reach; run: nodes whose function must be applied.
  let visit: Set<Node>;
  const run = new Set<Node>();
  if (!inputs) {
    visit = new Set(order);
    for (const n of order) if (!(n instanceof AccumulateGrad) || accumulate) run.add(n);
  } else {
    visit = new Set<Node>();
    for (const n of order) {
      let leadsOn = false;
      for (const e of n.next) {
        if (e && visit.has(e.node)) {
          leadsOn = true;
          break;
        }
      }
      if (leadsOn || targets.has(n)) visit.add(n);
      if (n instanceof AccumulateGrad ? accumulate && targets.has(n) : leadsOn) run.add(n);
    }
  }

  const deps = new Map<Node, number>();
  for (const n of visit) {
    for (const e of n.next) {
      if (e && visit.has(e.node)) deps.set(e.node, (deps.get(e.node) ?? 0) + 1);
    }
  }

  const buffers = new Map<Node, (Tensor | null)[]>();
  const addTo = (node: Node, index: number, g: Tensor): void => {
    let buf = buffers.get(node);
    if (!buf) buffers.set(node, (buf = []));
    const prev = buf[index];
    buf[index] = prev ? prev.add(g) : g;
  };

  // Everything the pass creates is released at its end, except what it hands out: the
  // returned gradients and the (kept) .grad of leaves and retained tensors. Values a
  // recorded pass needs later are held by its saved tensors.
  return tidy(() => {
    const rootGrads = makeRootGrads(outputs, gradOutputs);
    const results: (Tensor | null)[] = inputs ? inputs.map(() => null) : [];
    const prevMode = isGradEnabled();
    setGradEnabled(createGraph);
    try {
      rootEdges.forEach((e, i) => {
        if (visit.has(e.node)) addTo(e.node, e.inputNr, rootGrads[i]!);
      });
      const queue = new ReadyQueue();
      for (const e of rootEdges) {
        if (visit.has(e.node) && !deps.get(e.node) && buffers.has(e.node)) {
          deps.set(e.node, -1); // queued
          queue.push(e.node);
        }
      }

      while (queue.size > 0) {
        const node = queue.pop();
        const grads = buffers.get(node) ?? [];
        buffers.delete(node);
        let anyGrad = false;
        for (const g of grads) if (g) anyGrad = true;

        if (anyGrad) {
          if (node instanceof AccumulateGrad) grads[0] = node.runHooks(grads[0]!);
          else runTensorPreHooks(node, grads);

          const caps = captures.get(node);
          if (caps) for (const c of caps) results[c.index] = grads[c.outputNr] ?? null;

          if (run.has(node)) applyNode(node, grads, retainGraph, visit, addTo);
        }

        for (const e of node.next) {
          if (!e || !visit.has(e.node)) continue;
          const left = deps.get(e.node)! - 1;
          deps.set(e.node, left);
          if (left === 0) queue.push(e.node);
        }
      }
    } finally {
      setGradEnabled(prevMode);
    }

    if (inputs) {
      if (accumulate) {
        // Non-leaf inputs of backward(inputs=...) accumulate into their .grad, as in PyTorch.
        inputs.forEach((t, i) => {
          const g = results[i];
          if (g && t.gradFn) t.grad = keep(t.grad ? t.grad.add(g) : g.clone());
        });
      } else if (!opts.allowUnused) {
        for (const g of results) {
          if (!g) {
            throw new RuntimeError(
              'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
            );
          }
        }
      }
    }
    return results;
  });
}

/** Applies one node: zeros for missing output gradients, call, free, route the results. */
function applyNode(
  node: Node,
  grads: (Tensor | null)[],
  retainGraph: boolean,
  visit: Set<Node>,
  addTo: (node: Node, index: number, g: Tensor) => void,
): void {
  let full = grads as Tensor[];
  if (node.materializeGrads) {
    const n = Math.max(node.outputMeta.length, grads.length, 1);
    full = new Array<Tensor>(n);
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      if (g) full[i] = g;
      else {
        const m = node.outputMeta[i]!;
        full[i] = zeros([...m.shape], { dtype: m.dtype, device: m.device });
      }
    }
  }
  const out = node.apply(full);
  if (!retainGraph) node.releaseVariables();
  const next = node.next;
  if (out.length > next.length) {
    throw new RuntimeError(
      `function ${node.name()} returned an incorrect number of gradients (expected ${next.length}, got ${out.length})`,
    );
  }
  for (let i = 0; i < next.length; i++) {
    const e = next[i];
    const g = out[i];
    if (!e || !g || !visit.has(e.node)) continue;
    addTo(e.node, e.inputNr, validateGrad(g, node.inputMeta[i]!, () => node.name(), i));
  }
}
