/**
 * `DatasetFolder`: samples in `root/<class>/**` (torchvision's `datasets.DatasetFolder`).
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IndexError } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import type { RawImage } from '../raw-image.js';
import { VisionDataset, type VisionDatasetOptions } from './vision-dataset.js';
import { expandHome } from '../../datasets/locate.js';

/** Options of {@link DatasetFolder}. */
export interface DatasetFolderOptions<S, X, Y> extends Omit<VisionDatasetOptions<X, Y>, 'transform'> {
  /** Reads one file (may be async). */
  loader: (path: string) => S | Promise<S>;
  /** File name endings to keep, case-insensitive (exclusive with `isValidFile`). */
  extensions?: readonly string[];
  /** Which files to keep (exclusive with `extensions`). */
  isValidFile?: (path: string) => boolean;
  /** Applied to each loaded sample. */
  transform?: (sample: S) => X;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

// Python's sorted() on str compares code points; so does this for the BMP.
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** torchvision's `find_classes`: the sorted sub-folders of `dir`. */
export function findClasses(dir: string): [string[], Record<string, number>] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw new Error(`[Errno 2] No such file or directory: '${dir}' (${(e as Error).message})`);
  }
  const classes = entries.filter((e) => isDir(join(dir, e))).sort(byName);
  if (classes.length === 0) throw new Error(`Couldn't find any class folder in ${dir}.`);
  return [classes, Object.fromEntries(classes.map((c, i) => [c, i]))];
}

/** `os.walk(dir, followlinks=True)` as a list of `[folder, files]`, sorted by folder then file name. */
function walk(dir: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  const visit = (d: string): void => {
    const files: string[] = [];
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (isDir(p)) visit(p);
      else files.push(name);
    }
    out.push([d, files.sort(byName)]);
  };
  visit(dir);
  return out.sort((a, b) => byName(a[0], b[0]));
}

/** torchvision's `make_dataset`: `[path, classIndex]` of every valid file, class by class. */
export function makeDataset(
  dir: string,
  classToIdx: Record<string, number>,
  extensions?: readonly string[],
  isValidFile?: (path: string) => boolean,
): [string, number][] {
  if (extensions && isValidFile) throw new Error('Both extensions and is_valid_file cannot be None or not None at the same time');
  if (!extensions && !isValidFile) throw new Error('Both extensions and is_valid_file cannot be None or not None at the same time');
  const valid = isValidFile ?? ((p: string) => extensions!.some((e) => p.toLowerCase().endsWith(e.toLowerCase())));
  const instances: [string, number][] = [];
  const available = new Set<string>();
  for (const cls of Object.keys(classToIdx).sort(byName)) {
    const target = join(dir, cls);
    if (!isDir(target)) continue;
    for (const [folder, files] of walk(target)) {
      for (const f of files) {
        const p = join(folder, f);
        if (valid(p)) {
          instances.push([p, classToIdx[cls]!]);
          available.add(cls);
        }
      }
    }
  }
  const empty = Object.keys(classToIdx).filter((c) => !available.has(c)).sort(byName);
  if (empty.length > 0) {
    let msg = `Found no valid file for the classes ${empty.join(', ')}. `;
    if (extensions) msg += `Supported extensions are: ${extensions.join(', ')}`;
    throw new Error(msg);
  }
  return instances;
}

/**
 * A dataset of files laid out one folder per class, `root/<class>/<...>/<file>`
 * (torchvision's `DatasetFolder`): classes are the sorted folder names, samples the valid
 * files found walking each class folder in sorted order. A sample is `[loader(path), class]`
 * through the transforms.
 */
export class DatasetFolder<S = unknown, X = S, Y = number> extends VisionDataset<X, Y> {
  /** Class names (folder names), sorted. */
  readonly classes: string[];
  /** `{ className: index }`. */
  readonly classToIdx: Record<string, number>;
  /** `[path, classIndex]` of every sample. */
  readonly samples: [string, number][];
  /** The class index of every sample. */
  readonly targets: number[];
  /** Loads a sample from its path. */
  readonly loader: (path: string) => S | Promise<S>;
  /** File extensions that count as samples, or undefined when a filter decides. */
  readonly extensions: readonly string[] | undefined;
  /** The options it was built with (what a worker thread rebuilds it from). */
  protected readonly folderOptions: DatasetFolderOptions<S, X, Y>;

  constructor(options: DatasetFolderOptions<S, X, Y>) {
    super(options as unknown as VisionDatasetOptions<X, Y>);
    const dir = expandHome(this.root);
    const [classes, classToIdx] = findClasses(dir);
    this.classes = classes;
    this.classToIdx = classToIdx;
    this.samples = makeDataset(dir, classToIdx, options.extensions, options.isValidFile);
    this.targets = this.samples.map((s) => s[1]);
    this.loader = options.loader;
    this.extensions = options.extensions;
    this.folderOptions = options;
  }

  get length(): number {
    return this.samples.length;
  }

  getItem(index: number): [X, Y] | Promise<[X, Y]> {
    const n = this.samples.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new IndexError(`list index ${index} out of range`);
    const [path, target] = this.samples[i]!;
    const sample = this.loader(path);
    const finish = (s: S): [X, Y] => this.applyTransforms(s as unknown as RawImage, target);
    return sample instanceof Promise ? sample.then(finish) : finish(sample as S);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('DatasetFolder', [this.folderOptions]);
  }
}
