import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createProgressBar } from '@torchts/data';

function sink(isTTY: boolean): { stream: NodeJS.WritableStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  Object.assign(stream, { isTTY, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { stream, text: () => chunks.join('') };
}

describe('createProgressBar', () => {
  it('draws nothing on a non-TTY stream unless asked', () => {
    const out = sink(false);
    const bar = createProgressBar('file.gz', { stream: out.stream });
    bar.update(10, 100);
    bar.stop();
    expect(out.text()).toBe('');
  });

  it('draws label, percentage and sizes when enabled', () => {
    const out = sink(false);
    const bar = createProgressBar('train-images-idx3-ubyte.gz', { stream: out.stream, enabled: true });
    bar.update(13_200_000, 26_400_000);
    bar.update(26_400_000, 26_400_000);
    bar.stop();
    const text = out.text();
    expect(text).toContain('train-images-idx3-ubyte.gz');
    expect(text).toContain('100%');
    expect(text).toContain('26.4/26.4 MB');
  });

  it('shows bytes only when the size is unknown', () => {
    const out = sink(false);
    const bar = createProgressBar('x.bin', { stream: out.stream, enabled: true });
    bar.update(2_500_000, undefined);
    bar.stop();
    expect(out.text()).toMatch(/x.bin \| 2.5 MB \| [\d.]+ MB\/s/);
  });
});
