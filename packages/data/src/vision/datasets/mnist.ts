/**
 * MNIST (and the base of FashionMNIST and KMNIST): torchvision's `datasets.MNIST`.
 * @module
 */
import { join } from 'node:path';
import { IndexError, fromTypedArray, int64, uint8, type Tensor } from '@torchts/core';
import { readIdxFileSync } from '../../datasets/idx.js';
import { DatasetNotFoundError, expandHome, locateMnistFiles, type LocateOptions } from '../../datasets/locate.js';
import { MNIST_RESOURCES, type MnistResources } from '../../datasets/resources.js';
import { downloadWithMirrors, type MirrorDownloadOptions } from '../../download/mirrors.js';
import { extractArchive } from '../../download/extract.js';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { RawImage } from '../raw-image.js';
import { VisionDataset, rootOptions, type VisionDatasetOptions } from './vision-dataset.js';

/** Images and labels shared with worker threads (SharedArrayBuffer-backed). */
interface SharedMnist {
  images: Uint8Array;
  labels: Uint8Array;
  shape: [number, number, number];
}

/** Options of {@link MNIST}, {@link FashionMNIST} and {@link KMNIST}. */
export interface MNISTOptions<X = RawImage, Y = number> extends VisionDatasetOptions<X, Y> {
  /** The training set (60,000 images, default) or the test set (10,000). */
  train?: boolean;
  /**
   * Download the files when they are missing. A constructor cannot wait for the network:
   * use `await MNIST.create({ ..., download: true })`; `new MNIST(...)` accepts it when the
   * files are already there.
   */
  download?: boolean;
  /** Where else to look (default `/usr/share/datasets/<name>`; `null` looks only under `root`). */
  systemDir?: string | null;
  /** How downloads report (default: messages and a progress bar on stderr). */
  downloadOptions?: MirrorDownloadOptions;
  /** @internal Data already loaded (worker threads receive it shared). */
  _shared?: SharedMnist;
}

/**
 * The MNIST handwritten digits (torchvision's `datasets.MNIST`): 28x28 gray images with
 * labels 0-9, read from the IDX files (gzipped or not) in torchvision's layout
 * (`root/MNIST/raw/`) or in `/usr/share/datasets/mnist`. A sample is `[image, label]`,
 * the image a {@link RawImage} (mode `L`) before `transform`.
 *
 * @example
 * ```ts
 * const transform = new Compose([new ToTensor(), new Normalize([0.1307], [0.3081])]);
 * const trainset = await MNIST.create({ root: './data', train: true, download: true, transform });
 * const [x, y] = trainset.getItem(0); // x: [1, 28, 28] float32, y: 5
 * ```
 */
export class MNIST<X = RawImage, Y = number> extends VisionDataset<X, Y> {
  /** Mirrors, files, checksums and class names. */
  static readonly resources: MnistResources = MNIST_RESOURCES;
  /** @internal The export name worker threads rebuild this class from. */
  static readonly workerExport: string = 'MNIST';

  /** Whether this is the training split. */
  readonly train: boolean;
  /** Class names in label order. */
  readonly classes: string[];
  /** The images, uint8 `[N, 28, 28]` (shares memory with the dataset). */
  readonly data: Tensor;
  /** The labels, int64 `[N]`. */
  readonly targets: Tensor;
  private readonly images: Uint8Array;
  private readonly labels: Uint8Array;
  private readonly imgShape: [number, number, number];
  private readonly options: MNISTOptions<X, Y>;
  private shared: SharedMnist | undefined;

  constructor(root: string, options?: Omit<MNISTOptions<X, Y>, 'root'>);
  constructor(options: MNISTOptions<X, Y>);
  constructor(rootOrOptions: string | MNISTOptions<X, Y>, maybeOptions?: Omit<MNISTOptions<X, Y>, 'root'>) {
    const options = rootOptions<MNISTOptions<X, Y>>(rootOrOptions, maybeOptions);
    super(options);
    const resources = (this.constructor as typeof MNIST).resources;
    this.options = options;
    this.train = options.train ?? true;
    this.classes = [...resources.classes];
    if (options._shared) {
      // V8 reads SharedArrayBuffer-backed arrays several times slower: work on a private copy
      this.shared = options._shared;
      this.images = options._shared.images.slice();
      this.labels = options._shared.labels.slice();
      this.imgShape = options._shared.shape;
    } else {
      let files;
      try {
        files = locateMnistFiles(this.root, resources, this.train, this.locateOptions());
      } catch (e) {
        if (e instanceof DatasetNotFoundError && options.download) {
          throw new DatasetNotFoundError(
            `${e.message}\nA constructor cannot wait for a download: use await ${this.constructor.name}.create({ ..., download: true }).`,
            e.searched,
          );
        }
        throw e;
      }
      const images = readIdxFileSync(files.images, { ndim: 3 });
      const labels = readIdxFileSync(files.labels, { ndim: 1 });
      if (images.shape[0] !== labels.shape[0]) {
        throw new Error(`${files.images} holds ${images.shape[0]} images but ${files.labels} ${labels.shape[0]} labels`);
      }
      this.images = images.data;
      this.labels = labels.data;
      this.imgShape = images.shape as [number, number, number];
    }
    this.data = fromTypedArray(this.images, this.imgShape, { dtype: uint8 });
    this.targets = fromTypedArray(Float64Array.from(this.labels), [this.labels.length], { dtype: int64 });
  }

  /**
   * Downloads the dataset when `options.download` is set and it is not there yet (from the
   * mirrors, MD5-checked, gunzipped into `root/<Name>/raw/`), then loads it.
   */
  static async create<X = RawImage, Y = number>(options: MNISTOptions<X, Y>): Promise<MNIST<X, Y>> {
    if (options.download) await this.download(options.root, options);
    return new this(options);
  }

  /** Downloads and extracts the four files into `root/<Name>/raw/` unless the dataset is already found. */
  static async download(root: string, options: Pick<MNISTOptions, 'systemDir' | 'downloadOptions'> = {}): Promise<void> {
    const r = this.resources;
    const locate: LocateOptions = options.systemDir === undefined ? {} : { systemDir: options.systemDir };
    const found = (train: boolean): boolean => {
      try {
        locateMnistFiles(root, r, train, locate);
        return true;
      } catch {
        return false;
      }
    };
    if (found(true) && found(false)) return;
    const raw = join(expandHome(root), r.folder, 'raw');
    for (const { filename, md5 } of r.resources) {
      const gz = await downloadWithMirrors(r.mirrors, filename, raw, md5, options.downloadOptions ?? {});
      await extractArchive(gz);
    }
  }

  /** `root/<Name>/raw`, where the IDX files are (torchvision's `raw_folder`). */
  get rawFolder(): string {
    return join(this.root, (this.constructor as typeof MNIST).resources.folder, 'raw');
  }

  /** `{ className: label }` (torchvision's `class_to_idx`). */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  get length(): number {
    return this.imgShape[0];
  }

  /** `[image, label]`: a {@link RawImage} (a view of `data`) and a number, through the transforms. */
  getItem(index: number): [X, Y] {
    const [n, h, w] = this.imgShape;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new IndexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    const hw = h * w;
    const img = new RawImage(this.images.subarray(i * hw, i * hw + hw), w, h, 1);
    return this.applyTransforms(img, this.labels[i]!);
  }

  override extraRepr(): string {
    return `Split: ${this.train ? 'Train' : 'Test'}`;
  }

  /** Workers share this dataset's memory (no reload) and rebuild the transforms. */
  override workerSpec(): WorkerSpec {
    const ctor = this.constructor as typeof MNIST;
    if (!Object.prototype.hasOwnProperty.call(ctor, 'workerExport')) {
      throw new Error(`${ctor.name} extends ${Object.getPrototypeOf(ctor).name} but defines no workerSpec() of its own`);
    }
    this.shared ??= {
      images: sharedCopy(this.images),
      labels: sharedCopy(this.labels),
      shape: this.imgShape,
    };
    const { _shared, download, downloadOptions, ...rest } = this.options;
    void _shared; void download; void downloadOptions;
    return builtinSpec(ctor.workerExport, [{ ...rest, _shared: this.shared }]);
  }

  private locateOptions(): LocateOptions {
    return this.options.systemDir === undefined ? {} : { systemDir: this.options.systemDir };
  }
}

/** A copy in a SharedArrayBuffer: worker threads then read the same memory. */
export function sharedCopy(a: Uint8Array): Uint8Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Uint8Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}
