/**
 * `torch.vision.datasets` (torchvision's `datasets`).
 * @module
 */
export { VisionDataset, type VisionDatasetOptions } from './vision-dataset.js';
export { MNIST, type MNISTOptions } from './mnist.js';
export { FashionMNIST } from './fashion-mnist.js';
export { KMNIST } from './kmnist.js';
export { CIFAR10, type CIFAROptions } from './cifar.js';
export { CIFAR100 } from './cifar100.js';
export { DatasetFolder, type DatasetFolderOptions } from './dataset-folder.js';
export { ImageFolder, IMG_EXTENSIONS, type ImageFolderOptions } from './image-folder.js';
