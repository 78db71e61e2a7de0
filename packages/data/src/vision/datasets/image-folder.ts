import { loadImage } from '../../image/decode.js';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import type { RawImage } from '../raw-image.js';
import { DatasetFolder } from './dataset-folder.js';
import { rootOptions, type VisionDatasetOptions } from './vision-dataset.js';

/** The image file endings {@link ImageFolder} keeps (torchvision's `IMG_EXTENSIONS`). */
export const IMG_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];

/** Options of {@link ImageFolder}. */
export interface ImageFolderOptions<X = RawImage, Y = number> extends VisionDatasetOptions<X, Y> {
  /**
   * Reads one image (may be async). The default decodes PNG and binary PGM/PPM into RGB
   * (PIL's `convert('RGB')`); pass your own for JPEG and other formats.
   */
  loader?: (path: string) => RawImage | Promise<RawImage>;
  /** Which files to keep (default: names ending in one of {@link IMG_EXTENSIONS}). */
  isValidFile?: (path: string) => boolean;
}

/**
 * Images laid out one folder per class, `root/dog/xxx.png`, `root/cat/123.png`
 * (torchvision's `datasets.ImageFolder`): `classes` are the sorted folder names, `samples`
 * (also `imgs`) the `[path, classIndex]` pairs, a sample `[image, classIndex]` with the
 * image an RGB {@link RawImage} before `transform`.
 *
 * @example
 * ```ts
 * const ds = new ImageFolder({ root: './pets', transform: new Compose([new Resize(64), new ToTensor()]) });
 * ds.classes; // ['cat', 'dog']
 * ```
 */
export class ImageFolder<X = RawImage, Y = number> extends DatasetFolder<RawImage, X, Y> {
  constructor(root: string, options?: Omit<ImageFolderOptions<X, Y>, 'root'>);
  constructor(options: ImageFolderOptions<X, Y>);
  constructor(rootOrOptions: string | ImageFolderOptions<X, Y>, maybeOptions?: Omit<ImageFolderOptions<X, Y>, 'root'>) {
    const options = rootOptions<ImageFolderOptions<X, Y>>(rootOrOptions, maybeOptions);
    super({
      ...options,
      loader: options.loader ?? loadImage,
      ...(options.isValidFile ? { isValidFile: options.isValidFile } : { extensions: IMG_EXTENSIONS }),
    });
  }

  /** Same as `samples` (torchvision keeps both names). */
  get imgs(): [string, number][] {
    return this.samples;
  }

  override workerSpec(): WorkerSpec {
    const { loader, extensions, ...rest } = this.folderOptions;
    void extensions;
    return builtinSpec('ImageFolder', [{ ...rest, ...(loader === loadImage ? {} : { loader }) }]);
  }
}
