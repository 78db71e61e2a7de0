/**
 * The base class of the vision datasets (torchvision's `VisionDataset`).
 * @module
 */
import { Dataset } from '../../utils/data/dataset.js';
import type { RawImage } from '../raw-image.js';

/** Options every vision dataset takes. */
export interface VisionDatasetOptions<X = RawImage, Y = number> {
  /** Folder holding the dataset (torchvision's `root`); `~` is expanded. */
  root: string;
  /** Applied to each image (a transform or any function), e.g. `new ToTensor()`. */
  transform?: (img: RawImage) => X;
  /** Applied to each target. */
  targetTransform?: (target: number) => Y;
}

/**
 * A dataset of `[image, target]` pairs under a root folder, with optional `transform` and
 * `targetTransform` (torchvision's `VisionDataset`). Prints as torchvision's does.
 */
export abstract class VisionDataset<X = RawImage, Y = number> extends Dataset<[X, Y]> {
  /** Root directory of the dataset. */
  readonly root: string;
  /** Applied to each image. */
  readonly transform: ((img: RawImage) => X) | undefined;
  /** Applied to each label. */
  readonly targetTransform: ((target: number) => Y) | undefined;

  protected constructor(options: VisionDatasetOptions<X, Y>) {
    super();
    if (typeof options?.root !== 'string') throw new TypeError('root must be a string (the dataset folder)');
    this.root = options.root;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
  }

  /** Applies the transforms to a raw sample. */
  protected applyTransforms(img: RawImage, target: number): [X, Y] {
    const x = this.transform ? this.transform(img) : (img as unknown as X);
    const y = this.targetTransform ? this.targetTransform(target) : (target as unknown as Y);
    return [x, y];
  }

  /** Extra lines of the repr (torchvision's `extra_repr`). */
  extraRepr(): string {
    return '';
  }

  override toString(): string {
    const body = [`Number of datapoints: ${this.length}`, `Root location: ${this.root}`];
    const extra = this.extraRepr();
    if (extra) body.push(...extra.split('\n'));
    if (this.transform || this.targetTransform) {
      // torchvision's StandardTransform repr; as there, only its first line is indented
      const block = ['StandardTransform'];
      const add = (head: string, t: unknown): void => {
        const lines = String(t).split('\n');
        block.push(`${head}${lines[0]}`, ...lines.slice(1).map((l) => `${' '.repeat(head.length)}${l}`));
      };
      if (this.transform) add('Transform: ', this.transform);
      if (this.targetTransform) add('Target transform: ', this.targetTransform);
      body.push(block.join('\n'));
    }
    return [`Dataset ${this.constructor.name}`, ...body.map((l) => `    ${l}`)].join('\n');
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** @internal Accepts `(root, options)` or `(options)`, as torchvision takes `root` positionally or by name. */
export function rootOptions<O extends { root: string }>(rootOrOptions: string | O, options?: Omit<O, 'root'>): O {
  if (typeof rootOrOptions === 'string') return { ...(options ?? {}), root: rootOrOptions } as O;
  if (rootOrOptions === null || typeof rootOrOptions !== 'object') {
    throw new TypeError('expected a root folder or an options object with root');
  }
  return rootOrOptions;
}
