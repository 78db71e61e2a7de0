import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** The MD5 checksum of a file, as lowercase hex (torchvision's `calculate_md5`). */
export async function calculateMd5(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Whether `path` is a file and, when `md5` is given, has that checksum
 * (torchvision's `check_integrity`).
 */
export async function checkIntegrity(path: string, md5?: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
  } catch {
    return false;
  }
  if (md5 === undefined) return true;
  return (await calculateMd5(path)) === md5.toLowerCase();
}
