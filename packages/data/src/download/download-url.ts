import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createProgressBar, type ProgressCallback } from './progress.js';

/** torchvision's User-Agent, which some mirrors expect. */
export const USER_AGENT = 'pytorch/vision';

/** Options of {@link downloadUrl}. */
export interface DownloadOptions {
  /** Expected MD5 (hex): a mismatch deletes the file and throws a {@link DownloadError}. */
  md5?: string;
  /** Called as bytes arrive. */
  onProgress?: ProgressCallback;
  /**
   * Progress bar on stderr: `true` always, `false` never, by default only when stderr
   * is a TTY.
   */
  progress?: boolean;
  /** Aborts when no data arrives for this long (ms, default 60 000). */
  idleTimeoutMs?: number;
  /** Cancels the download. */
  signal?: AbortSignal;
}

/** Why a download failed. */
export class DownloadError extends Error {
  /** The URL that failed. */
  readonly url: string;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** `'http'` (an error status), `'md5'` (corrupt), or `'network'`. */
  readonly kind: 'http' | 'md5' | 'network';
  constructor(message: string, url: string, kind: 'http' | 'md5' | 'network', status?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DownloadError';
    this.url = url;
    this.kind = kind;
    this.status = status;
  }
}

/**
 * Downloads `url` to `destPath`, verifying its MD5 when given.
 *
 * Data goes to `destPath + '.part'` first and is renamed only once complete and verified,
 * so an interrupted or corrupt download never leaves a file that looks valid.
 *
 * @example
 * ```ts
 * await downloadUrl(
 *   'https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz',
 *   'data/MNIST/raw/train-images-idx3-ubyte.gz',
 *   { md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
 * );
 * ```
 */
export async function downloadUrl(url: string, destPath: string, options: DownloadOptions = {}): Promise<void> {
  await mkdir(dirname(destPath), { recursive: true });
  const partPath = `${destPath}.part`;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(
      () => controller.abort(new Error(`no data for ${idleMs} ms`)),
      idleMs,
    );
  };
  const bar = createProgressBar(basename(destPath), options.progress === undefined ? {} : { enabled: options.progress });
  try {
    armIdle();
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'User-Agent': USER_AGENT }, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      throw new DownloadError(`could not fetch ${url}: ${reason(err, controller.signal)}`, url, 'network', undefined, err);
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => {});
      throw new DownloadError(
        `could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd(),
        url,
        'http',
        response.status,
      );
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    const hash = createHash('md5');
    const out = createWriteStream(partPath);
    let received = 0;
    try {
      const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
      for await (const chunk of body) {
        armIdle();
        const bytes = chunk as Uint8Array;
        hash.update(bytes);
        received += bytes.length;
        if (!out.write(bytes)) await once(out, 'drain');
        bar.update(received, total);
        options.onProgress?.(received, total);
      }
      out.end();
      await once(out, 'close');
    } catch (err) {
      out.destroy();
      await rm(partPath, { force: true });
      throw new DownloadError(
        `download of ${url} failed after ${received} bytes: ${reason(err, controller.signal)}`,
        url,
        'network',
        undefined,
        err,
      );
    }
    if (total !== undefined && received !== total) {
      await rm(partPath, { force: true });
      throw new DownloadError(`download of ${url} is truncated: ${received} of ${total} bytes`, url, 'network');
    }
    const digest = hash.digest('hex');
    if (options.md5 !== undefined && digest !== options.md5.toLowerCase()) {
      await rm(partPath, { force: true });
      throw new DownloadError(
        `${url} is corrupt: MD5 ${digest}, expected ${options.md5.toLowerCase()} (the download was deleted)`,
        url,
        'md5',
      );
    }
    await rename(partPath, destPath);
  } finally {
    clearTimeout(idleTimer);
    options.signal?.removeEventListener('abort', onAbort);
    bar.stop();
  }
}

function reason(err: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  if (err instanceof Error) {
    // undici reports "fetch failed" and keeps the useful part in `cause`
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
