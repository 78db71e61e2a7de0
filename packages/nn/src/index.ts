/**
 * @torchts/nn: neural networks.
 * @packageDocumentation
 */
export * from './module.js';
export * from './parameter.js';
export * from './errors.js';
export { Sequential } from './containers/sequential.js';
export { ModuleList } from './containers/module-list.js';
export { ModuleDict } from './containers/module-dict.js';
export { ParameterList } from './containers/parameter-list.js';
