/**
 * `getWorkerInfo()`: which DataLoader worker thread the code runs in (PyTorch's
 * `torch.utils.data.get_worker_info()`).
 * @module
 */

/** What {@link getWorkerInfo} returns inside a DataLoader worker thread. */
export interface WorkerInfo {
  /** This worker's index, 0 to `numWorkers - 1`. */
  readonly id: number;
  /** How many workers the DataLoader runs. */
  readonly numWorkers: number;
  /** The seed of this worker's global generator: the DataLoader's base seed + `id` (as in PyTorch). */
  readonly seed: bigint;
  /** This worker's copy of the dataset. */
  readonly dataset: unknown;
}

let current: WorkerInfo | null = null;

/**
 * Inside a DataLoader worker thread, which worker this is; `null` on the main thread
 * (PyTorch's `get_worker_info()`). An {@link IterableDataset} uses it to give each worker a
 * different share of the stream.
 *
 * @example
 * ```ts
 * *[Symbol.iterator]() {
 *   const info = torch.utils.data.getWorkerInfo();
 *   const [id, n] = info ? [info.id, info.numWorkers] : [0, 1];
 *   for (let i = this.start + id; i < this.end; i += n) yield i;
 * }
 * ```
 */
export function getWorkerInfo(): WorkerInfo | null {
  return current;
}

/** @internal Set by the worker thread's entry point. */
export function setWorkerInfo(info: WorkerInfo | null): void {
  current = info;
}
