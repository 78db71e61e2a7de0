/**
 * `torchts.config.json`, looked up from the working directory upward (Node only).
 * @module
 */
import { RuntimeError } from './errors.js';

/** What `torchts.config.json` may hold. */
export interface TorchtsConfig {
  /** Default device for factory functions, e.g. `"webgpu"` or `"cuda:0"`. */
  device?: string;
}

/** The `device` of the nearest `torchts.config.json`, or undefined (always, in a browser). */
export function readConfigDefaultDevice(): string | undefined {
  const proc = typeof process !== 'undefined' ? process : undefined;
  const getBuiltin = (proc as { getBuiltinModule?: (name: string) => unknown } | undefined)?.getBuiltinModule;
  if (!proc?.versions?.node || !getBuiltin) return undefined;
  // getBuiltinModule keeps this file free of static node: imports, so it also bundles for browsers.
  const fs = getBuiltin('node:fs') as typeof import('node:fs');
  const path = getBuiltin('node:path') as typeof import('node:path');
  let dir = proc.cwd();
  for (;;) {
    const file = path.join(dir, 'torchts.config.json');
    if (fs.existsSync(file)) {
      let cfg: TorchtsConfig;
      try {
        cfg = JSON.parse(fs.readFileSync(file, 'utf8')) as TorchtsConfig;
      } catch (err) {
        throw new RuntimeError(`${file}: invalid JSON (${(err as Error).message})`);
      }
      return cfg.device;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
