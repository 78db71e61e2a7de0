import { join } from 'node:path';
import { checkIntegrity } from './md5.js';
import { DownloadError, downloadUrl, type DownloadOptions } from './download-url.js';

/** Options of {@link downloadWithMirrors}. */
export interface MirrorDownloadOptions extends Omit<DownloadOptions, 'md5'> {
  /** Extra attempts per mirror after a network error or HTTP 5xx (default 0). */
  retries?: number;
  /** Where messages go ("Downloading ...", "Failed to download (trying next) ..."); defaults to stderr. */
  log?: (message: string) => void;
}

const stderrLog = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

function joinUrl(mirror: string, file: string): string {
  return mirror.endsWith('/') ? `${mirror}${file}` : `${mirror}/${file}`;
}

function retryable(err: unknown): boolean {
  if (!(err instanceof DownloadError)) return false;
  return err.kind === 'network' || (err.kind === 'http' && (err.status ?? 0) >= 500);
}

/**
 * Downloads `file` into `root` from the first mirror that serves it intact, as
 * torchvision's `MNIST.download` does: a mirror that fails (network error, HTTP error,
 * MD5 mismatch — the corrupt file is deleted) is reported and the next one tried.
 * A file already in `root` with the right MD5 is not downloaded again.
 * Returns the file's path; throws an error listing every mirror's failure when all fail.
 *
 * @example
 * ```ts
 * const path = await downloadWithMirrors(
 *   MNIST_RESOURCES.mirrors, 'train-images-idx3-ubyte.gz', 'data/MNIST/raw', 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
 * );
 * ```
 */
export async function downloadWithMirrors(
  mirrors: string[],
  file: string,
  root: string,
  md5?: string,
  options: MirrorDownloadOptions = {},
): Promise<string> {
  const log = options.log ?? stderrLog;
  const dest = join(root, file);
  if (await checkIntegrity(dest, md5)) {
    log(`Using downloaded and verified file: ${dest}`);
    return dest;
  }
  if (mirrors.length === 0) throw new Error(`no mirrors to download ${file} from`);
  const failures: string[] = [];
  const { retries = 0, log: _log, ...downloadOptions } = options;
  for (const mirror of mirrors) {
    const url = joinUrl(mirror, file);
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        log(`Downloading ${url} to ${dest}`);
        await downloadUrl(url, dest, { ...downloadOptions, ...(md5 === undefined ? {} : { md5 }) });
        return dest;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        const message = err instanceof Error ? err.message : String(err);
        const again = attempt < retries && retryable(err);
        log(`Failed to download (${again ? 'retrying' : 'trying next'}):\n${message}`);
        if (!again) {
          failures.push(`  ${url}: ${message}`);
          break;
        }
      }
    }
  }
  throw new Error(`Error downloading ${file}: every mirror failed:\n${failures.join('\n')}`);
}
