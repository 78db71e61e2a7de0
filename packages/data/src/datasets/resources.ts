/**
 * Where the datasets come from: torchvision 0.14's mirrors, file names and MD5 checksums
 * (torchvision/datasets/mnist.py and cifar.py), plus the folder names of torchvision's
 * layout and of Debian's `/usr/share/datasets/<name>`.
 */

/** A file and its MD5 checksum (hex). */
export interface FileResource {
  /** File name on the mirrors. */
  filename: string;
  /** Expected MD5 of the file. */
  md5: string;
}

/** An MNIST-style dataset: four gzipped IDX files fetched from a list of mirrors. */
export interface MnistResources {
  /** torchvision's folder: files live in `root/<folder>/raw/`. */
  folder: 'MNIST' | 'FashionMNIST' | 'KMNIST';
  /** Folder name under `/usr/share/datasets/` (Debian's `dataset-fashion-mnist` uses `fashion-mnist`). */
  systemName: string;
  /** Base URLs tried in order; a file's URL is `mirror + filename`. */
  mirrors: string[];
  /** Training images, training labels, test images, test labels (gzipped). */
  resources: FileResource[];
  /** Class names, in label order. */
  classes: string[];
  /** Debian package that installs the dataset under `/usr/share/datasets/<systemName>`, if any. */
  systemPackage?: string;
}

/** MNIST (torchvision `datasets.MNIST`). */
export const MNIST_RESOURCES: MnistResources = {
  folder: 'MNIST',
  systemName: 'mnist',
  mirrors: ['http://yann.lecun.com/exdb/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
  resources: [
    { filename: 'train-images-idx3-ubyte.gz', md5: 'f68b3c2dcbeaaa9fbdd348bbdeb94873' },
    { filename: 'train-labels-idx1-ubyte.gz', md5: 'd53e105ee54ea40749a09fcbcd1e9432' },
    { filename: 't10k-images-idx3-ubyte.gz', md5: '9fb629c4189551a2d022fa330f9573f3' },
    { filename: 't10k-labels-idx1-ubyte.gz', md5: 'ec29112dd5afa0611ce80d1b7f02629c' },
  ],
  classes: [
    '0 - zero', '1 - one', '2 - two', '3 - three', '4 - four',
    '5 - five', '6 - six', '7 - seven', '8 - eight', '9 - nine',
  ],
};

/** Fashion-MNIST (torchvision `datasets.FashionMNIST`). */
export const FASHION_MNIST_RESOURCES: MnistResources = {
  folder: 'FashionMNIST',
  systemName: 'fashion-mnist',
  systemPackage: 'dataset-fashion-mnist',
  mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  resources: [
    { filename: 'train-images-idx3-ubyte.gz', md5: '8d4fb7e6c68d591d4c3dfef9ec88bf0d' },
    { filename: 'train-labels-idx1-ubyte.gz', md5: '25c81989df183df01b3e8a0aad5dffbe' },
    { filename: 't10k-images-idx3-ubyte.gz', md5: 'bef4ecab320f06d8554ea6380940ec79' },
    { filename: 't10k-labels-idx1-ubyte.gz', md5: 'bb300cfdad3c16e7a12a480ee83cd310' },
  ],
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** Kuzushiji-MNIST (torchvision `datasets.KMNIST`). */
export const KMNIST_RESOURCES: MnistResources = {
  folder: 'KMNIST',
  systemName: 'kmnist',
  mirrors: ['http://codh.rois.ac.jp/kmnist/dataset/kmnist/'],
  resources: [
    { filename: 'train-images-idx3-ubyte.gz', md5: 'bdb82020997e1d708af4cf47b453dcf7' },
    { filename: 'train-labels-idx1-ubyte.gz', md5: 'e144d726b3acfaa3e44228e80efcd344' },
    { filename: 't10k-images-idx3-ubyte.gz', md5: '5c965bf0a639b31b8f53240b1b52f4d7' },
    { filename: 't10k-labels-idx1-ubyte.gz', md5: '7320c461ea6c1c855c0b718fb2a4b134' },
  ],
  classes: ['o', 'ki', 'su', 'tsu', 'na', 'ha', 'ma', 'ya', 're', 'wo'],
};

/** The IDX file names (without `.gz`) of a split, as torchvision's `MNIST._load_data` names them. */
export function mnistFileNames(train: boolean): { images: string; labels: string } {
  const prefix = train ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
}

/** A CIFAR dataset: one tar.gz holding the python batches. */
export interface CifarResources {
  /** Folder of the python version inside `root` (what the tarball extracts to). */
  baseFolder: string;
  /** Folder of the binary version (`*-binary.tar.gz`), also read when present. */
  binaryFolder: string;
  /** Folder name under `/usr/share/datasets/`. */
  systemName: string;
  /** Where the archive is downloaded from. */
  url: string;
  /** File name of the archive. */
  filename: string;
  /** Expected MD5 of the archive. */
  tgzMd5: string;
  /** Python training batches with their MD5s. */
  trainList: FileResource[];
  /** Python test batches with their MD5s. */
  testList: FileResource[];
  /** Pickled metadata holding the class names under `key`. */
  meta: FileResource & { key: string };
  /** Binary-version batch file names. */
  binaryTrainFiles: string[];
  /** Test batch file names of the binary version. */
  binaryTestFiles: string[];
  /** Binary-version class-name file (one name a line). */
  binaryMetaFile: string;
}

/** CIFAR-10 (torchvision `datasets.CIFAR10`). */
export const CIFAR10_RESOURCES: CifarResources = {
  baseFolder: 'cifar-10-batches-py',
  binaryFolder: 'cifar-10-batches-bin',
  systemName: 'cifar-10',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
  filename: 'cifar-10-python.tar.gz',
  tgzMd5: 'c58f30108f718f92721af3b95e74349a',
  trainList: [
    { filename: 'data_batch_1', md5: 'c99cafc152244af753f735de768cd75f' },
    { filename: 'data_batch_2', md5: 'd4bba439e000b95fd0a9bffe97cbabec' },
    { filename: 'data_batch_3', md5: '54ebc095f3ab1f0389bbae665268c751' },
    { filename: 'data_batch_4', md5: '634d18415352ddfa80567beed471001a' },
    { filename: 'data_batch_5', md5: '482c414d41f54cd18b22e5b47cb7c3cb' },
  ],
  testList: [{ filename: 'test_batch', md5: '40351d587109b95175f43aff81a1287e' }],
  meta: { filename: 'batches.meta', key: 'label_names', md5: '5ff9c542aee3614f3951f8cda6e48888' },
  binaryTrainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  binaryTestFiles: ['test_batch.bin'],
  binaryMetaFile: 'batches.meta.txt',
};

/** CIFAR-100 (torchvision `datasets.CIFAR100`). */
export const CIFAR100_RESOURCES: CifarResources = {
  baseFolder: 'cifar-100-python',
  binaryFolder: 'cifar-100-binary',
  systemName: 'cifar-100',
  url: 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz',
  filename: 'cifar-100-python.tar.gz',
  tgzMd5: 'eb9058c3a382ffc7106e4002c42a8d85',
  trainList: [{ filename: 'train', md5: '16019d7e3df5f24257cddd939b257f8d' }],
  testList: [{ filename: 'test', md5: 'f0ef6b0ae62326f3e7ffdfab6717acfc' }],
  meta: { filename: 'meta', key: 'fine_label_names', md5: '7973b15100ade9c7d40fb424638fde48' },
  binaryTrainFiles: ['train.bin'],
  binaryTestFiles: ['test.bin'],
  binaryMetaFile: 'fine_label_names.txt',
};
