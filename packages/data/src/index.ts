/**
 * @torchts/data: datasets, data loading, downloads and image utilities
 * (PyTorch's `torch.utils.data` and torchvision's `datasets` / `transforms` / `utils`).
 *
 * The umbrella mounts the two namespaces: `torch.utils.data.DataLoader`,
 * `torch.vision.datasets.MNIST`, `torch.vision.transforms.ToTensor`,
 * `torch.vision.utils.makeGrid`. Everything is also exported by name.
 *
 * @packageDocumentation
 */

// Namespaces (torch.utils, torch.vision)
export * as utils from './utils/index.js';
export * as vision from './vision/index.js';

// torch.utils.data
export * from './utils/data/index.js';

// torch.vision (named; worker threads rebuild built-in datasets and transforms from these exports)
export { RawImage, type ImageMode } from './vision/raw-image.js';
export * from './vision/datasets/index.js';
export {
  Transform, Compose, Lambda, ToTensor, PILToTensor, RawImageToTensor, Normalize, ConvertImageDtype, Resize,
  CenterCrop, Pad, Grayscale, RandomCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomRotation,
  type TransformLike, type NormalizeOptions, type ResizeOptions, type PadOptions, type RandomCropOptions,
  type RotationOptions, type ImageInput, type InterpolationMode, type PaddingMode,
} from './vision/transforms/index.js';
export { makeGrid, saveImage, type MakeGridOptions } from './vision/utils/index.js';

// File formats
export { parseIdx, readIdxFile, readIdxFileSync, readIdxImages, readIdxLabels } from './datasets/idx.js';
export type { IdxArray, IdxReadOptions } from './datasets/idx.js';
export {
  CIFAR_IMAGE_BYTES,
  parseCifarBatch,
  readCifarBatches,
  readCifarBatchesSync,
  readCifarClasses,
} from './datasets/cifar-format.js';
export type { CifarData, CifarReadOptions, CifarVariant } from './datasets/cifar-format.js';
export { unpickle, isNdArray, ndArrayToNumbers } from './io/pickle.js';
export type { NdArray, UnpickleOptions } from './io/pickle.js';
export { isGzip, gunzipIfNeeded, gunzipIfNeededSync } from './io/gzip.js';

// Where datasets live
export {
  MNIST_RESOURCES,
  FASHION_MNIST_RESOURCES,
  KMNIST_RESOURCES,
  CIFAR10_RESOURCES,
  CIFAR100_RESOURCES,
  mnistFileNames,
} from './datasets/resources.js';
export type { FileResource, MnistResources, CifarResources } from './datasets/resources.js';
export {
  SYSTEM_DATASETS_DIR,
  DatasetNotFoundError,
  expandHome,
  locateMnistFiles,
  locateCifarFiles,
} from './datasets/locate.js';
export type { LocateOptions, SearchedLocation, MnistFiles, CifarFiles } from './datasets/locate.js';

// Downloads
export { downloadUrl, DownloadError, USER_AGENT } from './download/download-url.js';
export type { DownloadOptions } from './download/download-url.js';
export { downloadWithMirrors } from './download/mirrors.js';
export type { MirrorDownloadOptions } from './download/mirrors.js';
export { extractArchive, downloadAndExtractArchive } from './download/extract.js';
export type { ExtractOptions, DownloadAndExtractOptions } from './download/extract.js';
export { calculateMd5, checkIntegrity } from './download/md5.js';
export { createProgressBar } from './download/progress.js';
export type { ProgressBar, ProgressBarOptions, ProgressCallback } from './download/progress.js';

// Images
export { encodePng } from './image/png.js';
export { decodeImage, loadImage } from './image/decode.js';
