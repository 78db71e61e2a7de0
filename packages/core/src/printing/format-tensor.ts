/**
 * The text of a tensor, exactly as PyTorch 1.13 prints it (a port of `torch._tensor_str`).
 * @module
 */

import { DType, bool, getDefaultDtype, int64 } from '../dtype.js';
import { formatExponential, formatFixed } from './format-float.js';
import { formatSizeTuple } from './format-size.js';
import { getPrintOptions, type PrintOptions } from './print-options.js';

/** What {@link formatTensor} needs to know about a tensor. */
export interface PrintableTensor {
  /** Size of each dim. */
  shape: readonly number[];
  /** Element type (decides the number format and the `dtype=` suffix). */
  dtype: DType;
  /**
   * The elements in row-major order; a summarised tensor may pass all of them, only the shown
   * ones are read. bool as 0/1; int64 as plain numbers; float16 as values already rounded to
   * half precision (float32 and float16 values are rounded to float32 here).
   */
  values: ArrayLike<number>;
  /** The device as PyTorch names it: `'cpu'`, `'cuda:0'`, `'webgpu:0'`. */
  device: string;
  /** Whether to print `requires_grad=True`. */
  requiresGrad?: boolean;
  /** The class name of the tensor's `grad_fn`, e.g. `'AddBackward0'`. */
  gradFnName?: string | null;
  /** An `nn.Parameter`, which prints as `Parameter containing:\ntensor(...)`. */
  isParameter?: boolean;
}

/**
 * Formats a tensor as PyTorch's `str(t)` / `repr(t)` (`torch._tensor_str._str`).
 *
 * @param options the print options; the global ones ({@link setPrintOptions}) by default.
 * @example
 * ```ts
 * formatTensor({ shape: [3], dtype: float32, values: [1, 2.5, -3], device: 'cpu' });
 * // 'tensor([ 1.0000,  2.5000, -3.0000])'
 * formatTensor({ shape: [], dtype: int64, values: [3], device: 'cuda:0' });
 * // "tensor(3, device='cuda:0')"
 * ```
 */
export function formatTensor(t: PrintableTensor, options: PrintOptions = getPrintOptions()): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const defaultDtype = getDefaultDtype();

  // Only CPU is a default device here, so every other device is named.
  if (t.device.split(':')[0] !== 'cpu') suffixes.push(`device='${t.device}'`);

  const hasDefaultDtype = t.dtype === defaultDtype || t.dtype === int64 || t.dtype === bool;
  const numel = t.shape.reduce((a, b) => a * b, 1);
  let tensorStr: string;
  if (numel === 0) {
    // Like NumPy, the shape is shown unless it is (0,); an empty tensor has no elements to
    // tell its dtype by, so any dtype but the default float is named.
    if (t.shape.length !== 1) suffixes.push(`size=${formatSizeTuple(t.shape)}`);
    if (t.dtype !== defaultDtype) suffixes.push(`dtype=${String(t.dtype)}`);
    tensorStr = '[]';
  } else {
    if (!hasDefaultDtype) suffixes.push(`dtype=${String(t.dtype)}`);
    tensorStr = new TensorPrinter(t, options).tensorStr(indent);
  }

  if (t.gradFnName != null) suffixes.push(`grad_fn=<${t.gradFnName}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');

  const str = addSuffixes(prefix + tensorStr, suffixes, indent, options.linewidth);
  return t.isParameter ? `Parameter containing:\n${str}` : str;
}

/** Appends `, suffix` items, moving one to a new line when it would pass the line width. */
function addSuffixes(tensorStr: string, suffixes: string[], indent: number, linewidth: number): string {
  const parts = [tensorStr];
  // PyTorch's count (two more than the last line's length), kept for identical wrapping.
  let lastLineLen = tensorStr.length - tensorStr.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

/** Python's `' ' * n`, which is empty for n <= 0. */
function spaces(n: number): string {
  return n > 0 ? ' '.repeat(n) : '';
}

/** PyTorch's `_Formatter`: decides the notation and width shared by all elements. */
class Formatter {
  readonly floatingDtype: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(
    values: readonly number[],
    private readonly dtype: DType,
    private readonly options: PrintOptions,
  ) {
    this.floatingDtype = dtype.isFloatingPoint;
    const precision = options.precision;
    if (!this.floatingDtype) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plainStr(v).length);
      return;
    }
    const nonzeroFinite = values.filter((v) => Number.isFinite(v) && v !== 0);
    // Nothing to measure: keeps int mode, width 1 and, as PyTorch does, ignores options.sciMode.
    if (nonzeroFinite.length === 0) return;

    let min = Infinity;
    let max = 0;
    for (const v of nonzeroFinite) {
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
    }
    this.intMode = nonzeroFinite.every((v) => v === Math.ceil(v));

    if (this.intMode) {
      // Integer-valued floats print as `1.`: the width counts that point.
      if (max / min > 1000 || max > 1e8) {
        this.sciMode = true;
        for (const v of nonzeroFinite) this.widen(formatExponential(v, precision).length);
      } else {
        for (const v of nonzeroFinite) this.widen(formatFixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      this.sciMode = true;
      for (const v of nonzeroFinite) this.widen(formatExponential(v, precision).length);
    } else {
      for (const v of nonzeroFinite) this.widen(formatFixed(v, precision).length);
    }

    if (options.sciMode !== null) this.sciMode = options.sciMode;
  }

  private widen(width: number): void {
    if (width > this.maxWidth) this.maxWidth = width;
  }

  /** Python's `'{}'.format(v)` of an integer or bool element. */
  private plainStr(v: number): string {
    if (this.dtype === bool) return v !== 0 ? 'True' : 'False';
    return String(v);
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: number): string {
    let ret: string;
    if (this.floatingDtype) {
      if (this.sciMode) {
        ret = formatExponential(value, this.options.precision);
      } else if (this.intMode) {
        ret = formatFixed(value, 0);
        if (Number.isFinite(value)) ret += '.';
      } else {
        ret = formatFixed(value, this.options.precision);
      }
    } else {
      ret = this.plainStr(value);
    }
    return spaces(this.maxWidth - ret.length) + ret;
  }
}

/** Walks a row-major tensor as PyTorch's `_tensor_str` and its helpers do. */
class TensorPrinter {
  private readonly shape: readonly number[];
  /** Row-major strides, in elements. */
  private readonly strides: number[];
  private readonly round: (v: number) => number;

  constructor(
    private readonly t: PrintableTensor,
    private readonly options: PrintOptions,
  ) {
    this.shape = t.shape;
    this.strides = new Array<number>(t.shape.length);
    let s = 1;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      this.strides[d] = s;
      s *= t.shape[d]!;
    }
    // PyTorch formats the float32 value (half prints through float32 too), not a wider one.
    const isFloat32 = t.dtype.isFloatingPoint && t.dtype.itemsize <= 4;
    this.round = isFloat32 ? Math.fround : (v) => v;
  }

  private get(i: number): number {
    return this.round(this.t.values[i]!);
  }

  tensorStr(indent: number): string {
    const numel = this.shape.reduce((a, b) => a * b, 1);
    const summarize = numel > this.options.threshold;
    const shown: number[] = [];
    if (summarize) this.collectSummarized(0, 0, shown);
    const values = summarize ? shown.map((i) => this.get(i)) : this.allValues(numel);
    const formatter = new Formatter(values, this.t.dtype, this.options);
    return this.withFormatter(0, 0, indent, summarize, formatter);
  }

  private allValues(numel: number): number[] {
    const out = new Array<number>(numel);
    for (let i = 0; i < numel; i++) out[i] = this.get(i);
    return out;
  }

  /** The flat indices of `get_summarized_data`: the elements a summarised tensor shows. */
  private collectSummarized(dim: number, offset: number, out: number[]): void {
    const ndim = this.shape.length;
    if (dim === ndim) {
      out.push(offset);
      return;
    }
    const size = this.shape[dim]!;
    const stride = this.strides[dim]!;
    const edge = this.options.edgeitems;
    let indices: number[];
    if (size > 2 * edge) {
      // In 1-d PyTorch takes `self[-edge:]`, which is the whole dimension when edge is 0.
      const tailStart = dim === ndim - 1 && edge === 0 ? 0 : size - edge;
      indices = [...range(0, edge), ...range(tailStart, size)];
    } else {
      indices = range(0, size);
    }
    for (const i of indices) this.collectSummarized(dim + 1, offset + i * stride, out);
  }

  /** `_tensor_str_with_formatter` for the sub-tensor starting at `dim`, `offset`. */
  private withFormatter(dim: number, offset: number, indent: number, summarize: boolean, fmt: Formatter): string {
    const rest = this.shape.length - dim;
    if (rest === 0) return fmt.format(this.get(offset));
    if (rest === 1) return this.vectorStr(dim, offset, indent, summarize, fmt);

    const size = this.shape[dim]!;
    const stride = this.strides[dim]!;
    const edge = this.options.edgeitems;
    const sub = (i: number): string => this.withFormatter(dim + 1, offset + i * stride, indent + 1, summarize, fmt);
    let slices: string[];
    if (summarize && size > 2 * edge) {
      slices = [...range(0, edge).map(sub), '...', ...range(size - edge, size).map(sub)];
    } else {
      slices = range(0, size).map(sub);
    }
    return `[${slices.join(`,${'\n'.repeat(rest - 1)}${spaces(indent + 1)}`)}]`;
  }

  /** `_vector_str`: a 1-d row, wrapped at the line width. */
  private vectorStr(dim: number, offset: number, indent: number, summarize: boolean, fmt: Formatter): string {
    const size = this.shape[dim]!;
    const stride = this.strides[dim]!;
    const edge = this.options.edgeitems;
    const elementLength = fmt.width() + 2;
    const perLine = Math.max(1, Math.floor((this.options.linewidth - indent) / elementLength));
    const item = (i: number): string => fmt.format(this.get(offset + i * stride));

    let data: string[];
    if (summarize && size > 2 * edge) {
      // `self[-edge:]` is the whole row when edge is 0.
      const tailStart = edge === 0 ? 0 : size - edge;
      data = [...range(0, edge).map(item), ' ...', ...range(tailStart, size).map(item)];
    } else {
      data = range(0, size).map(item);
    }
    const lines: string[] = [];
    for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${spaces(indent + 1)}`)}]`;
  }
}

function range(start: number, end: number): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i++) out.push(i);
  return out;
}
