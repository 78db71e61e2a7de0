/**
 * @internal The DataLoader's worker threads, seen from the main thread: starts them, sends
 * requests round-robin, matches replies to requests, turns worker failures into errors, and
 * keeps idle workers from holding the process open.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { packageModule } from './worker-spec.js';
import type { FromWorker, ToWorker, WorkerErrorInfo, WorkerInit } from './protocol.js';

/** How a request ended. */
export type Settled =
  | { kind: 'result'; data: unknown }
  | { kind: 'end' }
  | { kind: 'error'; error: Error };

const setupModules: string[] = [];

/**
 * Adds a module that every DataLoader worker thread imports before anything else: one that
 * registers compute backends (the `torchts` umbrella registers its own), or a loader hook
 * (`module.register(...)`) so that workers can import TypeScript sources.
 *
 * @example
 * ```ts
 * addWorkerSetupModule(new URL('./register-backends.js', import.meta.url));
 * ```
 */
export function addWorkerSetupModule(module: string | URL): void {
  const href = module instanceof URL ? module.href : module.startsWith('/') ? new URL(`file://${module}`).href : module;
  if (!setupModules.includes(href)) setupModules.push(href);
}

/** The modules added with {@link addWorkerSetupModule}, in order. */
export function workerSetupModules(): readonly string[] {
  return setupModules;
}

// The worker's bootstrap: import the setup modules, then the entry module, then serve.
const BOOTSTRAP = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  for (const m of workerData.setup) await import(m);
  const entry = await import(workerData.main);
  await entry.runWorker();
})().catch((e) => {
  parentPort.postMessage({ type: 'init-error', error: {
    name: (e && e.name) || 'Error', message: (e && e.message) || String(e), stack: e && e.stack } });
});
`;

/** Rebuilds a worker's error on the main thread: same name, PyTorch's wording, the worker's stack. */
export function workerError(info: WorkerErrorInfo, id: number): Error {
  const ctor: Record<string, ErrorConstructor> = {
    TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError,
  };
  const C = ctor[info.name] ?? Error;
  const original = info.stack ?? `${info.name}: ${info.message}`;
  const err = new C(`Caught ${info.name} in DataLoader worker thread ${id}.\nOriginal ${original}`);
  if (!(info.name in ctor)) err.name = info.name;
  // The stack to show is the worker's: that is where the bug is.
  err.stack = `${err.name}: ${err.message}`;
  Object.assign(err, { workerId: id, workerStack: info.stack });
  return err;
}

/** A request without its task number (the pool assigns it). */
export type Request = { type: 'fetch'; epoch: number; indices: number[] | number } | { type: 'next'; epoch: number };

interface Pending {
  resolve: (s: Settled) => void;
  worker: number;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  numWorkers: number;
  /** Everything of {@link WorkerInit} but the per-worker fields. */
  init: Omit<WorkerInit, 'id' | 'numWorkers' | 'seed'>;
  baseSeed: bigint;
  /** Modules imported first in each worker (after the global ones). */
  setup: string[];
}

/** The worker threads of one DataLoader. */
export class WorkerPool {
  readonly numWorkers: number;
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight: number[];
  private readonly failed: (Error | null)[];
  private nextTask = 0;
  private cycle = 0;
  private closing = false;

  constructor(options: WorkerPoolOptions) {
    this.numWorkers = options.numWorkers;
    this.inFlight = new Array(this.numWorkers).fill(0);
    this.failed = new Array(this.numWorkers).fill(null);
    const main = packageModule('utils/data/worker/worker-main');
    const setup = [...setupModules, ...options.setup.filter((m) => !setupModules.includes(m))];
    for (let id = 0; id < this.numWorkers; id++) {
      const init: WorkerInit = {
        ...options.init,
        id,
        numWorkers: this.numWorkers,
        seed: (options.baseSeed + BigInt(id)).toString(),
      };
      const w = new Worker(BOOTSTRAP, { eval: true, workerData: { ...init, setup, main } });
      w.on('message', (m: FromWorker) => this.onMessage(id, m));
      w.on('error', (e) => this.fail(id, workerError({ name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) }, id)));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(id, new Error(`DataLoader worker (thread ${id}) exited unexpectedly with code ${code}`));
      });
      w.unref();
      this.workers.push(w);
    }
  }

  /** The worker the next round-robin request goes to, skipping `skip` (finished iterable workers). */
  nextWorker(skip?: readonly boolean[]): number | undefined {
    for (let k = 0; k < this.numWorkers; k++) {
      const id = this.cycle;
      this.cycle = (this.cycle + 1) % this.numWorkers;
      if (!skip?.[id]) return id;
    }
    return undefined;
  }

  /** Sends a request to worker `id`; the promise never rejects. */
  request(id: number, msg: Request): Promise<Settled> {
    const failure = this.failed[id];
    if (failure) return Promise.resolve({ kind: 'error', error: failure });
    const task = this.nextTask++;
    return new Promise<Settled>((resolve) => {
      this.pending.set(task, { resolve, worker: id });
      if (this.inFlight[id]!++ === 0) this.workers[id]!.ref();
      this.workers[id]!.postMessage({ ...msg, task } as ToWorker);
    });
  }

  /** Sends a message to every worker (no reply expected). */
  broadcast(msg: ToWorker): void {
    for (let id = 0; id < this.numWorkers; id++) if (!this.failed[id]) this.workers[id]!.postMessage(msg);
  }

  /** Forgets every outstanding request (their replies are dropped when they come). */
  abandon(): void {
    for (const [task, p] of this.pending) {
      this.pending.delete(task);
      this.settled(p.worker);
      p.resolve({ kind: 'end' });
    }
  }

  /** Stops every worker. */
  async terminate(): Promise<void> {
    this.closing = true;
    this.abandon();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settled(id: number): void {
    if (--this.inFlight[id]! === 0) this.workers[id]!.unref();
  }

  private onMessage(id: number, m: FromWorker): void {
    if (m.type === 'ready') return;
    if (m.type === 'init-error') {
      let err = workerError(m.error, id);
      if (/Unknown file extension "\.ts"|ERR_UNKNOWN_FILE_EXTENSION/.test(m.error.message)) {
        err = new Error(
          `${err.message}\nDataLoader workers run the package's TypeScript sources here: register a TypeScript ` +
            'loader for them with addWorkerSetupModule() (or run from the built JavaScript)',
        );
      }
      this.fail(id, err);
      return;
    }
    const p = this.pending.get(m.task);
    if (!p) return; // an abandoned request
    this.pending.delete(m.task);
    this.settled(id);
    if (m.type === 'result') p.resolve({ kind: 'result', data: m.data });
    else if (m.type === 'end') p.resolve({ kind: 'end' });
    else p.resolve({ kind: 'error', error: workerError(m.error, id) });
  }

  private fail(id: number, error: Error): void {
    if (this.failed[id]) return;
    this.failed[id] = error;
    for (const [task, p] of this.pending) {
      if (p.worker !== id) continue;
      this.pending.delete(task);
      this.settled(id);
      p.resolve({ kind: 'error', error });
    }
  }
}
