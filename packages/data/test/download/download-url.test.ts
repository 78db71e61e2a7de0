import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError, downloadUrl } from '@torchts/data';
import { closedPortUrl, startServer, type TestServer } from './http-server.js';

const payload = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
const md5 = createHash('md5').update(payload).digest('hex');

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'torchts-dl-'));
  server = await startServer({
    '/good.bin': { body: payload },
    '/chunked.bin': { body: payload, chunked: true },
    '/cut.bin': { body: payload, cutAfter: 30_000 },
    '/stall.bin': { body: payload, stallAfter: 10_000 },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DownloadError);
    return err as DownloadError;
  }
  throw new Error('expected the download to fail');
}

describe('downloadUrl', () => {
  it('downloads, verifies the MD5 and reports progress', async () => {
    const dest = join(dir, 'sub', 'good.bin');
    const seen: [number, number | undefined][] = [];
    await downloadUrl(`${server.url}/good.bin`, dest, { md5, progress: false, onProgress: (r, t) => seen.push([r, t]) });
    expect(new Uint8Array(readFileSync(dest))).toEqual(payload);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(seen.at(-1)).toEqual([payload.length, payload.length]);
  });

  it('works without a Content-Length', async () => {
    const dest = join(dir, 'chunked.bin');
    let lastTotal: number | undefined = -1;
    await downloadUrl(`${server.url}/chunked.bin`, dest, { md5, progress: false, onProgress: (_r, t) => (lastTotal = t) });
    expect(new Uint8Array(readFileSync(dest))).toEqual(payload);
    expect(lastTotal).toBeUndefined();
  });

  it('deletes a download whose MD5 does not match', async () => {
    const dest = join(dir, 'corrupt.bin');
    const err = await failure(downloadUrl(`${server.url}/good.bin`, dest, { md5: '0'.repeat(32), progress: false }));
    expect(err.kind).toBe('md5');
    expect(err.message).toContain(`is corrupt: MD5 ${md5}, expected ${'0'.repeat(32)}`);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('reports HTTP errors with their status', async () => {
    const err = await failure(downloadUrl(`${server.url}/missing.bin`, join(dir, 'missing.bin'), { progress: false }));
    expect(err.kind).toBe('http');
    expect(err.status).toBe(404);
    expect(err.message).toMatch(/missing.bin: HTTP 404/);
    expect(existsSync(join(dir, 'missing.bin'))).toBe(false);
  });

  it('reports a connection cut mid-body and leaves no file', async () => {
    const dest = join(dir, 'cut.bin');
    const err = await failure(downloadUrl(`${server.url}/cut.bin`, dest, { progress: false }));
    expect(err.kind).toBe('network');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('gives up on a stalled transfer after idleTimeoutMs', async () => {
    const dest = join(dir, 'stall.bin');
    const err = await failure(downloadUrl(`${server.url}/stall.bin`, dest, { progress: false, idleTimeoutMs: 300 }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('no data for 300 ms');
    expect(existsSync(dest)).toBe(false);
  }, 10_000);

  it('reports an unreachable server', async () => {
    const url = `${await closedPortUrl()}/x.bin`;
    const err = await failure(downloadUrl(url, join(dir, 'x.bin'), { progress: false }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain(`could not fetch ${url}`);
  });
});
