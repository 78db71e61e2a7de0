import { Transform } from './transform.js';

/**
 * Wraps a function as a transform (torchvision's `Lambda`). Functions cannot be sent to
 * worker threads: with `numWorkers > 0`, build the dataset with {@link utils.data.workerDataset}.
 *
 * @example
 * ```ts
 * const double = new Lambda((x: Tensor) => x.mul(2));
 * ```
 */
export class Lambda<I = any, O = any> extends Transform<I, O> {
  /** The function applied. */
  readonly lambd: (input: I) => O;

  constructor(lambd: (input: I) => O) {
    super();
    if (typeof lambd !== 'function') throw new TypeError(`Argument lambd should be callable, got ${typeof lambd}`);
    this.lambd = lambd;
  }

  forward(input: I): O {
    return this.lambd(input);
  }

  override toString(): string {
    return 'Lambda()';
  }
}
