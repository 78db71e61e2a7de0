import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar';
import { downloadWithMirrors, type MirrorDownloadOptions } from './mirrors.js';

/** Options of {@link extractArchive}. */
export interface ExtractOptions {
  /** Delete the archive once extracted (default false). */
  removeFinished?: boolean;
}

type ArchiveKind = 'tar' | 'tar.gz' | 'gz';

function archiveKind(path: string): ArchiveKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar.gz';
  if (lower.endsWith('.tar')) return 'tar';
  if (lower.endsWith('.gz')) return 'gz';
  throw new Error(`${path}: cannot extract this kind of archive; supported are .tar, .tar.gz / .tgz and .gz`);
}

/**
 * Extracts a `.tar`, `.tar.gz` / `.tgz` (into the folder `to`) or a single gzipped file
 * (`x.gz` becomes `to/x`), like torchvision's `extract_archive`. `to` defaults to the
 * archive's folder. Entries of a tar that would land outside `to` (absolute paths, `..`)
 * are refused. Returns `to`.
 *
 * @example
 * ```ts
 * await extractArchive('data/cifar-10-python.tar.gz', 'data'); // -> data/cifar-10-batches-py/
 * ```
 */
export async function extractArchive(from: string, to?: string, options: ExtractOptions = {}): Promise<string> {
  const target = to ?? dirname(from);
  const kind = archiveKind(from);
  await mkdir(target, { recursive: true });
  try {
    if (kind === 'gz') {
      const out = join(target, basename(from).slice(0, -'.gz'.length));
      const part = `${out}.part`;
      try {
        await pipeline(createReadStream(from), createGunzip(), createWriteStream(part));
      } catch (err) {
        await rm(part, { force: true });
        throw err;
      }
      await rename(part, out);
    } else {
      // strict: a corrupt or truncated archive is an error, not a warning
      await tarExtract({ file: from, cwd: target, strict: true }); // gzip is detected from the data
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`could not extract ${from} into ${target}: ${reason}`, { cause: err });
  }
  if (options.removeFinished) await rm(from, { force: true });
  return target;
}

/** Options of {@link downloadAndExtractArchive}. */
export interface DownloadAndExtractOptions extends MirrorDownloadOptions, ExtractOptions {
  /** Where to extract (default: the download folder). */
  extractRoot?: string;
}

/**
 * Downloads `file` from the first working mirror into `downloadRoot` (verifying its MD5)
 * and extracts it, like torchvision's `download_and_extract_archive`.
 *
 * @example
 * ```ts
 * await downloadAndExtractArchive(
 *   ['https://www.cs.toronto.edu/~kriz/'], 'cifar-10-python.tar.gz', 'data', 'c58f30108f718f92721af3b95e74349a',
 * );
 * ```
 */
export async function downloadAndExtractArchive(
  mirrors: string[],
  file: string,
  downloadRoot: string,
  md5?: string,
  options: DownloadAndExtractOptions = {},
): Promise<string> {
  const { extractRoot, removeFinished, ...downloadOptions } = options;
  const archive = await downloadWithMirrors(mirrors, file, downloadRoot, md5, downloadOptions);
  (options.log ?? ((m: string) => process.stderr.write(`${m}\n`)))(
    `Extracting ${archive} to ${extractRoot ?? downloadRoot}`,
  );
  return extractArchive(archive, extractRoot ?? downloadRoot, removeFinished === undefined ? {} : { removeFinished });
}
