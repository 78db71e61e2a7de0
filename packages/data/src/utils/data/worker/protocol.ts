/**
 * @internal Messages between the DataLoader (main thread) and its worker threads.
 * @module
 */

/** What every worker is started with (`workerData`). */
export interface WorkerInit {
  /** Worker index. */
  id: number;
  numWorkers: number;
  /** Base seed + id, as a decimal string (a bigint cannot be cloned into workerData everywhere). */
  seed: string;
  /** The dataset, encoded (a spec to rebuild). */
  dataset: unknown;
  /** How batches are collated: in the worker by default collate / convert / a spec, or on the main thread. */
  collate: { kind: 'default' } | { kind: 'convert' } | { kind: 'main' } | { kind: 'spec'; spec: unknown };
  /** Whether indices come in batches (`batchSize` or `batchSampler` given). */
  autoCollation: boolean;
  /** Whether the dataset is an IterableDataset. */
  iterable: boolean;
  /** For iterable datasets: samples per batch (null: no batching). */
  batchSize: number | null;
  /** For iterable datasets: drop a last partial batch. */
  dropLast: boolean;
}

/** main -> worker */
export type ToWorker =
  | { type: 'fetch'; epoch: number; task: number; indices: number[] | number }
  | { type: 'next'; epoch: number; task: number }
  | { type: 'reset'; epoch: number };

/** A worker's error, with the worker's stack. */
export interface WorkerErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/** worker -> main */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: WorkerErrorInfo }
  | { type: 'result'; epoch: number; task: number; data: unknown }
  | { type: 'end'; epoch: number; task: number }
  | { type: 'error'; epoch: number; task: number; error: WorkerErrorInfo };

/** Serialisable details of a thrown value. */
export function errorInfo(e: unknown): WorkerErrorInfo {
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}
