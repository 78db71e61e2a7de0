import '../setup.js';
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { decode } from 'fast-png';
import { RawImage } from '@torchts/data';

describe('RawImage', () => {
  it("has PIL's mode and size and prints like a PIL image", () => {
    const img = new RawImage(new Uint8Array(6 * 4 * 3), 6, 4, 3);
    expect([img.mode, img.size]).toEqual(['RGB', [6, 4]]);
    expect(inspect(img)).toBe('<RawImage mode=RGB size=6x4>');
  });

  it('encodes to PNG', () => {
    const png = decode(new RawImage(new Uint8Array([1, 2, 3, 4]), 2, 2, 1).toPng());
    expect([png.width, png.height, png.channels, Array.from(png.data)]).toEqual([2, 2, 1, [1, 2, 3, 4]]);
  });

  it('checks its size', () => {
    expect(() => new RawImage(new Uint8Array(5), 2, 2, 1)).toThrow('a 2x2 image with 1 channel needs 4 bytes, got 5');
    expect(() => new RawImage(new Uint8Array(5), 5, 1, 5)).toThrow('channels must be 1, 2, 3 or 4');
  });
});
