import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { isNdArray, ndArrayToNumbers, unpickle, type NdArray } from '../io/pickle.js';

/** Pixels in one CIFAR image: 32 x 32 x 3 channels. */
export const CIFAR_IMAGE_BYTES = 3072;

/**
 * Images and labels read from CIFAR batches.
 *
 * `data` holds `count * 32 * 32 * 3` bytes in HWC order, exactly torchvision's `.data`
 * (`np.vstack(batches).reshape(-1, 3, 32, 32).transpose((0, 2, 3, 1))`): channel `c` of
 * pixel (y, x) of image n is `data[((n * 32 + y) * 32 + x) * 3 + c]`.
 */
export interface CifarData {
  /** Number of images. */
  count: number;
  /** `count * 3072` bytes, HWC order. */
  data: Uint8Array;
  /** CIFAR-10 labels, or CIFAR-100 fine labels (what torchvision's `targets` holds). */
  labels: number[];
  /** CIFAR-100 coarse (superclass) labels, when the batches have them. */
  coarseLabels?: number[];
}

/** Which CIFAR: the binary version of CIFAR-100 has two label bytes per record. */
export type CifarVariant = 'cifar10' | 'cifar100';

/** Options of the CIFAR readers. */
export interface CifarReadOptions {
  /** `'cifar10'` (1 label byte per binary record) or `'cifar100'` (coarse then fine label byte). */
  variant: CifarVariant;
  /**
   * `'binary'` for `*.bin` batches, `'python'` for pickled batches. By default files whose
   * name ends in `.bin` are binary and the others python.
   */
  format?: 'binary' | 'python';
}

// One batch before conversion: pixels in CHW planes, `count` records `stride` bytes apart.
interface RawBatch {
  source: string;
  pixels: Uint8Array;
  offset: number;
  stride: number;
  count: number;
  labels: number[];
  coarseLabels?: number[];
}

function decodeBinary(bytes: Uint8Array, variant: CifarVariant, source: string): RawBatch {
  const labelBytes = variant === 'cifar100' ? 2 : 1;
  const record = labelBytes + CIFAR_IMAGE_BYTES;
  if (bytes.length === 0 || bytes.length % record !== 0) {
    const layout = labelBytes === 2 ? '2 label bytes (coarse, fine)' : '1 label byte';
    throw new Error(
      `${source}: ${bytes.length} bytes is not a whole number of ${variant === 'cifar100' ? 'CIFAR-100' : 'CIFAR-10'} ` +
        `binary records (${record} bytes each: ${layout} + 3072 pixel bytes); the file is truncated or not a ` +
        `${variant === 'cifar100' ? 'CIFAR-100' : 'CIFAR-10'} binary batch`,
    );
  }
  const count = bytes.length / record;
  const labels: number[] = new Array(count);
  const coarse: number[] | undefined = labelBytes === 2 ? new Array(count) : undefined;
  const maxLabel = variant === 'cifar100' ? 100 : 10;
  for (let n = 0; n < count; n++) {
    const at = n * record;
    const label = bytes[at + labelBytes - 1]!;
    if (label >= maxLabel) {
      throw new Error(`${source}: record ${n} has label ${label}, expected 0..${maxLabel - 1} (is this the right CIFAR variant?)`);
    }
    labels[n] = label;
    if (coarse) coarse[n] = bytes[at]!;
  }
  return { source, pixels: bytes, offset: labelBytes, stride: record, count, labels, ...(coarse ? { coarseLabels: coarse } : {}) };
}

function labelList(value: unknown, key: string, source: string): number[] {
  if (isNdArray(value)) return ndArrayToNumbers(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  throw new Error(`${source}: "${key}" is not a list of integers`);
}

function decodePython(bytes: Uint8Array, source: string): RawBatch {
  const obj = unpickle(bytes, { source });
  if (!(obj instanceof Map)) {
    throw new Error(`${source}: expected a pickled dict with "data" and "labels" (a CIFAR python batch)`);
  }
  const dataValue = obj.get('data');
  if (!isNdArray(dataValue)) {
    const keys = [...obj.keys()].map(String).join(', ');
    throw new Error(`${source}: no numpy array under "data" (keys: ${keys}); expected a CIFAR python batch`);
  }
  let data: NdArray = dataValue;
  if (data.dtype.replace(/^[<>|=]/, '') !== 'u1') {
    throw new Error(`${source}: "data" has dtype ${data.dtype}, expected uint8 (u1)`);
  }
  const count = data.shape[0] ?? 0;
  const perImage = data.shape.slice(1).reduce((a, b) => a * b, 1);
  if (data.shape.length < 2 || perImage !== CIFAR_IMAGE_BYTES) {
    throw new Error(`${source}: "data" has shape [${data.shape.join(', ')}], expected [N, 3072]`);
  }
  let pixels = data.data;
  if (data.fortranOrder) pixels = fortranRowsToC(pixels, count, CIFAR_IMAGE_BYTES);

  // torchvision: entry["labels"] if present, else entry["fine_labels"] (CIFAR-100).
  const labelKey = obj.has('labels') ? 'labels' : obj.has('fine_labels') ? 'fine_labels' : undefined;
  if (labelKey === undefined) {
    throw new Error(`${source}: no "labels" or "fine_labels" in the batch`);
  }
  const labels = labelList(obj.get(labelKey), labelKey, source);
  if (labels.length !== count) {
    throw new Error(`${source}: ${labels.length} labels for ${count} images`);
  }
  const out: RawBatch = { source, pixels, offset: 0, stride: CIFAR_IMAGE_BYTES, count, labels };
  if (obj.has('coarse_labels')) out.coarseLabels = labelList(obj.get('coarse_labels'), 'coarse_labels', source);
  return out;
}

// A Fortran-ordered [N, 3072] array stores element (n, j) at j * N + n.
function fortranRowsToC(src: Uint8Array, rows: number, cols: number): Uint8Array {
  const out = new Uint8Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const col = j * rows;
    for (let n = 0; n < rows; n++) out[n * cols + j] = src[col + n]!;
  }
  return out;
}

function decode(bytes: Uint8Array, path: string, options: CifarReadOptions): RawBatch {
  const format = options.format ?? (path.endsWith('.bin') ? 'binary' : 'python');
  return format === 'binary' ? decodeBinary(bytes, options.variant, path) : decodePython(bytes, path);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * One image's R, G, B planes (1024 bytes each, from `src[at]`) -> RGBRGB... at `dst[out]`.
 * On little-endian hosts 4 pixels (12 bytes) are written as three 32-bit words, about twice
 * as fast as byte stores (`words` views `dst`; `out` is a multiple of 3072, so 4-byte aligned).
 */
function interleave(src: Uint8Array, at: number, dst: Uint8Array, words: Uint32Array | undefined, out: number): void {
  const r = at;
  const g = at + 1024;
  const b = at + 2048;
  if (words) {
    let w = out >> 2;
    for (let p = 0; p < 1024; p += 4) {
      const r0 = src[r + p]!, r1 = src[r + p + 1]!, r2 = src[r + p + 2]!, r3 = src[r + p + 3]!;
      const g0 = src[g + p]!, g1 = src[g + p + 1]!, g2 = src[g + p + 2]!, g3 = src[g + p + 3]!;
      const b0 = src[b + p]!, b1 = src[b + p + 1]!, b2 = src[b + p + 2]!, b3 = src[b + p + 3]!;
      words[w] = r0 | (g0 << 8) | (b0 << 16) | (r1 << 24);
      words[w + 1] = g1 | (b1 << 8) | (r2 << 16) | (g2 << 24);
      words[w + 2] = b2 | (r3 << 8) | (g3 << 16) | (b3 << 24);
      w += 3;
    }
    return;
  }
  for (let p = 0, d = out; p < 1024; p++, d += 3) {
    dst[d] = src[r + p]!;
    dst[d + 1] = src[g + p]!;
    dst[d + 2] = src[b + p]!;
  }
}

/** CHW planes of each record -> one HWC array, the layout of torchvision's `CIFAR10.data`. */
function assemble(batches: RawBatch[]): CifarData {
  const count = batches.reduce((a, b) => a + b.count, 0);
  const data = new Uint8Array(count * CIFAR_IMAGE_BYTES);
  const labels: number[] = [];
  const withCoarse = batches.length > 0 && batches.every((b) => b.coarseLabels !== undefined);
  const coarseLabels: number[] = [];
  const words = LITTLE_ENDIAN ? new Uint32Array(data.buffer) : undefined;
  let image = 0;
  for (const b of batches) {
    for (let n = 0; n < b.count; n++) {
      interleave(b.pixels, b.offset + n * b.stride, data, words, image * CIFAR_IMAGE_BYTES);
      image++;
    }
    for (const l of b.labels) labels.push(l);
    if (withCoarse) for (const l of b.coarseLabels!) coarseLabels.push(l);
  }
  return withCoarse ? { count, data, labels, coarseLabels } : { count, data, labels };
}

/**
 * Parses one CIFAR batch already in memory (binary record file or python pickle).
 * `path` names the batch in errors and picks the format when `options.format` is not given.
 */
export function parseCifarBatch(bytes: Uint8Array, path: string, options: CifarReadOptions): CifarData {
  return assemble([decode(bytes, path, options)]);
}

/**
 * Reads CIFAR-10/100 batches (binary `data_batch_1.bin`... or python `data_batch_1`...)
 * and concatenates them in the order given, as torchvision's `CIFAR10` does.
 *
 * @example
 * ```ts
 * const dir = 'data/cifar-10-batches-py';
 * const train = await readCifarBatches([1, 2, 3, 4, 5].map((i) => `${dir}/data_batch_${i}`), { variant: 'cifar10' });
 * train.count; // 50000; train.data.length === 50000 * 32 * 32 * 3
 * ```
 */
export async function readCifarBatches(paths: string[], options: CifarReadOptions): Promise<CifarData> {
  const raw = await Promise.all(paths.map((p) => readFile(p)));
  return assemble(raw.map((bytes, i) => decode(bytes, paths[i]!, options)));
}

/** Synchronous {@link readCifarBatches}. */
export function readCifarBatchesSync(paths: string[], options: CifarReadOptions): CifarData {
  return assemble(paths.map((p) => decode(readFileSync(p), p, options)));
}

/**
 * Reads CIFAR class names from a meta file: the pickled `batches.meta` (key `label_names`)
 * or `meta` (key `fine_label_names`, or `coarse_label_names` when asked) of the python
 * version, or a text file of the binary version (`batches.meta.txt`, `fine_label_names.txt`:
 * one name a line).
 */
export function readCifarClasses(path: string, key?: string): string[] {
  const bytes = readFileSync(path);
  if (path.endsWith('.txt')) {
    return bytes
      .toString('utf8')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  const source = path;
  const meta = unpickle(bytes, { source });
  if (!(meta instanceof Map)) throw new Error(`${source}: expected a pickled dict of class names`);
  const k = key ?? (meta.has('label_names') ? 'label_names' : 'fine_label_names');
  const names = meta.get(k);
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    const keys = [...meta.keys()].map(String).join(', ');
    throw new Error(`${source}: no list of class names under "${k}" (keys: ${keys})`);
  }
  return names as string[];
}
