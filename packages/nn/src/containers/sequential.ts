/**
 * `nn.Sequential`: modules applied one after another.
 * @module
 */
import { ValueError } from '@torchts/core';
import { Module } from '../module.js';
import { absIndex, initStore, putItem, removeItem, renumber, sliceRange } from './item-store.js';

/**
 * A chain of modules: `forward(x)` feeds `x` through each in turn. Built from modules
 * (named `'0'`, `'1'`, ...) or from an object or Map of named modules (PyTorch's
 * `Sequential(OrderedDict(...))`).
 *
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * const y = model(torch.randn(3, 4));
 * model[0];                  // Linear(in_features=4, out_features=8, bias=True)
 * const named = new nn.Sequential({ fc: new nn.Linear(4, 2), act: new nn.Tanh() });
 * ```
 */
export class Sequential extends Module<[any], any> {
  /** @internal */ declare _items: Map<string, Module | null>;
  /** The modules by index (`seq[0]`); named entries are fields too (`seq.fc`). */
  readonly [index: number]: Module;

  constructor(...args: Module[] | [Record<string, Module> | Map<string, Module>]) {
    super();
    initStore<Module | null>(this);
    const first = args[0];
    if (args.length === 1 && !(first instanceof Module) && first !== null && typeof first === 'object') {
      const entries = first instanceof Map ? [...first] : Object.entries(first);
      for (const [k, m] of entries) this.addModule(k, m);
    } else {
      (args as Module[]).forEach((m, i) => this.addModule(String(i), m));
    }
  }

  /** @internal */
  override _localEntries(): [string, unknown][] {
    return [...this._items, ...super._localEntries()];
  }

  /** @internal */
  override _setMember(name: string, value: unknown): void {
    if (value instanceof Module || value === null || this._items.has(name)) {
      putItem(this, this._items, name, value as Module | null);
    } else super._setMember(name, value);
  }

  /** Number of modules (`len(seq)`). */
  override get length(): number {
    return this._items.size;
  }

  /** The module at `idx` (negative counts from the end). */
  at(idx: number): Module {
    const keys = [...this._items.keys()];
    return this._items.get(keys[absIndex(idx, keys.length)]!)!;
  }

  /** Replaces the module at `idx` (`seq[idx] = module`). */
  set(idx: number, module: Module): void {
    const keys = [...this._items.keys()];
    this.addModule(keys[absIndex(idx, keys.length)]!, module);
  }

  /** A Sequential of the modules in `[start, end)`, keeping their names (`seq[start:end]`). */
  slice(start?: number, end?: number): Sequential {
    const [s, e] = sliceRange(this._items.size, start, end);
    const entries = [...this._items].slice(s, e) as [string, Module][];
    return new (this.constructor as typeof Sequential)(new Map(entries));
  }

  /** Removes the module at `idx` and renumbers the rest (`del seq[idx]`). */
  delete(idx: number): void {
    const keys = [...this._items.keys()];
    removeItem(this, this._items, keys[absIndex(idx, keys.length)]!);
    renumber(this, this._items, [...this._items.values()]);
  }

  /** Removes and returns the module at `idx`. */
  pop(idx: number): Module {
    const m = this.at(idx);
    this.delete(idx);
    return m;
  }

  /** Appends a module, named by its index. */
  append(module: Module): this {
    this.addModule(String(this._items.size), module);
    return this;
  }

  /** Inserts a module before `index` (renumbering those after it). */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`module should be of type: ${Module.name}`);
    const n = this._items.size;
    if (!(-n <= index && index <= n)) throw new ValueError(`Index out of range: ${index}`);
    const i = index < 0 ? index + n : index;
    const values = [...this._items.values()];
    values.splice(i, 0, module);
    renumber(this, this._items, values);
    return this;
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Iterates over the modules. */
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._items.values()] as Module[])[Symbol.iterator]();
  }

  /** Feeds `input` through every module in order. */
  override forward(input: any): any {
    for (const m of this._items.values()) input = m!(input);
    return input;
  }
}
