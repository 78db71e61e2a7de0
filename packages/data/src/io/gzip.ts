import { gunzip as gunzipCallback, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';

const gunzipAsync = promisify(gunzipCallback);

/**
 * Whether `bytes` starts with the gzip magic number (`1f 8b`).
 *
 * Dataset files are recognised as gzipped by their content, not their name, so a
 * `train-images-idx3-ubyte` that is secretly gzipped (or a `.gz` that is not) still loads.
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// zlib's default 16 KiB output chunks make large inputs slow (many thread-pool round trips
// and a final concatenation). The gzip trailer holds the uncompressed size modulo 2^32, so
// one chunk of that size usually holds the whole output.
function chunkSizeFor(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 64 * 1024; // smaller than any gzip member: zlib will report the error
  const isize = (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
  // deflate expands at most ~1032:1, so a corrupt trailer cannot make us allocate much more
  return Math.min(Math.max(isize + 1, 64 * 1024), n * 1032 + 1024, 512 * 1024 * 1024);
}

function gunzipError(source: string, err: unknown): Error {
  const reason = err instanceof Error ? err.message : String(err);
  return new Error(
    `${source}: could not decompress gzip data (${reason}); the file is probably truncated or corrupt, ` +
      'delete it and download it again',
    { cause: err },
  );
}

/**
 * Returns `bytes` decompressed when it is gzip data, or `bytes` itself otherwise.
 *
 * Decompression runs on libuv's thread pool, so the event loop stays free.
 * `source` (a file name) is only used in error messages.
 */
export async function gunzipIfNeeded(bytes: Uint8Array, source: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes, { chunkSize: chunkSizeFor(bytes) });
  } catch (err) {
    throw gunzipError(source, err);
  }
}

/** Synchronous {@link gunzipIfNeeded}. */
export function gunzipIfNeededSync(bytes: Uint8Array, source: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { chunkSize: chunkSizeFor(bytes) });
  } catch (err) {
    throw gunzipError(source, err);
  }
}
