/**
 * @internal The entry point of a DataLoader worker thread: rebuilds the dataset from its
 * spec, then answers `fetch` (map-style) or `next` (iterable) requests with collated
 * batches, transferring tensor buffers.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { manualSeed, registerBackend, registeredDeviceTypes, type Backend } from '@torchts/core';
import { defaultCollate, defaultConvert, freshTensors } from '../collate.js';
import { isThenable, iterateDataset, type IterableDataset, type MapDataset } from '../dataset.js';
import { decodeFromWorker, encodeForWorker } from './serialize.js';
import { errorInfo, type FromWorker, type ToWorker, type WorkerInit } from './protocol.js';
import { setWorkerInfo } from './worker-info.js';

type Collate = ((batch: unknown[]) => unknown) | null;

function post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(msg, transfer);
}

async function fetchMap(dataset: MapDataset, indices: number[] | number, auto: boolean): Promise<unknown> {
  if (!auto) {
    const r = dataset.getItem(indices as number);
    return isThenable(r) ? await r : r;
  }
  const out: unknown[] = [];
  for (const i of indices as number[]) {
    const r = dataset.getItem(i);
    out.push(isThenable(r) ? await r : r);
  }
  return out;
}

/**
 * Workers build tensors on the CPU: when no setup module registered a backend, register
 * `@torchts/backend-cpu` if it can be imported from here.
 */
async function ensureCpuBackend(): Promise<void> {
  if (registeredDeviceTypes().includes('cpu')) return;
  try {
    const specifier = '@torchts/backend-cpu';
    const mod = (await import(specifier)) as { cpuBackend?: Backend };
    if (mod.cpuBackend) registerBackend(mod.cpuBackend);
  } catch {
    // not installed where this package can see it
  }
  if (!registeredDeviceTypes().includes('cpu')) {
    throw new Error(
      'no CPU backend is registered in this DataLoader worker thread and @torchts/backend-cpu cannot be imported: ' +
        'call addWorkerSetupModule(url) with a module that calls registerBackend(cpuBackend)',
    );
  }
}

/** Starts serving; called by the bootstrap once the setup modules are imported. */
export async function runWorker(): Promise<void> {
  const init = workerData as WorkerInit;
  const port = parentPort;
  if (!port) throw new Error('runWorker() must run in a worker thread');
  const seed = BigInt(init.seed);
  manualSeed(seed);

  let dataset: unknown;
  let collate: Collate;
  try {
    await ensureCpuBackend();
    dataset = await decodeFromWorker(init.dataset);
    setWorkerInfo({ id: init.id, numWorkers: init.numWorkers, seed, dataset });
    const c = init.collate;
    if (c.kind === 'default') collate = defaultCollate as (b: unknown[]) => unknown;
    else if (c.kind === 'convert') collate = defaultConvert;
    else if (c.kind === 'main') collate = null;
    else collate = (await decodeFromWorker(c.spec)) as (b: unknown[]) => unknown;
  } catch (e) {
    post({ type: 'init-error', error: errorInfo(e) });
    return;
  }

  let iterator: AsyncIterator<unknown> | null = null;
  let currentEpoch = -1;
  // Requests run one at a time, in arrival order (a dataset's getItem may be async).
  let queue: Promise<void> = Promise.resolve();

  const reply = (epoch: number, task: number, batch: unknown): void => {
    const transfer: ArrayBuffer[] = [];
    const data = encodeForWorker(batch, { transfer, fresh: freshTensors, specs: true }, 'batch');
    post({ type: 'result', epoch, task, data }, transfer);
  };

  const handle = async (msg: ToWorker): Promise<void> => {
    if (msg.type === 'reset') {
      if (iterator?.return) await iterator.return();
      iterator = null;
      currentEpoch = msg.epoch;
      return;
    }
    try {
      if (msg.type === 'fetch') {
        const samples = await fetchMap(dataset as MapDataset, msg.indices, init.autoCollation);
        reply(msg.epoch, msg.task, collate ? collate(samples as unknown[]) : samples);
        return;
      }
      // iterable
      if (iterator === null || currentEpoch !== msg.epoch) {
        iterator = iterateDataset(dataset as IterableDataset<unknown>)[Symbol.asyncIterator]();
        currentEpoch = msg.epoch;
      }
      if (!init.autoCollation) {
        const r = await iterator.next();
        if (r.done) post({ type: 'end', epoch: msg.epoch, task: msg.task });
        else reply(msg.epoch, msg.task, collate ? collate(r.value as unknown[]) : r.value);
        return;
      }
      const samples: unknown[] = [];
      const size = init.batchSize!;
      while (samples.length < size) {
        const r = await iterator.next();
        if (r.done) break;
        samples.push(r.value);
      }
      if (samples.length === 0 || (samples.length < size && init.dropLast)) {
        post({ type: 'end', epoch: msg.epoch, task: msg.task });
        return;
      }
      reply(msg.epoch, msg.task, collate ? collate(samples) : samples);
    } catch (e) {
      post({ type: 'error', epoch: msg.epoch, task: msg.task, error: errorInfo(e) });
    }
  };

  port.on('message', (msg: ToWorker) => {
    queue = queue.then(() => handle(msg));
  });
  post({ type: 'ready' });
}
