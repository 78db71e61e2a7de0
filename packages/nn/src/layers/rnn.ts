/**
 * Recurrent layers: `nn.RNN`, `nn.LSTM`, `nn.GRU` (numLayers, bidirectional, batchFirst,
 * dropout between layers) and the cells `nn.RNNCell`, `nn.LSTMCell`, `nn.GRUCell`.
 *
 * Parameters have PyTorch's names and order (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`,
 * `bias_hh_l0`, then `..._reverse`), all drawn from U(-1/sqrt(hidden), 1/sqrt(hidden)) in that
 * order. Each step computes what PyTorch's CPU cells compute, in the same order: the input
 * projection of all steps first, then per step `linear(h, W_hh, b_hh) + x_proj`.
 * @module
 */
import { cat, empty, RuntimeError, stack, ValueError, zeros, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { FactoryKwargs } from './linear.js';
import { pyBool, pyFloat } from './repr.js';

type Mode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** Options of the recurrent layers (PyTorch's keyword arguments). */
export interface RNNOptions extends FactoryKwargs {
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Learn biases (default true). */
  bias?: boolean;
  /** Input and output are `[batch, seq, feature]` instead of `[seq, batch, feature]`. */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last (default 0). */
  dropout?: number;
  /** Run a second, reversed direction and concatenate (default false). */
  bidirectional?: boolean;
  /** RNN only: `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/** One step of a cell: `[h]` or `[h, c]` from the precomputed input projection `xw`. */
function cellStep(mode: Mode, xw: Tensor, state: Tensor[], wHh: Tensor, bHh: Tensor | null): Tensor[] {
  const hw = F.linear(state[0]!, wHh, bHh);
  if (mode === 'RNN_TANH') return [hw.add(xw).tanh()];
  if (mode === 'RNN_RELU') return [hw.add(xw).relu()];
  if (mode === 'LSTM') {
    const [i, f, g, o] = hw.add(xw).chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const c = f.sigmoid().mul(state[1]!).add(i.sigmoid().mul(g.tanh()));
    return [o.sigmoid().mul(c.tanh()), c];
  }
  const [ir, iz, inn] = xw.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const [hr, hz, hn] = hw.chunk(3, 1) as [Tensor, Tensor, Tensor];
  const r = hr.add(ir).sigmoid();
  const z = hz.add(iz).sigmoid();
  const n = inn.add(hn.mul(r)).tanh();
  return [state[0]!.sub(n).mul(z).add(n)];
}

function gateSize(mode: Mode, hidden: number): number {
  return mode === 'LSTM' ? 4 * hidden : mode === 'GRU' ? 3 * hidden : hidden;
}

/** The common part of RNN, LSTM and GRU (PyTorch's `RNNBase`). */
export abstract class RNNBase extends Module {
  /** `'RNN_TANH'`, `'RNN_RELU'`, `'LSTM'` or `'GRU'`, as PyTorch names them. */
  mode: Mode;
  /** Number of features of the input. */
  inputSize: number;
  /** Number of features of the hidden state. */
  hiddenSize: number;
  /** Number of stacked layers. */
  numLayers: number;
  /** Whether the layers have bias weights. */
  bias: boolean;
  /** Whether input and output are `[batch, seq, feature]` instead of `[seq, batch, feature]`. */
  batchFirst: boolean;
  /** Dropout probability on the outputs of each layer but the last. */
  dropout: number;
  /** Whether each layer also runs backwards. */
  bidirectional: boolean;
  /** Parameter names in PyTorch's order (`_flat_weights_names`). */
  flatWeightsNames: string[];

  constructor(mode: Mode, inputSize: number, hiddenSize: number, o: RNNOptions) {
    super();
    const dropout = o.dropout ?? 0;
    const numLayers = o.numLayers ?? 1;
    if (dropout < 0 || dropout > 1) {
      throw new ValueError('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    }
    if (dropout > 0 && numLayers === 1) {
      console.warn(
        `dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects num_layers greater than 1, but got dropout=${dropout} and num_layers=${numLayers}`,
      );
    }
    if (!Number.isInteger(hiddenSize) || hiddenSize <= 0) throw new ValueError('hidden_size must be greater than zero');
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new ValueError('num_layers must be greater than zero');
    this.mode = mode;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = o.bias ?? true;
    this.batchFirst = o.batchFirst ?? false;
    this.dropout = dropout;
    this.bidirectional = o.bidirectional ?? false;
    this.flatWeightsNames = [];
    const dirs = this.bidirectional ? 2 : 1;
    const gs = gateSize(mode, hiddenSize);
    const fk = { device: o.device, dtype: o.dtype };
    for (let layer = 0; layer < numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inSize = layer === 0 ? inputSize : hiddenSize * dirs;
        const suffix = d === 1 ? '_reverse' : '';
        const params: [string, number[]][] = [
          [`weight_ih_l${layer}${suffix}`, [gs, inSize]],
          [`weight_hh_l${layer}${suffix}`, [gs, hiddenSize]],
        ];
        if (this.bias) params.push([`bias_ih_l${layer}${suffix}`, [gs]], [`bias_hh_l${layer}${suffix}`, [gs]]);
        for (const [name, shape] of params) {
          this.registerParameter(name, new Parameter(empty(shape, fk)));
          this.flatWeightsNames.push(name);
        }
      }
    }
    this.resetParameters();
  }

  /** Every weight from U(-1/sqrt(hidden), 1/sqrt(hidden)), in parameter order. */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }

  /** The parameters in PyTorch's order (`_flat_weights`). */
  get flatWeights(): Parameter[] {
    return this.flatWeightsNames.map((n) => (this as unknown as Record<string, Parameter>)[n]!);
  }

  /** @internal One layer in one direction over `x` [L, N, in]. */
  _runDirection(x: Tensor, state: Tensor[], layer: number, reverse: boolean): { out: Tensor; state: Tensor[] } {
    const suffix = reverse ? '_reverse' : '';
    const p = this as unknown as Record<string, Parameter | undefined>;
    const wIh = p[`weight_ih_l${layer}${suffix}`]!, wHh = p[`weight_hh_l${layer}${suffix}`]!;
    const bIh = p[`bias_ih_l${layer}${suffix}`] ?? null, bHh = p[`bias_hh_l${layer}${suffix}`] ?? null;
    const L = x.size(0);
    const xw = F.linear(x, wIh, bIh);
    const outs: Tensor[] = new Array<Tensor>(L);
    let s = state;
    for (let k = 0; k < L; k++) {
      const t = reverse ? L - 1 - k : k;
      s = cellStep(this.mode, xw.select(0, t), s, wHh, bHh);
      outs[t] = s[0]!;
    }
    return { out: L > 0 ? stack(outs, 0) : x.newZeros([0, x.size(1), this.hiddenSize]), state: s };
  }

  /** @internal The stacked layers: `x` [L, N, in], states `[numLayers * dirs, N, H]` each. */
  _run(x: Tensor, states: Tensor[]): { output: Tensor; states: Tensor[] } {
    const dirs = this.bidirectional ? 2 : 1;
    const finals: Tensor[][] = states.map(() => []);
    let input = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const idx = layer * dirs + d;
        const r = this._runDirection(input, states.map((s) => s.select(0, idx)), layer, d === 1);
        outs.push(r.out);
        r.state.forEach((t, i) => finals[i]!.push(t));
      }
      input = dirs === 1 ? outs[0]! : cat(outs, 2);
      if (this.dropout !== 0 && this.training && layer < this.numLayers - 1) input = F.dropout(input, this.dropout, true);
    }
    return { output: input, states: finals.map((f) => stack(f, 0)) };
  }

  /** @internal Input checks, batching and default states shared by the forwards. */
  _prepare(input: Tensor, hx: Tensor[] | null): { x: Tensor; states: Tensor[]; batched: boolean } {
    const batched = input.dim() === 3;
    if (input.dim() !== 2 && input.dim() !== 3) {
      throw new ValueError(`${this._getName()}: Expected input to be 2-D or 3-D but received ${input.dim()}-D tensor`);
    }
    let x = batched ? input : input.unsqueeze(1);
    if (batched && this.batchFirst) x = x.transpose(0, 1);
    if (x.size(2) !== this.inputSize) {
      throw new RuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${x.size(2)}`);
    }
    const dirs = this.bidirectional ? 2 : 1;
    const N = x.size(1);
    const expected = [this.numLayers * dirs, N, this.hiddenSize];
    let states: Tensor[];
    if (hx === null) {
      const n = this.mode === 'LSTM' ? 2 : 1;
      states = Array.from({ length: n }, () => zeros(expected, { dtype: x.dtype, device: x.device }));
    } else {
      states = hx.map((h) => {
        if (!batched) {
          if (h.dim() !== 2) throw new RuntimeError(`For unbatched 2-D input, hx should also be 2-D but got ${h.dim()}-D tensor`);
          return h.unsqueeze(1);
        }
        if (h.dim() !== 3) throw new RuntimeError(`For batched 3-D input, hx should also be 3-D but got ${h.dim()}-D tensor`);
        return h;
      });
      for (const s of states) {
        if (s.shape.some((v, i) => v !== expected[i])) {
          throw new RuntimeError(`Expected hidden size (${expected.join(', ')}), got [${s.shape.join(', ')}]`);
        }
      }
    }
    return { x, states, batched };
  }

  /** @internal Undoes `_prepare`'s layout on the output and states. */
  _finish(output: Tensor, states: Tensor[], batched: boolean): { output: Tensor; states: Tensor[] } {
    if (!batched) return { output: output.squeeze(1), states: states.map((s) => s.squeeze(1)) };
    return { output: this.batchFirst ? output.transpose(0, 1) : output, states };
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

/**
 * An Elman RNN: `h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)` (or relu).
 * `forward(input, h0?)` returns `[output, hN]`.
 *
 * @example
 * ```ts
 * const rnn = new nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hn] = rnn(torch.randn(5, 3, 10));
 * ```
 */
export class RNN extends RNNBase {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nl = options.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`Unknown nonlinearity '${String(nl)}'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nl;
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const p = this._prepare(input, hx ? [hx] : null);
    const r = this._run(p.x, p.states);
    const f = this._finish(r.output, r.states, p.batched);
    return [f.output, f.states[0]!];
  }
}

/**
 * Long short-term memory. `forward(input, [h0, c0]?)` returns `[output, [hN, cN]]`.
 *
 * @example
 * ```ts
 * const lstm = new nn.LSTM(10, 20, { batchFirst: true, bidirectional: true });
 * const [output, [hn, cn]] = lstm(torch.randn(3, 5, 10));
 * ```
 */
export class LSTM extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('LSTM', inputSize, hiddenSize, options);
  }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, [Tensor, Tensor]] {
    const p = this._prepare(input, hx ? [...hx] : null);
    const r = this._run(p.x, p.states);
    const f = this._finish(r.output, r.states, p.batched);
    return [f.output, [f.states[0]!, f.states[1]!]];
  }
}

/** Gated recurrent unit. `forward(input, h0?)` returns `[output, hN]`. */
export class GRU extends RNNBase {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }
  override forward(input: Tensor, hx?: Tensor | null): [Tensor, Tensor] {
    const p = this._prepare(input, hx ? [hx] : null);
    const r = this._run(p.x, p.states);
    const f = this._finish(r.output, r.states, p.batched);
    return [f.output, f.states[0]!];
  }
}

/** The common part of the cells (PyTorch's `RNNCellBase`). */
abstract class RNNCellBase extends Module {
  /** Number of features of the input. */
  inputSize: number;
  /** Number of features of the hidden state. */
  hiddenSize: number;
  /** Whether the cell has bias weights. */
  bias: boolean;
  /** Input-hidden weights, `[gates * hiddenSize, inputSize]` (PyTorch's name). */
  weight_ih: Parameter;
  /** Hidden-hidden weights, `[gates * hiddenSize, hiddenSize]` (PyTorch's name). */
  weight_hh: Parameter;
  /** Input-hidden bias, or null without `bias` (PyTorch's name). */
  bias_ih: Parameter | null;
  /** Hidden-hidden bias, or null without `bias` (PyTorch's name). */
  bias_hh: Parameter | null;
  constructor(inputSize: number, hiddenSize: number, bias: boolean, numChunks: number, fk: FactoryKwargs) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    this.weight_ih = new Parameter(empty([numChunks * hiddenSize, inputSize], fk));
    this.weight_hh = new Parameter(empty([numChunks * hiddenSize, hiddenSize], fk));
    this.bias_ih = bias ? new Parameter(empty([numChunks * hiddenSize], fk)) : null;
    this.bias_hh = bias ? new Parameter(empty([numChunks * hiddenSize], fk)) : null;
    this.resetParameters();
  }
  /** Every weight from U(-1/sqrt(hidden), 1/sqrt(hidden)). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }
  /** @internal One step on a batched (or unbatched, 1-d) input. */
  _step(mode: Mode, input: Tensor, hx: Tensor[] | null): Tensor[] {
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new ValueError(`${this._getName()}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
    }
    const batched = input.dim() === 2;
    const x = batched ? input : input.unsqueeze(0);
    const n = mode === 'LSTM' ? 2 : 1;
    const states = hx
      ? hx.map((h) => (batched ? h : h.unsqueeze(0)))
      : Array.from({ length: n }, () => zeros([x.size(0), this.hiddenSize], { dtype: x.dtype, device: x.device }));
    const xw = F.linear(x, this.weight_ih, this.bias_ih);
    const out = cellStep(mode, xw, states, this.weight_hh, this.bias_hh);
    return batched ? out : out.map((t) => t.squeeze(0));
  }
  /** The constructor arguments, as PyTorch prints them. */
  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    return s;
  }
}

/** One step of an Elman RNN: `forward(input, h?)` returns `h'`. */
export class RNNCell extends RNNCellBase {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity: 'tanh' | 'relu';
  constructor(inputSize: number, hiddenSize: number, options: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } & FactoryKwargs = {}) {
    super(inputSize, hiddenSize, options.bias ?? true, 1, options);
    this.nonlinearity = options.nonlinearity ?? 'tanh';
  }
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    return this._step(this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', input, hx ? [hx] : null)[0]!;
  }
  override extraRepr(): string {
    return super.extraRepr() + (this.nonlinearity !== 'tanh' ? `, nonlinearity=${this.nonlinearity}` : '');
  }
}

/** One LSTM step: `forward(input, [h, c]?)` returns `[h', c']`. */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: { bias?: boolean } & FactoryKwargs = {}) {
    super(inputSize, hiddenSize, options.bias ?? true, 4, options);
  }
  override forward(input: Tensor, hx?: [Tensor, Tensor] | null): [Tensor, Tensor] {
    const [h, c] = this._step('LSTM', input, hx ? [...hx] : null);
    return [h!, c!];
  }
}

/** One GRU step: `forward(input, h?)` returns `h'`. */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, options: { bias?: boolean } & FactoryKwargs = {}) {
    super(inputSize, hiddenSize, options.bias ?? true, 3, options);
  }
  override forward(input: Tensor, hx?: Tensor | null): Tensor {
    return this._step('GRU', input, hx ? [hx] : null)[0]!;
  }
}
