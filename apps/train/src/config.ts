/** The trainer's options, parsed from the command line with commander. */
import { Command, InvalidArgumentError, Option } from 'commander';

/** Everything one training run is configured by. */
export interface TrainConfig {
  dataset: 'fashion-mnist' | 'mnist' | 'cifar10';
  model: 'lenet' | 'mlp';
  device: string;
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  momentum: number;
  seed: number | null;
  resume: string | null;
  evalOnly: boolean;
  root: string;
  out: string;
  download: boolean;
  numWorkers: number;
  /** Use only the first N training / test images (smoke tests). */
  limitTrain: number | null;
  limitTest: number | null;
  progress: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}
function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}
function positiveNumber(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/** Parses argv (without the node and script entries) into a config. */
export function parseConfig(argv: string[]): TrainConfig {
  const program = new Command('torchts-train')
    .description('Train a classifier with torchts and report its test accuracy.')
    .addOption(new Option('--dataset <name>', 'dataset').choices(['fashion-mnist', 'mnist', 'cifar10']).default('fashion-mnist'))
    .addOption(new Option('--model <name>', 'model').choices(['lenet', 'mlp']).default('lenet'))
    .option('--device <device>', 'device (cpu, cpu:1, webgpu, cuda, cuda:1); default: torch.getDefaultDevice()')
    .option('--epochs <n>', 'epochs', positiveInt, 2)
    .option('--batch-size <n>', 'batch size', positiveInt, 64)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['sgd', 'adam']).default('sgd'))
    .option('--lr <x>', 'learning rate (default 0.01 for sgd, 0.001 for adam)', positiveNumber)
    .option('--momentum <x>', 'SGD momentum', Number, 0.9)
    .option('--seed <n>', 'random seed: two runs with one seed give the same numbers', nonNegativeInt)
    .option('--resume <checkpoint>', 'start from a checkpoint written by an earlier run')
    .option('--eval-only', 'only evaluate (with --resume)', false)
    .option('--root <dir>', 'dataset folder (torchvision layout)', './data')
    .option('--out <dir>', 'where checkpoints, plots and reports go', './out')
    .option('--download', 'download the dataset when it is missing', false)
    .option('--num-workers <n>', 'DataLoader worker threads', nonNegativeInt, 0)
    .option('--limit-train <n>', 'train on the first N images only', positiveInt)
    .option('--limit-test <n>', 'test on the first N images only', positiveInt)
    .option('--no-progress', 'no progress bar (log lines instead)')
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const o = program.opts();
  const optimizer = o.optimizer as TrainConfig['optimizer'];
  return {
    dataset: o.dataset,
    model: o.model,
    device: o.device ?? '',
    epochs: o.epochs,
    batchSize: o.batchSize,
    optimizer,
    lr: o.lr ?? (optimizer === 'adam' ? 0.001 : 0.01),
    momentum: o.momentum,
    seed: o.seed ?? null,
    resume: o.resume ?? null,
    evalOnly: o.evalOnly,
    root: o.root,
    out: o.out,
    download: o.download,
    numWorkers: o.numWorkers,
    limitTrain: o.limitTrain ?? null,
    limitTest: o.limitTest ?? null,
    progress: o.progress,
  };
}
