import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { encodePng } from '@torchts/data';

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Splits a PNG into chunks, checking the signature and every CRC (PNG spec, section 5). */
function chunks(png: Uint8Array): Chunk[] {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Chunk[] = [];
  for (let at = 8; at < png.length; ) {
    const len = view.getUint32(at);
    const typeAndData = png.subarray(at + 4, at + 8 + len);
    expect(view.getUint32(at + 8 + len)).toBe(crc32(typeAndData));
    out.push({ type: Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1'), data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

/** Decodes an 8-bit non-interlaced PNG by hand (filters 0-4), independently of the encoder. */
function decode(png: Uint8Array): { width: number; height: number; colorType: number; pixels: Uint8Array } {
  const cs = chunks(png);
  const ihdr = new DataView(cs[0]!.data.buffer, cs[0]!.data.byteOffset, 13);
  expect(cs[0]!.type).toBe('IHDR');
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  expect(ihdr.getUint8(8)).toBe(8); // bit depth
  expect(ihdr.getUint8(12)).toBe(0); // not interlaced
  const colorType = ihdr.getUint8(9);
  const channels = { 0: 1, 4: 2, 2: 3, 6: 4 }[colorType]!;
  expect(cs.at(-1)!.type).toBe('IEND');
  const raw = inflateSync(Buffer.concat(cs.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = (line[x]! + pred) & 0xff;
    }
  }
  return { width, height, colorType, pixels };
}

const image = (w: number, h: number, ch: number) => Uint8Array.from({ length: w * h * ch }, (_, i) => (i * 97 + (i >> 3)) % 256);

describe('encodePng', () => {
  for (const [channels, colorType] of [[1, 0], [2, 4], [3, 2], [4, 6]] as const) {
    it(`${channels} channel(s) -> PNG colour type ${colorType}, pixels intact`, () => {
      const data = image(7, 5, channels);
      const png = encodePng(data, 7, 5, channels);
      const d = decode(png);
      expect(d).toEqual({ width: 7, height: 5, colorType, pixels: data });
    });
  }

  it('is read back identically by Pillow, when available', (ctx) => {
    const py = '/usr/bin/python3';
    const probe = existsSync(py) ? spawnSync(py, ['-c', 'import PIL'], { encoding: 'utf8' }) : undefined;
    if (!probe || probe.status !== 0) return ctx.skip('Pillow not installed (/usr/bin/python3 with PIL)');
    const dir = mkdtempSync(join(tmpdir(), 'torchts-png-'));
    try {
      const data = image(32, 32, 3);
      const file = join(dir, 'x.png');
      writeFileSync(file, encodePng(data, 32, 32, 3));
      const r = spawnSync(py, ['-c', 'import sys; from PIL import Image; im = Image.open(sys.argv[1]); print(im.mode, im.size[0], im.size[1], im.tobytes().hex())', file], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      const [mode, w, h, hex] = r.stdout.trim().split(' ');
      expect([mode, w, h]).toEqual(['RGB', '32', '32']);
      expect(hex).toBe(Buffer.from(data).toString('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what size it expected', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2, 3)).toThrow(
      'encodePng: a 2x2 image with 3 channels needs 12 bytes (HWC order), got 10',
    );
    expect(() => encodePng(new Uint8Array(4), 2, 2, 5 as 3)).toThrow(/channels must be 1/);
    expect(() => encodePng(new Uint8Array(0), 0, 2, 1)).toThrow(/positive integers/);
  });
});
