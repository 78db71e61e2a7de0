/**
 * Learning-rate schedulers (`torch.optim.lr_scheduler`), exported as `optim.lrScheduler`.
 * @module
 */
export {
  LRScheduler, type AnyOptimizer, type LRSchedulerOptions, type SchedulerStateDict, type StateKey,
} from './lr-scheduler.js';
export { StepLR, type StepLROptions } from './step-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
export { ExponentialLR } from './exponential-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export { LambdaLR, type LrLambda } from './lambda-lr.js';
export { OneCycleLR, type OneCycleLROptions, type OneCyclePhase } from './one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
