/**
 * The conformance suite: registers vitest tests that run every kernel of a backend on random
 * cases and compare with the reference backend.
 * @module
 */
import { describe, it } from 'vitest';
import type { Backend } from '@torchts/core';
import type { ConformanceOptions } from './options.js';
import { Registry } from './registry.js';
import { registerMemory } from './families/memory.js';
import { registerFillCopy } from './families/fill-copy.js';
import { registerUnary } from './families/unary.js';
import { registerBinary } from './families/binary.js';
import { registerReduce } from './families/reduce.js';
import { registerMatmul } from './families/matmul.js';
import { registerIndexing } from './families/indexing.js';
import { registerCumulative } from './families/cumulative.js';
import { registerSort } from './families/sort.js';
import { registerConv } from './families/conv.js';
import { registerSoftmax } from './families/softmax.js';
import { registerPool } from './families/pool.js';
import { registerOptimizer } from './families/optimizer.js';
import { registerRandom } from './families/random.js';
import { registerBatchNorm } from './families/batch-norm.js';

/**
 * Registers the conformance suite of `backend` with vitest: call it at the top level of a test
 * file. Every primitive (memory round trips, fill, copy for every dtype pair, every unary, binary
 * and reduce op, clamp, where, matmul, gather/scatter/scatterAdd/indexSelect, cumulative, sort)
 * and every fused kernel the backend provides (optimizer steps and Philox random fills included) runs on seeded random cases — ranks 0 to 4, size-0
 * and size-1 dims, transposed, sliced, offset and broadcast views — in every dtype it supports,
 * and must match the reference backend (`referenceBackend`): exactly for integers and bool, within tolerances for
 * floats, NaN for NaN. A failure names the case's shapes, strides and offsets and the first
 * differing elements; rerunning reproduces it (each test's seed comes from its name).
 *
 * Dtypes the backend does not support and fused kernels it lacks are reported as skipped tests
 * that say why. The suite reads results with `readAsync`, so asynchronous backends work too.
 *
 * @example
 * // packages/backend-foo/test/conformance.test.ts
 * import { runBackendConformance } from '@torchts/backend-testkit';
 * import { fooBackend } from '../src/index.js';
 *
 * runBackendConformance(fooBackend, {
 *   skip: ['matmul > int8'],
 *   tolerance: { float32: { rtol: 1e-4 } },
 * });
 */
export function runBackendConformance(backend: Backend, options: ConformanceOptions = {}): void {
  describe(`${backend.type} backend conformance`, () => {
    const reason = backend.unavailableReason();
    if (reason !== null) {
      it.skip(`all tests: ${backend.type} is unavailable (${reason})`, () => {});
      return;
    }
    const r = new Registry(backend, options);
    registerMemory(r);
    registerFillCopy(r);
    registerUnary(r);
    registerBinary(r);
    registerReduce(r);
    registerMatmul(r);
    registerIndexing(r);
    registerCumulative(r);
    registerSort(r);
    registerConv(r);
    registerSoftmax(r);
    registerPool(r);
    registerOptimizer(r);
    registerRandom(r);
    registerBatchNorm(r);
  });
}
