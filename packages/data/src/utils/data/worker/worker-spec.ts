/**
 * How a dataset (or a transform, or a collate function) is rebuilt inside a worker thread: a
 * module to import, an export, and arguments. Objects carry their spec in a `workerSpec()`
 * method; {@link workerDataset} attaches one to anything a module's factory returns.
 * @module
 */

/**
 * A recipe for rebuilding an object in a worker thread: `import(module)[export](...args)`,
 * with `new` when the export is a class.
 *
 * `args` are sent by structured clone, except that tensors travel as typed arrays and any
 * object with its own `workerSpec()` (datasets, transforms) is rebuilt from its spec in the
 * worker. Functions cannot cross threads: put them in a module and name that module here.
 */
export interface WorkerSpec {
  /** The module: a `file:` URL, an absolute path, or a package name the worker can import. */
  module: string | URL;
  /** The export to use (default `'default'`). */
  export?: string;
  /** Arguments for the export. */
  args?: unknown[];
  /** `new` the export (default: whether the export is a class). */
  construct?: boolean;
}

/** Something that can describe itself to a worker thread. */
export interface WorkerSpecifiable {
  /** How a DataLoader worker thread rebuilds this object. */
  workerSpec(): WorkerSpec;
}

// From TypeScript sources (tests, ts loaders) the modules end in .ts; built, in .js.
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

/** @internal The URL of a module of this package, from its path under `src/` without extension. */
export function packageModule(pathFromSrc: string): string {
  return new URL(`../../../${pathFromSrc}${EXT}`, import.meta.url).href;
}

/** @internal The URL of `@torchts/data`'s entry module, where every built-in class is exported. */
export const DATA_MODULE: string = packageModule('index');

/** @internal A spec for one of this package's exported classes. */
export function builtinSpec(exportName: string, args: unknown[]): WorkerSpec {
  return { module: DATA_MODULE, export: exportName, args, construct: true };
}

/** Whether `v` has a `workerSpec()` method. */
export function hasWorkerSpec(v: unknown): v is WorkerSpecifiable {
  return v !== null && (typeof v === 'object' || typeof v === 'function') &&
    typeof (v as { workerSpec?: unknown }).workerSpec === 'function';
}

/** The module URL of a spec as a string `import()` accepts. */
export function moduleSpecifier(module: string | URL): string {
  if (module instanceof URL) return module.href;
  if (module.startsWith('/')) return new URL(`file://${module}`).href;
  if (module.startsWith('.')) {
    throw new TypeError(
      `worker spec: relative module path '${module}' is ambiguous in a worker thread; ` +
        `pass new URL('${module}', import.meta.url) or an absolute path`,
    );
  }
  return module;
}

function isClass(f: unknown): boolean {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

/**
 * Imports `spec.module` and builds the object: `new Export(...args)` for a class, else
 * `await Export(...args)`. `args` must already be decoded.
 */
export async function buildFromSpec(spec: WorkerSpec, args: unknown[]): Promise<unknown> {
  const specifier = moduleSpecifier(spec.module);
  const mod = (await import(specifier)) as Record<string, unknown>;
  const name = spec.export ?? 'default';
  const target = mod[name];
  if (typeof target !== 'function') {
    throw new TypeError(`worker spec: module ${specifier} has no function or class export '${name}'`);
  }
  const construct = spec.construct ?? isClass(target);
  if (construct) return new (target as new (...a: unknown[]) => unknown)(...args);
  return await (target as (...a: unknown[]) => unknown)(...args);
}

/**
 * Makes a dataset that worker threads can rebuild: imports `module`, calls its export
 * `exportName(...args)` (or `new`s it when it is a class) here, and attaches the same recipe
 * as the result's `workerSpec()`, so that `DataLoader({ numWorkers })` runs the same call in
 * every worker. Use it for datasets or transforms holding functions (`Lambda`, closures) that
 * cannot be sent to a thread.
 *
 * @example
 * ```ts
 * // data.ts
 * export function trainSet() {
 *   return new FashionMNIST({ root: './data', transform: new Lambda((img) => ...) });
 * }
 * // train.ts
 * const trainset = await workerDataset(new URL('./data.js', import.meta.url), 'trainSet');
 * const loader = new DataLoader(trainset, { batchSize: 64, numWorkers: 2 });
 * ```
 */
export async function workerDataset<T extends object>(
  module: string | URL,
  exportName = 'default',
  ...args: unknown[]
): Promise<T & WorkerSpecifiable> {
  const spec: WorkerSpec = { module: moduleSpecifier(module), export: exportName, args };
  const built = await buildFromSpec(spec, args);
  if (built === null || typeof built !== 'object') {
    throw new TypeError(`workerDataset: ${exportName}() in ${spec.module} returned ${built === null ? 'null' : typeof built}, expected a dataset`);
  }
  Object.defineProperty(built, 'workerSpec', { value: () => spec, enumerable: false, configurable: true, writable: true });
  return built as T & WorkerSpecifiable;
}
