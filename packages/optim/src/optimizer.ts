/**
 * `Optimizer`: the base of every optimizer, as PyTorch's `torch.optim.Optimizer`: parameter
 * groups with per-group options, per-parameter state, `zeroGrad`, `step`, state dicts in
 * PyTorch's layout and PyTorch's printed form.
 * @module
 */
import {
  enableGrad, isGradEnabled, isTensor, keep, noGrad, setGradEnabled, tidy, ValueError, type Tensor,
} from '@torchts/core';
import { toCamel, toSnake } from './keys.js';
import { pyRepr, typeName } from './python-format.js';
import { warn } from './warn.js';

/**
 * Marks an option every group must set (PyTorch's `required`), e.g. SGD's `lr` when the
 * constructor is given none.
 */
export const required: unique symbol = Symbol.for('torchts.optim.required');

/** The options every optimizer has: the learning rate, which schedulers change. */
export interface BaseOptions {
  /** Learning rate. */
  lr: number;
}

/**
 * One parameter group: its tensors and its options (the optimizer's defaults, overridden by
 * what the group set). Change options in place, e.g. `optimizer.paramGroups[0].lr = 0.01`.
 */
export type ParamGroup<D extends object = BaseOptions> = D & BaseOptions & {
  /** The tensors this group optimizes. */
  params: Tensor[];
  /** Options a scheduler added (`initialLr`, `maxLr`, ...) or the user set. */
  [key: string]: unknown;
};

/** A parameter group as given to a constructor or `addParamGroup`: tensors plus options to override. */
export type ParamGroupInput<D extends object = BaseOptions> = Partial<D> & {
  /** One tensor or an iterable of tensors. */
  params: Tensor | Iterable<Tensor>;
  [key: string]: unknown;
};

/** What optimizers take: tensors (one group), or groups with their own options. */
export type ParamsInput<D extends object = BaseOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<D>>;

/**
 * An optimizer's state in PyTorch's layout (`optimizer.state_dict()`): per-parameter state
 * keyed by the parameter's index over all groups, and each group's options with `params` as
 * indices. Keys are PyTorch's snake_case (`exp_avg_sq`, `weight_decay`), so a state dict
 * converts to and from PyTorch's.
 */
export interface OptimizerStateDict {
  /** Per-parameter state by parameter index (`{ 0: { step, exp_avg, exp_avg_sq } }`). */
  state: Record<number, Record<string, unknown>>;
  /** Group options; `params` lists parameter indices (`[{ lr: 0.01, ..., params: [0, 1] }]`). */
  param_groups: Record<string, unknown>[];
}

/** Options of {@link Optimizer.zeroGrad}. */
export interface ZeroGradOptions {
  /** Set gradients to null instead of zeroing them (default true, as PyTorch 2). */
  setToNone?: boolean;
}

/** What `step` may be given: a function that re-evaluates the model and returns the loss. */
export type Closure<L = unknown> = () => L;

/**
 * The base class of all optimizers (`torch.optim.Optimizer`). Subclasses pass their defaults
 * to the constructor and implement {@link Optimizer._updateGroup}; the base runs it under
 * `noGrad` (and `torch.tidy`, so per-step temporaries are released at once).
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
 * opt.zeroGrad();
 * criterion.forward(net.forward(x), y).backward();
 * opt.step();
 * ```
 */
export abstract class Optimizer<D extends object = BaseOptions, S extends object = Record<string, unknown>> {
  /** The default options, for groups that do not set their own. */
  defaults: D;
  /** Per-parameter state (momentum buffers, running averages), keyed by the parameter. */
  state: Map<Tensor, S> = new Map();
  /** The parameter groups, each with its tensors and options. */
  paramGroups: ParamGroup<D>[] = [];
  /** @internal How many times `step` ran since a scheduler attached (PyTorch's `_step_count`). */
  _stepCount?: number;

  /**
   * Option keys whose PyTorch default is an integer-valued float (Adadelta's `lr=1.0`):
   * printed as floats (`1.0`) as PyTorch prints them.
   */
  protected _floatKeys: ReadonlySet<string> = new Set();

  constructor(params: ParamsInput<D>, defaults: D) {
    this.defaults = defaults;
    if (isTensor(params)) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`,
      );
    }
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`,
      );
    }
    let groups = Array.from(params as Iterable<unknown>);
    if (groups.length === 0) throw new ValueError('optimizer got an empty parameter list');
    if (!isPlainObject(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.addParamGroup(g as ParamGroupInput<D>);
  }

  /**
   * Adds a parameter group (PyTorch's `add_param_group`), e.g. to train layers that were
   * frozen so far. Options it does not set come from the defaults.
   */
  addParamGroup(paramGroup: ParamGroupInput<D>): void {
    if (!isPlainObject(paramGroup)) throw new TypeError('param group must be a dict');
    const input = paramGroup as Record<string, unknown>;
    const raw = input.params;
    let params: unknown[];
    if (isTensor(raw)) params = [raw];
    else if (raw !== null && raw !== undefined && typeof (raw as Iterable<unknown>)[Symbol.iterator] === 'function') {
      params = Array.from(raw as Iterable<unknown>);
    } else {
      throw new TypeError(`'${typeName(raw)}' object is not iterable`);
    }
    const differentiable = (this.defaults as Record<string, unknown>).differentiable === true;
    for (const p of params) {
      if (!isTensor(p)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`);
      if (!differentiable && !(p.isLeaf || p.retainsGrad)) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: Record<string, unknown> = { params };
    for (const [k, v] of Object.entries(input)) if (k !== 'params' && v !== undefined) group[k] = v;
    for (const [name, def] of Object.entries(this.defaults as Record<string, unknown>)) {
      if (def === required && !(name in group)) {
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${toSnake(name)}`,
        );
      }
      if (!(name in group)) group[name] = Array.isArray(def) ? [...def] : def;
    }
    const tensors = params as Tensor[];
    if (new Set(tensors).size !== tensors.length) {
      warn(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    const seen = new Set<Tensor>();
    for (const g of this.paramGroups) for (const p of g.params) seen.add(p);
    if (tensors.some((p) => seen.has(p))) throw new ValueError('some parameters appear in more than one parameter group');
    this.paramGroups.push(group as ParamGroup<D>);
  }

  /**
   * Resets the gradients of every optimized tensor: to null (the default, as PyTorch 2) or,
   * with `setToNone: false`, to zeros. Gradients set to null are disposed.
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (!g) continue;
        if (setToNone) {
          // The parameter owns its gradient: free it now rather than at garbage collection, so
          // training loops run flat on every device (clone a gradient first to keep it).
          p.grad = null;
          g.dispose();
        } else {
          if (g.gradFn) g.detach_();
          else g.requiresGrad_(false);
          noGrad(() => g.zero_());
        }
      }
    }
  }

  /**
   * Performs one optimization step on every parameter that has a gradient. With a closure,
   * first re-evaluates the model (with grad enabled) and returns its loss.
   */
  step<L = unknown>(closure?: Closure<L>): L | undefined {
    let loss: L | undefined;
    if (closure) loss = enableGrad(closure);
    const differentiable = (this.defaults as Record<string, unknown>).differentiable === true;
    const prev = isGradEnabled();
    setGradEnabled(differentiable);
    try {
      // Temporaries of the update are released at once; state tensors are kept (`keep`).
      // A differentiable step keeps them: the graph may need them.
      if (differentiable) for (const group of this.paramGroups) this._updateGroup(group);
      else tidy(() => { for (const group of this.paramGroups) this._updateGroup(group); });
    } finally {
      setGradEnabled(prev);
    }
    return loss;
  }

  /**
   * Updates the parameters of one group that have a gradient, in place (runs under `noGrad`
   * unless the optimizer is `differentiable`).
   */
  protected abstract _updateGroup(group: ParamGroup<D>): void;

  /** The state of `p`, created empty on first access (PyTorch's `defaultdict(dict)`). */
  protected _stateOf(p: Tensor): S {
    let s = this.state.get(p);
    if (!s) {
      s = {} as S;
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * The optimizer's state in PyTorch's layout: `{ state: { 0: {...} }, param_groups: [{ lr,
   * ..., params: [0, 1] }] }` with PyTorch's snake_case keys. State tensors are shared, not
   * copied (as in PyTorch).
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(group)) if (k !== 'params') packed[toSnake(k)] = copyPlain(v);
      for (const p of group.params) if (!index.has(p)) index.set(p, next++);
      packed.params = group.params.map((p) => index.get(p)!);
      return packed;
    });
    const state: Record<number, Record<string, unknown>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s as Record<string, unknown>)) packed[toSnake(k)] = v;
      state[i] = packed;
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Loads a state dict from {@link Optimizer.stateDict} (or PyTorch's, converted to plain values and
   * tensors). State tensors are copied and cast to their parameter's dtype and device
   * (`step` excepted); group options replace the current ones, keeping the current tensors.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const groups = this.paramGroups;
    const savedGroups = stateDict.param_groups;
    if (groups.length !== savedGroups.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    for (let i = 0; i < groups.length; i++) {
      if (groups[i]!.params.length !== (savedGroups[i]!.params as unknown[]).length) {
        throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
      }
    }
    const idMap = new Map<string, Tensor>();
    for (let i = 0; i < groups.length; i++) {
      const saved = savedGroups[i]!.params as unknown[];
      groups[i]!.params.forEach((p, j) => idMap.set(String(saved[j]), p));
    }
    const state = new Map<Tensor, S>();
    for (const [k, v] of Object.entries(stateDict.state)) {
      const p = idMap.get(k);
      // PyTorch keeps state of unknown keys as is; torchts's state is keyed by tensors only.
      if (!p) continue;
      const s: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(v)) s[toCamel(key)] = castState(p, value, key);
      state.set(p, s as S);
    }
    const newGroups = groups.map((g, i) => {
      const ng: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(savedGroups[i]!)) {
        if (k !== 'params') ng[toCamel(k)] = copyPlain(v);
      }
      ng.params = g.params;
      return ng as ParamGroup<D>;
    });
    this.state = state;
    this.paramGroups = newGroups;
    this._afterLoad();
  }

  /**
   * @internal PyTorch's `__setstate__`: fills options an older state dict lacks with the
   * defaults. Subclasses also convert `step` to the type they keep it in.
   */
  protected _afterLoad(): void {
    for (const group of this.paramGroups) {
      for (const [k, v] of Object.entries(this.defaults as Record<string, unknown>)) {
        if (!(k in group) && v !== required) (group as Record<string, unknown>)[k] = copyPlain(v);
      }
    }
  }

  /**
   * The optimizer as PyTorch prints it:
   * `SGD (\nParameter Group 0\n    dampening: 0\n    ...\n)`, options sorted by PyTorch's names.
   */
  toString(): string {
    let out = `${this.constructor.name} (`;
    this.paramGroups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`;
      const entries = Object.entries(group)
        .filter(([k]) => k !== 'params')
        .map(([k, v]) => [toSnake(k), k, v] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (const [snake, key, v] of entries) out += `    ${snake}: ${pyRepr(v, this._floatKeys.has(key))}\n`;
    });
    return out + ')';
  }

  /** @internal `console.log(optimizer)` prints what `print(optimizer)` prints in PyTorch. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Whether `x` is a plain object (a Python dict), not a tensor, array or class instance. */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x) || isTensor(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A copy of a plain option value (arrays and plain objects copied, tensors shared). */
function copyPlain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyPlain);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyPlain(x)]));
  return v;
}

/**
 * PyTorch's `load_state_dict` cast: a copy of a state value, tensors moved to the parameter's
 * device and (floating-point parameters, `step` excepted) cast to its dtype.
 */
function castState(param: Tensor, value: unknown, key?: string): unknown {
  if (isTensor(value)) {
    return keep(noGrad(() => {
      let v = value.detach();
      if (key !== 'step') v = v.to(param.device, param.isFloatingPoint() ? param.dtype : v.dtype);
      // Always a copy (PyTorch deep-copies the state dict first).
      return v._storage === value._storage ? v.clone() : v;
    }));
  }
  if (Array.isArray(value)) return value.map((x) => castState(param, x));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, castState(param, x, k)]));
  }
  return value;
}
