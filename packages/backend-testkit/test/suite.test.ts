// The suite run against variants of the reference backend: every case must pass, which checks
// the harness end to end (layouts, aliasing, comparisons), an async-only backend (read throws),
// and the skips for unsupported dtypes, missing fused kernels and unavailable backends.
import { dtypes, type Backend, type View } from '@torchts/core';
import { runBackendConformance } from '../src/suite.js';
import { ReferenceBackend, referenceBackend } from '../src/reference/backend.js';

const { conv2d, softmax } = referenceBackend.fused;

/** Like a browser WebGPU backend: reads only asynchronously, no float64, some fused kernels. */
const asyncOnly: Backend = Object.assign(new ReferenceBackend(), {
  type: 'reference-async',
  canReadSync: false,
  supportsDtype: (d: unknown) => d !== dtypes.float64,
  read(): never {
    throw new Error('reference-async cannot read synchronously: use readAsync');
  },
  readAsync: (view: View) => new Promise((resolve) => setTimeout(() => resolve(referenceBackend.read(view)), 0)),
  fused: { conv2d, softmax },
});

// A subset of dtypes keeps this self-check quick; the CPU suite runs them all.
runBackendConformance(asyncOnly, { dtypes: ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'uint8', 'bool'], seed: 1 });

runBackendConformance(Object.assign(new ReferenceBackend(), {
  type: 'reference-unavailable',
  unavailableReason: () => 'no device here',
}));
