/**
 * Global options for printing tensors, as `torch.set_printoptions`.
 * @module
 */

/** The options that control how tensors print (PyTorch's `torch._tensor_str.PRINT_OPTS`). */
export interface PrintOptions {
  /** Digits after the decimal point (or of the mantissa, in scientific notation). Default 4. */
  precision: number;
  /** Tensors with more elements than this are summarised with `...`. Default 1000. */
  threshold: number;
  /** Items shown at the start and end of each dimension of a summarised tensor. Default 3. */
  edgeitems: number;
  /** Characters per line before wrapping. Default 80. */
  linewidth: number;
  /** Force (`true`) or forbid (`false`) scientific notation; `null` lets the formatter choose. */
  sciMode: boolean | null;
}

/** What {@link setPrintOptions} accepts: each option left out (or `null`) keeps its value. */
export interface SetPrintOptions {
  /** Digits after the decimal point for floats (default 4). */
  precision?: number | null;
  /** Elements above which the printout is summarized with `...` (default 1000). */
  threshold?: number | null;
  /** Items printed at each end of a summarized dim (default 3). */
  edgeitems?: number | null;
  /** Characters per line before wrapping (default 80). */
  linewidth?: number | null;
  /** Presets applied before the other options: `'default'`, `'short'` or `'full'`. */
  profile?: 'default' | 'short' | 'full' | null;
  /** As in PyTorch, every call sets this: leaving it out resets it to `null` (automatic). */
  sciMode?: boolean | null;
}

const opts: PrintOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
};

/**
 * Sets the options for printing tensors (`torch.set_printoptions`).
 *
 * @example
 * ```ts
 * setPrintOptions({ precision: 2 });
 * // tensor([1.12345]) now prints as tensor([1.12])
 * setPrintOptions({ profile: 'default' }); // back to the defaults
 * ```
 */
export function setPrintOptions(options: SetPrintOptions = {}): void {
  const { profile } = options;
  if (profile != null) {
    if (profile === 'default') {
      Object.assign(opts, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
    } else if (profile === 'short') {
      Object.assign(opts, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
    } else if (profile === 'full') {
      Object.assign(opts, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
    }
    // PyTorch ignores any other profile name, and so does this.
  }
  if (options.precision != null) opts.precision = options.precision;
  if (options.threshold != null) opts.threshold = options.threshold;
  if (options.edgeitems != null) opts.edgeitems = options.edgeitems;
  if (options.linewidth != null) opts.linewidth = options.linewidth;
  // PyTorch assigns sci_mode unconditionally, so any call without it resets it to automatic.
  opts.sciMode = options.sciMode ?? null;
}

/** A copy of the print options in force (see {@link setPrintOptions}). */
export function getPrintOptions(): PrintOptions {
  return { ...opts };
}
