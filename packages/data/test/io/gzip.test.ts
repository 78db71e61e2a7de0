import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { gunzipIfNeeded, gunzipIfNeededSync, isGzip } from '@torchts/data';

const text = new TextEncoder().encode('the quick brown fox '.repeat(1000));

describe('gzip detection and decompression', () => {
  it('recognises gzip by its magic bytes', () => {
    expect(isGzip(gzipSync(text))).toBe(true);
    expect(isGzip(text)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('decompresses gzip and passes other data through untouched', async () => {
    expect(new Uint8Array(await gunzipIfNeeded(gzipSync(text), 'a.gz'))).toEqual(text);
    expect(new Uint8Array(gunzipIfNeededSync(gzipSync(text), 'a.gz'))).toEqual(text);
    expect(await gunzipIfNeeded(text, 'a')).toBe(text);
  });

  it('names the file when the data is corrupt', async () => {
    const gz = gzipSync(text);
    const cut = gz.subarray(0, gz.length >> 1);
    await expect(gunzipIfNeeded(cut, 'x.gz')).rejects.toThrow(/^x.gz: could not decompress gzip data/);
    expect(() => gunzipIfNeededSync(cut, 'x.gz')).toThrow(/^x.gz: could not decompress gzip data/);
  });
});
