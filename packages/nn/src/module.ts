/**
 * `nn.Module`: the base class of every layer and model.
 *
 * How registration works: a Module's parameters, buffers and submodules are its own
 * enumerable fields, found when asked for (`parameters()`, `stateDict()`, ...), in the order
 * JS keeps own properties: assignment order, which is PyTorch's registration order. So class
 * fields and `this.x = ...` in the constructor both register, with no Proxy in the way of
 * `forward`. Buffers are tensors whose names were given to `registerBuffer`.
 *
 * How calling works: the constructor returns a function object whose prototype chain is the
 * module's class, so `net(x)` runs the forward hooks and `forward` as PyTorch's `__call__`
 * does; `net.forward(x)` and `net.call(x)` work too.
 * @module
 */
import {
  DType, Device, RuntimeError, Tensor, ValueError, device as toDevice, noGrad, toDType, type DeviceLike, type DTypeLike,
} from '@torchts/core';
import { KeyError, NotImplementedError } from './errors.js';
import { Parameter } from './parameter.js';

/** A handle returned by hook registration; `remove()` unregisters the hook. */
export interface RemovableHandle {
  /** Unregisters the hook (again is harmless). */
  remove(): void;
}

/** `hook(module, args)`: may return replacement arguments (an array, or one value). */
export type ForwardPreHook = (module: Module, args: unknown[]) => unknown;
/** `hook(module, args, output)`: may return a replacement output. */
export type ForwardHook = (module: Module, args: unknown[], output: unknown) => unknown;

/** A state dict: parameter and buffer names to tensors, in PyTorch's key order. */
export type StateDict = Record<string, Tensor>;

/** What `loadStateDict` returns (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  /** Keys the module has that the state dict lacks. */
  missingKeys: string[];
  /** Keys of the state dict the module does not have. */
  unexpectedKeys: string[];
}

/** Options of `namedParameters`, `namedBuffers` and `namedModules`. */
export interface NamedOptions {
  /** Prefix prepended to every name. */
  prefix?: string;
  /** Include members of submodules (default true). */
  recurse?: boolean;
  /** Yield a member shared by several modules once (default true). */
  removeDuplicate?: boolean;
}

/** Options of `stateDict`. */
export interface StateDictOptions {
  /** Prefix prepended to every key. */
  prefix?: string;
  /** Keep the tensors attached to autograd (default false: detached tensors sharing storage). */
  keepVars?: boolean;
  /** Add the entries to this object and return it. */
  destination?: StateDict;
}

/** What `Module.to` accepts: a device, a dtype, both, a tensor (its device and dtype), or options. */
export type ModuleToArg = DeviceLike | DType | DTypeLike | Tensor | { device?: DeviceLike; dtype?: DTypeLike };

const globalPreHooks: ForwardPreHook[] = [];
const globalHooks: ForwardHook[] = [];

function handleFor<T>(list: T[], hook: T): RemovableHandle {
  return {
    remove() {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    },
  };
}

/** Registers a forward pre-hook run before every module's forward (`register_module_forward_pre_hook`). */
export function registerModuleForwardPreHook(hook: ForwardPreHook): RemovableHandle {
  globalPreHooks.push(hook);
  return handleFor(globalPreHooks, hook);
}

/** Registers a forward hook run after every module's forward (`register_module_forward_hook`). */
export function registerModuleForwardHook(hook: ForwardHook): RemovableHandle {
  globalHooks.push(hook);
  return handleFor(globalHooks, hook);
}

/** PyTorch's `_addindent`: indents every line but the first. */
function addIndent(s: string, spaces: number): string {
  const lines = s.split('\n');
  if (lines.length === 1) return s;
  const pad = ' '.repeat(spaces);
  return lines.map((l, i) => (i === 0 ? l : pad + l)).join('\n');
}

function checkName(kind: string, name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw new TypeError(`${kind} name should be a string. Got ${typeof name}`);
  }
  if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`);
  if (name === '') throw new KeyError(`${kind} name can't be empty string ""`);
}

/** A value's Python type name, as PyTorch's messages print it (`torch.FloatTensor`, `int`, ...). */
function typeName(v: unknown): string {
  if (v instanceof Tensor) return String(v.type());
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object' || typeof v === 'function') {
    const name = (v as object).constructor?.name;
    return name === 'Object' ? 'dict' : (name ?? typeof v);
  }
  return typeof v;
}

/** `Tensor.data = value`, also when the dtype changes (as `module.double()` needs). */
function assignData(t: Tensor, value: Tensor): void {
  if (value === t) return;
  if (value.dtype === t.dtype || !t.requiresGrad) {
    t.data = value;
    return;
  }
  t._requiresGrad = false;
  try {
    t.data = value;
  } finally {
    t._requiresGrad = true;
  }
}

// The call signature makes instances callable for TypeScript; the constructor makes it true.
export interface Module<I extends unknown[] = any[], O = any> {
  (...args: I): O;
}

/**
 * Base class for all neural network modules, as PyTorch's `nn.Module`.
 *
 * Subclasses assign submodules and {@link Parameter}s to fields (class fields or in the
 * constructor) and define `forward`. Instances are callable.
 *
 * @typeParam I the arguments of `forward` (and of calling the module)
 * @typeParam O what `forward` returns
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   conv1 = new nn.Conv2d(1, 6, 5);
 *   fc1 = new nn.Linear(6 * 12 * 12, 10);
 *   forward(x: Tensor): Tensor {
 *     x = F.maxPool2d(F.relu(this.conv1(x)), 2);
 *     return this.fc1(torch.flatten(x, 1));
 *   }
 * }
 * const net = new Net();
 * console.log(net);                    // Net(\n  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))\n ...
 * const out = net(torch.randn(1, 1, 28, 28));
 * ```
 */
export class Module<I extends unknown[] = any[], O = any> {
  /** Whether the module is in training mode (`train()`) or evaluation mode (`eval()`). */
  declare training: boolean;
  /** @internal */ declare _forwardPreHooks: ForwardPreHook[] | null;
  /** @internal */ declare _forwardHooks: ForwardHook[] | null;
  /** @internal Names registered as buffers. */ declare _bufferNames: Set<string> | null;
  /** @internal Buffers left out of the state dict. */ declare _nonPersistent: Set<string> | null;

  constructor() {
    // A function object whose prototype is the subclass's: subclass fields are then defined on
    // it, and calling it runs hooks + forward. Its own `name` and `length` go, so that modules
    // may use those names like any other field (containers define `length`). That costs V8's
    // fastest property mode; measured, a few tens of ns per call, nothing next to tensor ops.
    const self = ((...args: unknown[]) => (self as unknown as Module)._callImpl(args as never)) as unknown as Module;
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    const hidden = { writable: true, enumerable: false, configurable: true };
    Object.defineProperties(self, {
      training: { ...hidden, value: true },
      _forwardPreHooks: { ...hidden, value: null },
      _forwardHooks: { ...hidden, value: null },
      _bufferNames: { ...hidden, value: null },
      _nonPersistent: { ...hidden, value: null },
    });
    return self as this;
  }

  /** The computation of the module; subclasses define it. */
  forward(...args: I): O {
    void args;
    throw new NotImplementedError(`Module [${this._getName()}] is missing the required "forward" function`);
  }

  /** Runs the forward pre-hooks, `forward` and the forward hooks (what `module(...args)` does). */
  call(...args: I): O {
    return this._callImpl(args);
  }

  /** @internal PyTorch's `_call_impl`. */
  _callImpl(args: I): O {
    const pre = this._forwardPreHooks, post = this._forwardHooks;
    if (pre === null && post === null && globalPreHooks.length === 0 && globalHooks.length === 0) {
      return this.forward(...args);
    }
    let input = args as unknown[];
    for (const hook of [...globalPreHooks, ...(pre ?? [])]) {
      const r = hook(this, input);
      if (r !== undefined && r !== null) input = Array.isArray(r) ? r : [r];
    }
    let result: unknown = this.forward(...(input as I));
    for (const hook of [...globalHooks, ...(post ?? [])]) {
      const r = hook(this, input, result);
      if (r !== undefined && r !== null) result = r;
    }
    return result as O;
  }

  /**
   * Registers `hook(module, args)`, run before `forward`; it may return new arguments.
   *
   * @example
   * ```ts
   * const h = net.registerForwardPreHook((m, args) => console.log(m._getName(), args.length));
   * h.remove();
   * ```
   */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    const list = (this._forwardPreHooks ??= []);
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0 && this._forwardPreHooks === list) this._forwardPreHooks = null;
      },
    };
  }

  /** Registers `hook(module, args, output)`, run after `forward`; it may return a new output. */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    const list = (this._forwardHooks ??= []);
    list.push(hook);
    return {
      remove: () => {
        const i = list.indexOf(hook);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0 && this._forwardHooks === list) this._forwardHooks = null;
      },
    };
  }

  // ---- registration ----

  /**
   * @internal The module's own members, in registration order: own enumerable fields by
   * default. Containers whose keys may look like integers override this.
   */
  _localEntries(): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const k of Object.keys(this)) out.push([k, (this as unknown as Record<string, unknown>)[k]]);
    return out;
  }

  /** @internal Own parameters (PyTorch's `_parameters`, without the None ones). */
  _localParameters(): [string, Parameter][] {
    const out: [string, Parameter][] = [];
    for (const [k, v] of this._localEntries()) if (v instanceof Parameter) out.push([k, v]);
    return out;
  }

  /** @internal Own buffers (PyTorch's `_buffers`, without the None ones). */
  _localBuffers(): [string, Tensor][] {
    const names = this._bufferNames;
    if (names === null) return [];
    const out: [string, Tensor][] = [];
    for (const [k, v] of this._localEntries()) {
      if (names.has(k) && v instanceof Tensor && !(v instanceof Parameter)) out.push([k, v]);
    }
    return out;
  }

  /** @internal Own submodules (PyTorch's `_modules`, without the None ones). */
  _localChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [k, v] of this._localEntries()) if (v instanceof Module) out.push([k, v]);
    return out;
  }

  /** @internal Assigns a member (containers override where members live). */
  _setMember(name: string, value: unknown): void {
    (this as unknown as Record<string, unknown>)[name] = value;
  }

  /** @internal Whether a name is taken by something that is not of the kind being registered. */
  _hasAttr(name: string): boolean {
    return name in this;
  }

  /**
   * Adds a buffer: a tensor that is part of the module's state but not a parameter (e.g.
   * BatchNorm's `running_mean`). Persistent buffers are in the state dict.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    checkName('buffer', name);
    const names = (this._bufferNames ??= new Set());
    if (this._hasAttr(name) && !names.has(name)) throw new KeyError(`attribute '${name}' already exists`);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`);
    }
    names.add(name);
    if (tensor) tensor._kept = true;
    if (persistent) this._nonPersistent?.delete(name);
    else (this._nonPersistent ??= new Set()).add(name);
    this._setMember(name, tensor);
  }

  /** Adds a parameter (or `null`, which registers nothing, as PyTorch's `None` parameter). */
  registerParameter(name: string, param: Parameter | null): void {
    checkName('parameter', name);
    const current = (this as unknown as Record<string, unknown>)[name];
    if (this._hasAttr(name) && !(current instanceof Parameter) && current !== null && current !== undefined) {
      throw new KeyError(`attribute '${name}' already exists`);
    }
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    if (param && param.gradFn) {
      throw new Error(
        `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      );
    }
    this._setMember(name, param);
  }

  /** Adds a child module (PyTorch's `add_module`). */
  addModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    if (typeof name !== 'string') throw new TypeError(`module name should be a string. Got ${typeof name}`);
    const current = (this as unknown as Record<string, unknown>)[name];
    if (this._hasAttr(name) && !(current instanceof Module) && current !== null && current !== undefined) {
      throw new KeyError(`attribute '${name}' already exists`);
    }
    if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`);
    if (name === '') throw new KeyError(`module name can't be empty string ""`);
    this._setMember(name, module);
  }

  /** Alias of {@link Module.addModule}. */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /** The submodule at a dotted path (`'net.0.conv'`), PyTorch's `get_submodule`. */
  getSubmodule(target: string): Module {
    if (target === '') return this;
    let mod: Module = this;
    for (const item of target.split('.')) {
      const next = mod._localChildren().find(([k]) => k === item)?.[1];
      if (!next) {
        if (!(item in mod)) throw new Error(`${mod._getName()} has no attribute \`${item}\``);
        throw new Error(`\`${item}\` is not an nn.Module`);
      }
      mod = next;
    }
    return mod;
  }

  /** The parameter at a dotted path (`'fc.weight'`). */
  getParameter(target: string): Parameter {
    const i = target.lastIndexOf('.');
    const mod = this.getSubmodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    const p = mod._localParameters().find(([k]) => k === name)?.[1];
    if (!p) {
      if (!(name in mod)) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
      throw new Error(`\`${name}\` is not an nn.Parameter`);
    }
    return p;
  }

  /** The buffer at a dotted path (`'bn.running_mean'`). */
  getBuffer(target: string): Tensor {
    const i = target.lastIndexOf('.');
    const mod = this.getSubmodule(i < 0 ? '' : target.slice(0, i));
    const name = target.slice(i + 1);
    const b = mod._localBuffers().find(([k]) => k === name)?.[1];
    if (!b) {
      if (!(name in mod)) throw new Error(`${mod._getName()} has no attribute \`${name}\``);
      throw new Error(`\`${name}\` is not a buffer`);
    }
    return b;
  }

  // ---- iteration ----

  /** Every module of the tree with its dotted name, this one first as `''` (PyTorch's `named_modules`). */
  namedModules(options: NamedOptions = {}, memo: Set<Module> = new Set()): [string, Module][] {
    const { prefix = '', removeDuplicate = true } = options;
    const out: [string, Module][] = [];
    const walk = (m: Module, p: string): void => {
      if (memo.has(m)) return;
      if (removeDuplicate) memo.add(m);
      out.push([p, m]);
      for (const [name, child] of m._localChildren()) walk(child, p + (p ? '.' : '') + name);
    };
    walk(this, prefix);
    return out;
  }

  /** Every module of the tree, this one first. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** The direct submodules with their names. */
  namedChildren(): [string, Module][] {
    const memo = new Set<Module>();
    const out: [string, Module][] = [];
    for (const [name, m] of this._localChildren()) {
      if (memo.has(m)) continue;
      memo.add(m);
      out.push([name, m]);
    }
    return out;
  }

  /** The direct submodules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** @internal PyTorch's `_named_members`. */
  _namedMembers<T>(get: (m: Module) => [string, T][], options: NamedOptions): [string, T][] {
    const { prefix = '', recurse = true, removeDuplicate = true } = options;
    const modules: [string, Module][] = recurse
      ? this.namedModules({ prefix, removeDuplicate })
      : [[prefix, this]];
    const memo = new Set<T>();
    const out: [string, T][] = [];
    for (const [modPrefix, m] of modules) {
      for (const [k, v] of get(m)) {
        if (memo.has(v)) continue;
        if (removeDuplicate) memo.add(v);
        out.push([modPrefix + (modPrefix ? '.' : '') + k, v]);
      }
    }
    return out;
  }

  /**
   * The parameters with their dotted names (`'conv1.weight'`), in registration order.
   *
   * @example
   * ```ts
   * for (const [name, p] of net.namedParameters()) console.log(name, p.shape);
   * ```
   */
  namedParameters(options: NamedOptions | string = {}): [string, Parameter][] {
    const o = typeof options === 'string' ? { prefix: options } : options;
    return this._namedMembers((m) => m._localParameters(), o);
  }

  /**
   * The parameters (each once), in registration order: what optimizers take.
   *
   * @example
   * ```ts
   * const params = net.parameters();
   * console.log(params.length, params[0].size()); // 10 torch.Size([6, 1, 5, 5])
   * ```
   */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters({ recurse }).map(([, p]) => p);
  }

  /** The buffers with their dotted names. */
  namedBuffers(options: NamedOptions | string = {}): [string, Tensor][] {
    const o = typeof options === 'string' ? { prefix: options } : options;
    return this._namedMembers((m) => m._localBuffers(), o);
  }

  /** The buffers (each once). */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers({ recurse }).map(([, b]) => b);
  }

  // ---- modes and conversions ----

  /** Sets training mode on this module and every submodule (`eval()` is `train(false)`). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }

  /** Sets evaluation mode (Dropout off, BatchNorm using running statistics). */
  eval(): this {
    return this.train(false);
  }

  /** Sets `requiresGrad` on every parameter (PyTorch's `requires_grad_`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Resets the gradients of every parameter: to null (the default, as PyTorch 2) or, with
   * `setToNone: false`, to zeros. Gradients set to null are disposed (their memory is freed at
   * once, so loops run flat on every device): clone a gradient first to keep it.
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? true;
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) {
        const g = p.grad;
        p.grad = null;
        g.dispose();
      } else {
        if (p.grad.gradFn) p.grad.detach_();
        else p.grad.requiresGrad_(false);
        p.grad.zero_();
      }
    }
  }

  /** Calls `fn` on every submodule (children first) and then on this module. */
  apply(fn: (module: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /**
   * @internal PyTorch's `_apply`: replaces every parameter's data (and grad), keeping the
   * Parameter objects, and every buffer by `fn` of it.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const m of this.children()) m._apply(fn);
    noGrad(() => {
      for (const [, p] of this._localParameters()) {
        assignData(p, fn(p));
        if (p.grad) assignData(p.grad, fn(p.grad));
      }
      for (const [name, b] of this._localBuffers()) {
        const nb = fn(b);
        if (nb !== b) nb._kept = true;
        this._setMember(name, nb);
      }
    });
    return this;
  }

  /**
   * Moves and/or casts the parameters and buffers, in place: `to('cuda')`, `to(torch.float64)`
   * (floating-point tensors only, as PyTorch), `to('cuda', torch.float64)`, `to(tensor)`.
   */
  to(...args: ModuleToArg[]): this {
    let dev: Device | null = null;
    let dtype: DType | null = null;
    for (const a of args) {
      if (a === undefined || a === null) continue;
      if (a instanceof Tensor) {
        dev = a.device;
        dtype = a.dtype;
      } else if (a instanceof DType) dtype = a;
      else if (a instanceof Device) dev = a;
      else if (typeof a === 'string') {
        let d: DType | null = null;
        try {
          d = toDType(a as DTypeLike);
        } catch {
          d = null;
        }
        if (d) dtype = d;
        else dev = toDevice(a);
      } else if (typeof a === 'object') {
        if (a.device !== undefined) dev = toDevice(a.device);
        if (a.dtype !== undefined) dtype = toDType(a.dtype);
      }
    }
    if (dtype && !dtype.isFloatingPoint) {
      throw new TypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=${dtype}`);
    }
    return this._apply((t) => {
      const d = dev ?? t.device;
      return t.isFloatingPoint() && dtype ? t.to(d, dtype) : t.to(d);
    });
  }

  /** Moves everything to the CPU. */
  cpu(): this {
    return this.to('cpu');
  }
  /** Moves everything to a CUDA device. */
  cuda(index = 0): this {
    return this.to(toDevice('cuda', index));
  }
  /** Casts floating-point parameters and buffers to float32. */
  float(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.float() : t));
  }
  /** Casts floating-point parameters and buffers to float64. */
  double(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.double() : t));
  }
  /** Casts floating-point parameters and buffers to float16. */
  half(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.half() : t));
  }
  /** Casts floating-point parameters and buffers to bfloat16 (`module.bfloat16()`). */
  bfloat16(): this {
    return this._apply((t) => (t.isFloatingPoint() ? t.bfloat16() : t));
  }
  /** Casts every parameter and buffer to `dtype`. */
  type(dtype: DTypeLike): this {
    const d = toDType(dtype);
    return this._apply((t) => t.to(d));
  }

  /** Releases the memory of every parameter, gradient and buffer (the module is unusable after). */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }

  // ---- state dict ----

  /**
   * The module's state: parameters and persistent buffers by dotted name, as a plain object
   * in PyTorch's key order. Values are detached tensors sharing storage with the module's.
   *
   * @example
   * ```ts
   * Object.keys(net.stateDict()); // ['conv1.weight', 'conv1.bias', ...]
   * ```
   */
  stateDict(options: StateDictOptions = {}): StateDict {
    const { prefix = '', keepVars = false } = options;
    const dest = options.destination ?? {};
    const persistentBuffers = this._localBuffers().filter(([k]) => !this._nonPersistent?.has(k));
    for (const [k, v] of [...this._localParameters(), ...persistentBuffers]) {
      dest[prefix + k] = keepVars ? v : v.detach();
    }
    for (const [name, m] of this._localChildren()) {
      m.stateDict({ prefix: `${prefix}${name}.`, keepVars, destination: dest });
    }
    return dest;
  }

  /**
   * @internal Copies this module's own entries from `stateDict` (PyTorch's
   * `_load_from_state_dict`); subclasses may adapt old formats first.
   */
  _loadFromStateDict(
    stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[],
  ): void {
    const persistent = this._localBuffers().filter(([k]) => !this._nonPersistent?.has(k));
    const localState = new Map<string, Tensor>([...this._localParameters(), ...persistent]);
    for (const [name, param] of localState) {
      const key = prefix + name;
      if (stateDict.has(key)) {
        let input = stateDict.get(key);
        if (!(input instanceof Tensor)) {
          errorMsgs.push(
            `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received <class '${typeName(input)}'>`,
          );
          continue;
        }
        // Backward compatibility: 1-element 1-d tensors load into 0-d ones.
        if (param.dim() === 0 && input.dim() === 1) input = input.select(0, 0);
        const inputT = input as Tensor;
        if (!sameShape(inputT.shape, param.shape)) {
          errorMsgs.push(
            `size mismatch for ${key}: copying a param with shape ${inputT.shape} from checkpoint, the shape in current model is ${param.shape}.`,
          );
          continue;
        }
        try {
          noGrad(() => param.copy_(inputT));
        } catch (e) {
          errorMsgs.push(
            `While copying the parameter named "${key}", whose dimensions in the model are ${param.size()} and whose dimensions in the checkpoint are ${inputT.size()}, an exception occurred : ('${(e as Error).message}',).`,
          );
        }
      } else if (strict) {
        missingKeys.push(key);
      }
    }
    if (strict) {
      const children = new Set(this._localChildren().map(([k]) => k));
      for (const key of stateDict.keys()) {
        if (!key.startsWith(prefix)) continue;
        const inputName = key.slice(prefix.length).split('.', 1)[0]!;
        if (!children.has(inputName) && !localState.has(inputName)) unexpectedKeys.push(key);
      }
    }
  }

  /**
   * Copies parameters and buffers from a state dict (a plain object or a Map). With `strict`
   * (the default), missing and unexpected keys are errors, worded as PyTorch's.
   *
   * @example
   * ```ts
   * net.loadStateDict(await torch.load('lenet.pth'));
   * ```
   */
  loadStateDict(
    stateDict: Record<string, unknown> | Map<string, unknown>,
    options: { strict?: boolean } | boolean = {},
  ): IncompatibleKeys {
    const strict = typeof options === 'boolean' ? options : options.strict ?? true;
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new TypeError(`Expected state_dict to be dict-like, got ${typeName(stateDict)}.`);
    }
    const sd = stateDict instanceof Map ? new Map(stateDict) : new Map(Object.entries(stateDict));
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errorMsgs: string[] = [];
    const load = (m: Module, local: Map<string, unknown>, prefix: string): void => {
      m._loadFromStateDict(local, prefix, true, missingKeys, unexpectedKeys, errorMsgs);
      for (const [name, child] of m._localChildren()) {
        const childPrefix = `${prefix}${name}.`;
        const childSd = new Map([...local].filter(([k]) => k.startsWith(childPrefix)));
        load(child, childSd, childPrefix);
      }
    };
    load(this, sd, '');
    if (strict) {
      if (unexpectedKeys.length > 0) {
        errorMsgs.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      }
      if (missingKeys.length > 0) {
        errorMsgs.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
      }
    }
    if (errorMsgs.length > 0) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this._getName()}:\n\t${errorMsgs.join('\n\t')}`);
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing ----

  /** The class name, as printed (`_get_name`). */
  _getName(): string {
    return this.constructor.name;
  }

  /** The layer's settings as printed inside its parentheses (`in_features=4, ...`); '' by default. */
  extraRepr(): string {
    return '';
  }

  /**
   * The module tree as PyTorch prints it.
   *
   * @example
   * ```ts
   * String(new nn.Linear(4, 2)); // 'Linear(in_features=4, out_features=2, bias=True)'
   * ```
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = this._localChildren().map(([k, m]) => `(${k}): ${addIndent(m.toString(), 2)}`);
    const lines = [...extraLines, ...childLines];
    let main = `${this._getName()}(`;
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) main += extraLines[0];
      else main += `\n  ${lines.join('\n  ')}\n`;
    }
    return `${main})`;
  }

  /** @internal `console.log(net)` prints what `print(net)` prints in PyTorch. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Whether a value is an `nn.Module`. */
export function isModule(x: unknown): x is Module {
  return x instanceof Module;
}
