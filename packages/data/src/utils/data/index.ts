/**
 * `torch.utils.data` (PyTorch's `torch.utils.data`).
 * @module
 */
export { Dataset, IterableDataset, type DatasetLike, type IterableDatasetLike, type MapDataset } from './dataset.js';
export { TensorDataset } from './tensor-dataset.js';
export { Subset } from './subset.js';
export { ConcatDataset } from './concat-dataset.js';
export { randomSplit } from './random-split.js';
export { Sampler, type SamplerLike } from './samplers/sampler.js';
export { SequentialSampler } from './samplers/sequential-sampler.js';
export { RandomSampler, type RandomSamplerOptions } from './samplers/random-sampler.js';
export { SubsetRandomSampler } from './samplers/subset-random-sampler.js';
export { WeightedRandomSampler, multinomial, type WeightedRandomSamplerOptions } from './samplers/weighted-random-sampler.js';
export { BatchSampler } from './samplers/batch-sampler.js';
export { DistributedSampler, type DistributedSamplerOptions } from './samplers/distributed-sampler.js';
export { defaultCollate, defaultConvert, type Collated } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './data-loader.js';
export { getWorkerInfo, type WorkerInfo } from './worker/worker-info.js';
export { workerDataset, type WorkerSpec, type WorkerSpecifiable } from './worker/worker-spec.js';
export { addWorkerSetupModule } from './worker/worker-pool.js';
