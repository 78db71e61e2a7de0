/**
 * @torchts/backend-testkit: the conformance suite every torchts backend must pass, and the
 * reference backend it compares against.
 *
 * @example
 * import { runBackendConformance } from '@torchts/backend-testkit';
 * import { cpuBackend } from '@torchts/backend-cpu';
 * runBackendConformance(cpuBackend);
 *
 * @packageDocumentation
 */
export { runBackendConformance } from './suite.js';
export type { ConformanceOptions, Tolerance, ToleranceOptions } from './options.js';
export { defaultTolerances } from './options.js';
export { ReferenceBackend, referenceBackend } from './reference/backend.js';
export { roundTo, roundHalf, roundBFloat16 } from './reference/round.js';
