/**
 * Python-style `warnings.warn` for the places PyTorch's optim warns (scheduler misuse,
 * duplicate parameters): Node's `process.emitWarning` where there is one, else `console.warn`.
 * @module
 */

/** Emits a `UserWarning` with `message`. */
export function warn(message: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (msg: string, type: string) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}
