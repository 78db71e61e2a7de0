/**
 * Decoding image files into {@link RawImage}s: PNG (through `fast-png`) and binary PGM / PPM.
 * @module
 */
import { readFileSync } from 'node:fs';
import { convertIndexedToRgb, decode as decodePngData, hasPngSignature } from 'fast-png';
import { RawImage } from '../vision/raw-image.js';

function decodePng(bytes: Uint8Array, source: string): RawImage {
  let png;
  try {
    png = decodePngData(bytes);
  } catch (e) {
    throw new Error(`${source}: not a valid PNG file (${(e as Error).message})`);
  }
  const { width, height } = png;
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / (width * height);
    return new RawImage(Uint8Array.from(rgb), width, height, channels);
  }
  const channels = png.channels;
  const n = width * height * channels;
  const src = png.data;
  const out = new Uint8Array(n);
  if (png.depth === 16) {
    for (let i = 0; i < n; i++) out[i] = src[i]! >> 8;
  } else if (png.depth === 8) {
    out.set(src.subarray(0, n));
  } else {
    // 1, 2, 4 bits: scale the levels to 0..255 as PIL does for mode L
    const max = (1 << png.depth) - 1;
    for (let i = 0; i < n; i++) out[i] = Math.round((src[i]! * 255) / max);
  }
  return new RawImage(out, width, height, channels);
}

function decodePnm(bytes: Uint8Array, source: string): RawImage {
  // P5 (gray) / P6 (RGB), binary, maxval <= 255
  let pos = 2;
  const fields: number[] = [];
  while (fields.length < 3) {
    while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
    if (bytes[pos] === 0x23) {
      while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
      continue;
    }
    let s = '';
    while (pos < bytes.length && /\d/.test(String.fromCharCode(bytes[pos]!))) s += String.fromCharCode(bytes[pos++]!);
    if (s === '') throw new Error(`${source}: malformed PGM/PPM header`);
    fields.push(Number(s));
  }
  pos++; // the single whitespace after maxval
  const [width, height, maxval] = fields as [number, number, number];
  if (maxval > 255) throw new Error(`${source}: 16-bit PGM/PPM files are not supported`);
  const channels = bytes[1] === 0x36 ? 3 : 1;
  const n = width * height * channels;
  if (bytes.length - pos < n) throw new Error(`${source}: truncated (${bytes.length - pos} of ${n} pixel bytes)`);
  const out = Uint8Array.from(bytes.subarray(pos, pos + n));
  if (maxval !== 255) for (let i = 0; i < n; i++) out[i] = Math.round((out[i]! * 255) / maxval);
  return new RawImage(out, width, height, channels);
}

/**
 * Decodes an image file's bytes: PNG (8 or 16 bits, gray, RGB, alpha, palette) or binary
 * PGM / PPM. Other formats (JPEG, BMP, WebP, TIFF) need a decoder of your choice: pass a
 * `loader` to `ImageFolder`.
 */
export function decodeImage(bytes: Uint8Array, source = 'image'): RawImage {
  if (hasPngSignature(bytes)) return decodePng(bytes, source);
  if (bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x36)) return decodePnm(bytes, source);
  const kind = bytes[0] === 0xff && bytes[1] === 0xd8 ? 'JPEG' : bytes[0] === 0x42 && bytes[1] === 0x4d ? 'BMP' : 'this format';
  throw new Error(
    `${source}: cannot decode ${kind} here (PNG and binary PGM/PPM are built in); pass a loader that decodes it, ` +
      'e.g. new ImageFolder({ root, loader: (path) => myDecode(path) })',
  );
}

/** Converts to RGB as PIL's `convert('RGB')` (gray replicated, alpha dropped). */
export function toRgb(img: RawImage): RawImage {
  if (img.channels === 3) return img;
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    if (c <= 2) {
      const v = img.data[i * c]!;
      out[i * 3] = v; out[i * 3 + 1] = v; out[i * 3 + 2] = v;
    } else {
      out[i * 3] = img.data[i * c]!; out[i * 3 + 1] = img.data[i * c + 1]!; out[i * 3 + 2] = img.data[i * c + 2]!;
    }
  }
  return new RawImage(out, img.width, img.height, 3);
}

/** Reads and decodes an image file into RGB: torchvision's `default_loader` (`Image.open(path).convert('RGB')`). */
export function loadImage(path: string): RawImage {
  return toRgb(decodeImage(readFileSync(path), path));
}
