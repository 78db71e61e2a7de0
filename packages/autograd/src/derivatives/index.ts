/**
 * Loads every derivative family into the table (each file registers its ops).
 * @module
 */
import './unary.js';
import './binary.js';
import './views.js';
import './conversion.js';
import './reduction.js';
import './matmul.js';
import './softmax.js';
import './cumulative.js';
import './gather-scatter.js';
import './where.js';
import './clamp.js';
import './indexing.js';
import './join.js';

export { defineDerivative, derivativeOf, differentiableOps } from './registry.js';
export type { Derivative, RecordContext, BackwardContext, OpArgs } from './registry.js';
