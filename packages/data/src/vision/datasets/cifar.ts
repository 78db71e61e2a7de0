/**
 * CIFAR-10 (and the base of CIFAR-100): torchvision's `datasets.CIFAR10`.
 * @module
 */
import { IndexError, fromTypedArray, uint8, type Tensor } from '@torchts/core';
import { readCifarBatchesSync, readCifarClasses, type CifarVariant } from '../../datasets/cifar-format.js';
import { DatasetNotFoundError, expandHome, locateCifarFiles, type LocateOptions } from '../../datasets/locate.js';
import { CIFAR10_RESOURCES, type CifarResources } from '../../datasets/resources.js';
import { downloadAndExtractArchive } from '../../download/extract.js';
import type { MirrorDownloadOptions } from '../../download/mirrors.js';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { RawImage } from '../raw-image.js';
import { sharedCopy } from './mnist.js';
import { VisionDataset, rootOptions, type VisionDatasetOptions } from './vision-dataset.js';

interface SharedCifar {
  data: Uint8Array;
  labels: number[];
  classes: string[];
}

/** Options of {@link CIFAR10} and {@link CIFAR100}. */
export interface CIFAROptions<X = RawImage, Y = number> extends VisionDatasetOptions<X, Y> {
  /** The training set (50,000 images, default) or the test set (10,000). */
  train?: boolean;
  /**
   * Download the archive when the batches are missing: use `await CIFAR10.create({ ...,
   * download: true })` (a constructor cannot wait for the network).
   */
  download?: boolean;
  /** Where else to look (default `/usr/share/datasets/<name>`; `null` looks only under `root`). */
  systemDir?: string | null;
  /** How downloads report (default: messages and a progress bar on stderr). */
  downloadOptions?: MirrorDownloadOptions;
  /** @internal Data already loaded (worker threads receive it shared). */
  _shared?: SharedCifar;
}

/**
 * CIFAR-10 (torchvision's `datasets.CIFAR10`): 32x32 RGB images of 10 classes, read from the
 * python batches (`root/cifar-10-batches-py/`, what torchvision downloads) or the binary
 * ones (`root/cifar-10-batches-bin/`). A sample is `[image, label]`, the image a
 * {@link RawImage} (mode `RGB`) before `transform`. `data` is uint8 `[N, 32, 32, 3]` (HWC,
 * as torchvision's numpy array), `targets` a list of labels.
 *
 * Unlike torchvision, the batches' MD5 sums are checked when downloading, not on every load.
 *
 * @example
 * ```ts
 * const transform = new Compose([new ToTensor(), new Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
 * const trainset = await CIFAR10.create({ root: './data', train: true, download: true, transform });
 * trainset.classes; // ['airplane', 'automobile', 'bird', ...]
 * ```
 */
export class CIFAR10<X = RawImage, Y = number> extends VisionDataset<X, Y> {
  /** Where the archive is and its checksums. */
  static readonly resources: CifarResources = CIFAR10_RESOURCES;
  /** @internal */
  static readonly variant: CifarVariant = 'cifar10';
  /** @internal The export name worker threads rebuild this class from. */
  static readonly workerExport: string = 'CIFAR10';

  /** Whether this is the training set (else the test set). */
  readonly train: boolean;
  /** Class names in label order (from the dataset's meta file). */
  readonly classes: string[];
  /** The images, uint8 `[N, 32, 32, 3]`. */
  readonly data: Tensor;
  /** The labels. */
  readonly targets: number[];
  private readonly pixels: Uint8Array;
  private readonly options: CIFAROptions<X, Y>;
  private shared: SharedCifar | undefined;

  constructor(root: string, options?: Omit<CIFAROptions<X, Y>, 'root'>);
  constructor(options: CIFAROptions<X, Y>);
  constructor(rootOrOptions: string | CIFAROptions<X, Y>, maybeOptions?: Omit<CIFAROptions<X, Y>, 'root'>) {
    const options = rootOptions<CIFAROptions<X, Y>>(rootOrOptions, maybeOptions);
    super(options);
    const ctor = this.constructor as typeof CIFAR10;
    this.options = options;
    this.train = options.train ?? true;
    if (options._shared) {
      // V8 reads SharedArrayBuffer-backed arrays several times slower: work on a private copy
      this.shared = options._shared;
      this.pixels = options._shared.data.slice();
      this.targets = options._shared.labels;
      this.classes = options._shared.classes;
    } else {
      let files;
      try {
        files = locateCifarFiles(this.root, ctor.resources, this.train, this.locateOptions());
      } catch (e) {
        if (e instanceof DatasetNotFoundError && options.download) {
          throw new DatasetNotFoundError(
            `${e.message}\nA constructor cannot wait for a download: use await ${ctor.name}.create({ ..., download: true }).`,
            e.searched,
          );
        }
        throw e;
      }
      const batches = readCifarBatchesSync(files.batches, { variant: ctor.variant, format: files.format });
      this.pixels = batches.data;
      this.targets = batches.labels;
      this.classes = readCifarClasses(files.meta, files.format === 'python' ? ctor.resources.meta.key : undefined);
    }
    this.data = fromTypedArray(this.pixels, [this.targets.length, 32, 32, 3], { dtype: uint8 });
  }

  /** Downloads and extracts the archive into `root` when asked and missing, then loads the dataset. */
  static async create<X = RawImage, Y = number>(options: CIFAROptions<X, Y>): Promise<CIFAR10<X, Y>> {
    if (options.download) await this.download(options.root, options);
    return new this(options);
  }

  /** Downloads (MD5-checked) and extracts the python version into `root`, unless the dataset is already found. */
  static async download(root: string, options: Pick<CIFAROptions, 'systemDir' | 'downloadOptions'> = {}): Promise<void> {
    const r = this.resources;
    const locate: LocateOptions = options.systemDir === undefined ? {} : { systemDir: options.systemDir };
    try {
      locateCifarFiles(root, r, true, locate);
      locateCifarFiles(root, r, false, locate);
      return;
    } catch {
      // not there: download
    }
    const mirror = r.url.slice(0, r.url.length - r.filename.length);
    await downloadAndExtractArchive([mirror], r.filename, expandHome(root), r.tgzMd5, options.downloadOptions ?? {});
  }

  /** `{ className: label }`. */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  get length(): number {
    return this.targets.length;
  }

  /** `[image, label]`: an RGB {@link RawImage} (a view of `data`) and a number, through the transforms. */
  getItem(index: number): [X, Y] {
    const n = this.targets.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new IndexError(`index ${index} is out of bounds for axis 0 with size ${n}`);
    const img = new RawImage(this.pixels.subarray(i * 3072, i * 3072 + 3072), 32, 32, 3);
    return this.applyTransforms(img, this.targets[i]!);
  }

  override extraRepr(): string {
    return `Split: ${this.train ? 'Train' : 'Test'}`;
  }

  /** Workers share this dataset's memory (no reload) and rebuild the transforms. */
  override workerSpec(): WorkerSpec {
    const ctor = this.constructor as typeof CIFAR10;
    if (!Object.prototype.hasOwnProperty.call(ctor, 'workerExport')) {
      throw new Error(`${ctor.name} extends ${Object.getPrototypeOf(ctor).name} but defines no workerSpec() of its own`);
    }
    this.shared ??= { data: sharedCopy(this.pixels), labels: this.targets, classes: this.classes };
    const { _shared, download, downloadOptions, ...rest } = this.options;
    void _shared; void download; void downloadOptions;
    return builtinSpec(ctor.workerExport, [{ ...rest, _shared: this.shared }]);
  }

  private locateOptions(): LocateOptions {
    return this.options.systemDir === undefined ? {} : { systemDir: this.options.systemDir };
  }
}
