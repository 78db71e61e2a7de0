// saveImage writes the bytes torchvision's save_image computes (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { makeGrid, saveImage } from '@torchts/data';
import { gridCase, vision, type GridCase } from '../helpers.js';

describe('saveImage', () => {
  it.each((vision.makeGrid as { name: string; saved: number[] }[]).map((c) => [c.name, c] as const))(
    'writes a PNG of the grid %s with torchvision bytes',
    (_, c) => {
      const dir = mkdtempSync(join(tmpdir(), 'torchts-save-'));
      try {
        const [input, opts] = gridCase(c as GridCase);
        const path = join(dir, 'grid.png');
        saveImage(input, path, opts);
        const png = decode(readFileSync(path));
        const grid = makeGrid(input, opts);
        expect([png.height, png.width, png.channels]).toEqual([grid.shape[1], grid.shape[2], 3]);
        expect(Array.from(png.data)).toEqual(c.saved);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
