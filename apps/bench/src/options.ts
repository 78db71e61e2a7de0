/** `pnpm bench` command-line options (node:util parseArgs: no dependency for four flags). */
import { parseArgs } from 'node:util';

/** What one bench invocation does. */
export interface BenchOptions {
  /** A fast subset (W1 256/512, W2 1M, W3, W4) with shorter timing. */
  quick: boolean;
  /** Add W5, one Fashion-MNIST epoch per framework (minutes). */
  epoch: boolean;
  pytorch: boolean;
  tfjs: boolean;
  /** Also run the torchts workloads on WebGPU (software adapters are very slow). */
  webgpu: boolean;
  /** The GPU plan instead: torchts on CUDA against PyTorch on the same GPU (no CPU, no TF.js). */
  cuda: boolean;
  /** Folder for the JSON results. */
  out: string;
  help: boolean;
}

/** The usage text. */
export const USAGE = `usage: pnpm bench [--quick] [--epoch] [--webgpu] [--cuda] [--no-pytorch] [--no-tfjs] [--out DIR]
  --quick       fast subset: W1 256/512, W2 1M, W3, W4, shorter timing
  --epoch       add W5: one Fashion-MNIST LeNet epoch per framework (takes minutes)
  --webgpu      also run torchts on WebGPU (after await torch.webgpu.init())
  --cuda        the GPU plan: matmul 1024-8192, LeNet steps b64/b1024, a ResNet-18 step b128
                (and the epoch with --epoch) on torchts cuda and PyTorch cuda
                (PyTorch from $TORCHTS_BENCH_PYTHON, default /usr/bin/python3)
  --no-pytorch  skip the PyTorch columns
  --no-tfjs     skip the TF.js columns
  --out DIR     where the JSON file goes (default bench-results)`;

/**
 * Parses `argv` (without node and the script).
 *
 * @example
 * ```ts
 * parseOptions(['--quick']).quick; // true
 * ```
 */
export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      epoch: { type: 'boolean', default: false },
      webgpu: { type: 'boolean', default: false },
      cuda: { type: 'boolean', default: false },
      'no-pytorch': { type: 'boolean', default: false },
      'no-tfjs': { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  return {
    quick: values.quick!,
    epoch: values.epoch!,
    pytorch: !values['no-pytorch'],
    tfjs: !values['no-tfjs'],
    webgpu: values.webgpu!,
    cuda: values.cuda!,
    out: values.out!,
    help: values.help!,
  };
}
