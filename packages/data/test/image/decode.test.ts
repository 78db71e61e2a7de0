import { describe, expect, it } from 'vitest';
import { encode } from 'fast-png';
import { decodeImage } from '@torchts/data';

describe('decodeImage', () => {
  it('decodes 8- and 16-bit PNGs and binary PGM/PPM', () => {
    const png8 = encode({ width: 2, height: 1, data: new Uint8Array([0, 255, 10, 20, 30, 40]), channels: 3, depth: 8 });
    expect(Array.from(decodeImage(png8).data)).toEqual([0, 255, 10, 20, 30, 40]);
    const png16 = encode({ width: 2, height: 1, data: new Uint16Array([0x1234, 0xff00]), channels: 1, depth: 16 });
    const g = decodeImage(png16);
    expect([g.mode, Array.from(g.data)]).toEqual(['L', [0x12, 0xff]]);
    const ppm = new Uint8Array([...new TextEncoder().encode('P6 1 1 255\n'), 1, 2, 3]);
    expect([decodeImage(ppm).mode, Array.from(decodeImage(ppm).data)]).toEqual(['RGB', [1, 2, 3]]);
  });

  it('names formats it cannot decode', () => {
    expect(() => decodeImage(new Uint8Array([0x42, 0x4d, 0, 0]), 'x.bmp')).toThrow('x.bmp: cannot decode BMP here');
  });
});
