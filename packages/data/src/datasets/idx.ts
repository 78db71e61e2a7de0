import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gunzipIfNeeded, gunzipIfNeededSync } from '../io/gzip.js';

/**
 * An array read from an IDX file: its dimensions and its bytes in row-major order.
 *
 * `data` is a view into the (decompressed) file buffer, not a copy.
 */
export interface IdxArray {
  /** Dimensions from the file header, e.g. `[60000, 28, 28]` for MNIST training images. */
  shape: number[];
  /** `shape.reduce((a, b) => a * b)` unsigned bytes, row-major (C order). */
  data: Uint8Array;
}

/** Options of the IDX readers. */
export interface IdxReadOptions {
  /**
   * Number of dimensions the file must have: 3 for images `[N, H, W]`, 1 for labels `[N]`.
   * Any count is accepted when left out.
   */
  ndim?: number;
  /** Name used in error messages (defaults to the path, or `"IDX data"` for buffers). */
  source?: string;
}

// IDX element types (third magic byte); only unsigned bytes are image/label data.
const IDX_TYPES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

const hex = (v: number, width: number): string => `0x${v.toString(16).padStart(width, '0')}`;

function describeNdim(ndim: number): string {
  if (ndim === 3) return '3 (images [N, H, W], magic 0x00000803)';
  if (ndim === 1) return '1 (labels [N], magic 0x00000801)';
  return `${ndim} (magic ${hex(0x800 + ndim, 8)})`;
}

/**
 * Parses an IDX file (the format of MNIST, Fashion-MNIST and KMNIST) already in memory.
 * Gzipped data is not accepted here: use {@link readIdxFile}, which decompresses.
 *
 * The header is two zero bytes, the element type (`0x08` = unsigned byte), the number of
 * dimensions, then each dimension as a big-endian uint32; the data follows. Magic number,
 * element type, dimension count and data length are all checked, and a mismatch throws an
 * error naming the source and what was expected.
 *
 * @example
 * ```ts
 * const { shape, data } = parseIdx(bytes, { ndim: 3, source: 'train-images-idx3-ubyte' });
 * // shape = [60000, 28, 28]; pixel (y, x) of image n is data[(n * 28 + y) * 28 + x]
 * ```
 */
export function parseIdx(bytes: Uint8Array, options: IdxReadOptions = {}): IdxArray {
  const source = options.source ?? 'IDX data';
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };
  if (bytes.length < 4) fail(`too short to be an IDX file (${bytes.length} bytes; the header alone is at least 8)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const type = bytes[2]!;
  const ndim = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(
      `not an IDX file: magic number ${hex(magic, 8)}, expected 0x00000803 (images) or 0x00000801 (labels)` +
        (bytes[0] === 0x1f && bytes[1] === 0x8b ? ' (the data is gzipped)' : ''),
    );
  }
  if (type !== 0x08) {
    const name = IDX_TYPES[type];
    fail(
      `element type ${hex(type, 2)} (${name ?? 'unknown'}) in magic number ${hex(magic, 8)}, ` +
        'expected 0x08 (unsigned byte)',
    );
  }
  if (options.ndim !== undefined && ndim !== options.ndim) {
    fail(`has ${ndim} dimension${ndim === 1 ? '' : 's'} (magic ${hex(magic, 8)}), expected ${describeNdim(options.ndim)}`);
  }
  if (ndim === 0) fail(`has 0 dimensions (magic ${hex(magic, 8)})`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    fail(`truncated header: ${ndim} dimensions need ${headerBytes} header bytes but the file has ${bytes.length}`);
  }
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    count *= d;
  }
  const available = bytes.length - headerBytes;
  if (available !== count) {
    const what = `header says shape [${shape.join(', ')}] = ${count} bytes of data`;
    if (available < count) fail(`truncated: ${what} but only ${available} follow the header`);
    fail(`${what} but ${available} follow the header (${available - count} extra bytes)`);
  }
  // a plain Uint8Array view (Node's Buffer.subarray would return a Buffer)
  return { shape, data: new Uint8Array(bytes.buffer, bytes.byteOffset + headerBytes, count) };
}

/**
 * Reads an IDX file, gzipped or not (recognised by its first bytes, not its name).
 *
 * @example
 * ```ts
 * const images = await readIdxFile('data/FashionMNIST/raw/train-images-idx3-ubyte.gz', { ndim: 3 });
 * images.shape; // [60000, 28, 28]
 * ```
 */
export async function readIdxFile(path: string, options: IdxReadOptions = {}): Promise<IdxArray> {
  const source = options.source ?? path;
  const raw = await readFile(path);
  return parseIdx(await gunzipIfNeeded(raw, source), { ...options, source });
}

/** Synchronous {@link readIdxFile}. */
export function readIdxFileSync(path: string, options: IdxReadOptions = {}): IdxArray {
  const source = options.source ?? path;
  return parseIdx(gunzipIfNeededSync(readFileSync(path), source), { ...options, source });
}

/** Reads an IDX image file: unsigned bytes of shape `[N, H, W]` (torchvision's `read_image_file`). */
export function readIdxImages(path: string): Promise<IdxArray> {
  return readIdxFile(path, { ndim: 3 });
}

/** Reads an IDX label file: unsigned bytes of shape `[N]` (torchvision's `read_label_file`). */
export function readIdxLabels(path: string): Promise<IdxArray> {
  return readIdxFile(path, { ndim: 1 });
}
