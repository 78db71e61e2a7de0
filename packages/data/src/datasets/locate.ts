import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { mnistFileNames, type CifarResources, type MnistResources } from './resources.js';

/** Where system-wide datasets are installed (Debian's `dataset-*` packages). */
export const SYSTEM_DATASETS_DIR = '/usr/share/datasets';

/** Options of the dataset locators. */
export interface LocateOptions {
  /**
   * Folder holding system-wide datasets, searched after `root`; `null` searches `root` only.
   * Defaults to {@link SYSTEM_DATASETS_DIR}.
   */
  systemDir?: string | null;
}

/** One folder searched for a dataset and what was missing there. */
export interface SearchedLocation {
  /** The directory that was searched. */
  dir: string;
  /** Files missing in `dir`; empty when the folder itself does not exist. */
  missing: string[];
  /** Whether the folder exists. */
  exists: boolean;
}

/**
 * Thrown when a dataset's files are not found: the message lists every folder searched,
 * what was missing there, and suggests `download: true`.
 */
export class DatasetNotFoundError extends Error {
  /** The folders searched, in order. */
  readonly searched: SearchedLocation[];
  constructor(message: string, searched: SearchedLocation[]) {
    super(message);
    this.name = 'DatasetNotFoundError';
    this.searched = searched;
  }
}

/** Expands a leading `~` like torchvision's `os.path.expanduser(root)`. */
export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The path of `name` or `name.gz` in `dir`, uncompressed first (what torchvision extracts). */
function findMaybeGz(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) if (isFile(candidate)) return candidate;
  return undefined;
}

function describeSearch(searched: SearchedLocation[]): string {
  return searched
    .map((s) => `  ${s.dir} (${s.exists ? `missing ${s.missing.join(', ')}` : 'folder does not exist'})`)
    .join('\n');
}

/** The files of one split of an MNIST-style dataset. */
export interface MnistFiles {
  /** The folder they were found in. */
  dir: string;
  /** IDX image file, possibly gzipped. */
  images: string;
  /** IDX label file, possibly gzipped. */
  labels: string;
}

/**
 * Finds the IDX files of MNIST, FashionMNIST or KMNIST: first in torchvision's layout
 * (`root/FashionMNIST/raw/train-images-idx3-ubyte`, plain or `.gz`), then in
 * `/usr/share/datasets/<name>` (Debian's `dataset-fashion-mnist` installs
 * `/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz` and friends).
 * Throws a {@link DatasetNotFoundError} listing where it looked.
 *
 * @example
 * ```ts
 * const { images, labels } = locateMnistFiles('./data', FASHION_MNIST_RESOURCES, true);
 * ```
 */
export function locateMnistFiles(
  root: string,
  resources: MnistResources,
  train: boolean,
  options: LocateOptions = {},
): MnistFiles {
  const names = mnistFileNames(train);
  const rawFolder = join(expandHome(root), resources.folder, 'raw');
  const systemDir = options.systemDir === undefined ? SYSTEM_DATASETS_DIR : options.systemDir;
  const dirs = [rawFolder];
  if (systemDir !== null) dirs.push(join(systemDir, resources.systemName));
  const searched: SearchedLocation[] = [];
  for (const dir of dirs) {
    const exists = isDir(dir);
    if (!exists) {
      searched.push({ dir, missing: [], exists });
      continue;
    }
    const images = findMaybeGz(dir, names.images);
    const labels = findMaybeGz(dir, names.labels);
    if (images && labels) return { dir, images, labels };
    const missing: string[] = [];
    if (!images) missing.push(`${names.images}[.gz]`);
    if (!labels) missing.push(`${names.labels}[.gz]`);
    searched.push({ dir, missing, exists });
  }
  const split = train ? 'training' : 'test';
  const debian = resources.systemPackage && systemDir !== null
    ? ` (or install it system-wide: apt-get install ${resources.systemPackage})`
    : '';
  throw new DatasetNotFoundError(
    `${resources.folder} ${split} set not found. Looked for ${names.images}[.gz] and ${names.labels}[.gz] in:\n` +
      `${describeSearch(searched)}\n` +
      `Pass download: true to download it into ${rawFolder}${debian}.`,
    searched,
  );
}

/** The files of one split of CIFAR-10/100. */
export interface CifarFiles {
  /** `'python'` (pickled batches, torchvision's download) or `'binary'` (`*.bin` batches). */
  format: 'python' | 'binary';
  /** The folder they were found in. */
  dir: string;
  /** Batch files, in torchvision's order. */
  batches: string[];
  /** The file holding the class names (`batches.meta`, `meta`, or the binary version's `.txt`). */
  meta: string;
}

/**
 * Finds CIFAR-10/100 batches: `root/cifar-10-batches-py/` (torchvision's layout, the python
 * version), then `root/cifar-10-batches-bin/` (the binary version), then the same folders
 * under `/usr/share/datasets/cifar-10/` (and that folder itself).
 * Throws a {@link DatasetNotFoundError} listing where it looked.
 */
export function locateCifarFiles(
  root: string,
  resources: CifarResources,
  train: boolean,
  options: LocateOptions = {},
): CifarFiles {
  const base = expandHome(root);
  const systemDir = options.systemDir === undefined ? SYSTEM_DATASETS_DIR : options.systemDir;
  const python = {
    format: 'python' as const,
    files: (train ? resources.trainList : resources.testList).map((f) => f.filename),
    meta: resources.meta.filename,
  };
  const binary = {
    format: 'binary' as const,
    files: train ? resources.binaryTrainFiles : resources.binaryTestFiles,
    meta: resources.binaryMetaFile,
  };
  const candidates = [
    { dir: join(base, resources.baseFolder), ...python },
    { dir: join(base, resources.binaryFolder), ...binary },
  ];
  if (systemDir !== null) {
    const sys = join(systemDir, resources.systemName);
    candidates.push(
      { dir: join(sys, resources.baseFolder), ...python },
      { dir: join(sys, resources.binaryFolder), ...binary },
      { dir: sys, ...python },
    );
  }
  const searched: SearchedLocation[] = [];
  for (const c of candidates) {
    const exists = isDir(c.dir);
    if (!exists) {
      searched.push({ dir: c.dir, missing: [], exists });
      continue;
    }
    const missing = [...c.files, c.meta].filter((f) => !existsSync(join(c.dir, f)));
    if (missing.length === 0) {
      return { format: c.format, dir: c.dir, batches: c.files.map((f) => join(c.dir, f)), meta: join(c.dir, c.meta) };
    }
    searched.push({ dir: c.dir, missing, exists });
  }
  const name = resources.baseFolder.startsWith('cifar-100') ? 'CIFAR-100' : 'CIFAR-10';
  const split = train ? 'training' : 'test';
  throw new DatasetNotFoundError(
    `${name} ${split} set not found. Looked in:\n${describeSearch(searched)}\n` +
      `Pass download: true to download ${resources.filename} and extract it into ${base}.`,
    searched,
  );
}
