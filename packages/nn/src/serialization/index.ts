/**
 * Saving and loading: `save`/`load` (safetensors; PyTorch zip checkpoints load too) and the
 * byte-level `serialize`/`deserialize`.
 * @module
 */
export { save, load, serialize, deserialize, type LoadOptions } from './save-load.js';
export { encodeSafetensors, decodeSafetensors, SerializationError, type DecodedSafetensors } from './safetensors.js';
export { readTorchZip } from './torch-zip.js';
