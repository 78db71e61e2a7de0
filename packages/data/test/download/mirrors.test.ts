import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadWithMirrors } from '@torchts/data';
import { closedPortUrl, startServer, type TestServer } from './http-server.js';

const good = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 31) % 256);
const corrupt = good.slice();
corrupt[1234] ^= 0xff;
const md5 = createHash('md5').update(good).digest('hex');

let server: TestServer;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'torchts-mirrors-'));
  server = await startServer({
    '/good/file.gz': { body: good },
    '/corrupt/file.gz': { body: corrupt },
    '/flaky/file.gz': { body: good, failTimes: 1 },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function fresh(name: string): { dir: string; log: string[]; opts: { progress: false; log: (m: string) => void } } {
  const log: string[] = [];
  return { dir: join(root, name), log, opts: { progress: false, log: (m) => log.push(m) } };
}

describe('downloadWithMirrors', () => {
  it('skips a corrupt mirror (MD5 mismatch) and takes the next', async () => {
    const { dir, log, opts } = fresh('corrupt-then-good');
    const path = await downloadWithMirrors([`${server.url}/corrupt/`, `${server.url}/good/`], 'file.gz', dir, md5, opts);
    expect(path).toBe(join(dir, 'file.gz'));
    expect(new Uint8Array(readFileSync(path))).toEqual(good);
    expect(log.join('\n')).toMatch(/Failed to download \(trying next\):\n.*corrupt\/file.gz is corrupt: MD5/);
  });

  it('skips a 404 and an unreachable mirror (mirror URLs with or without a trailing slash)', async () => {
    const { dir, opts } = fresh('404-then-good');
    const dead = await closedPortUrl();
    const path = await downloadWithMirrors(
      [`${server.url}/nowhere`, dead, `${server.url}/good`],
      'file.gz',
      dir,
      md5,
      opts,
    );
    expect(new Uint8Array(readFileSync(path))).toEqual(good);
    expect(server.hits.get('/nowhere/file.gz')).toBeGreaterThan(0);
  });

  it('lists every failure when all mirrors fail', async () => {
    const { dir, opts } = fresh('all-fail');
    const p = downloadWithMirrors([`${server.url}/corrupt/`, `${server.url}/nowhere/`], 'file.gz', dir, md5, opts);
    await expect(p).rejects.toThrow(
      new RegExp(
        `Error downloading file.gz: every mirror failed:\\n  ${server.url}/corrupt/file.gz: .*corrupt.*\\n  ${server.url}/nowhere/file.gz: .*HTTP 404`,
      ),
    );
  });

  it('does not download a file that is already there and verified', async () => {
    const { dir, log, opts } = fresh('cached');
    await downloadWithMirrors([`${server.url}/good/`], 'file.gz', dir, md5, opts);
    const before = server.hits.get('/good/file.gz');
    await downloadWithMirrors([`${server.url}/good/`], 'file.gz', dir, md5, opts);
    expect(server.hits.get('/good/file.gz')).toBe(before);
    expect(log.at(-1)).toBe(`Using downloaded and verified file: ${join(dir, 'file.gz')}`);
  });

  it('replaces a file that is there but corrupt', async () => {
    const { dir, opts } = fresh('replace');
    await downloadWithMirrors([`${server.url}/good/`], 'file.gz', dir, md5, opts);
    writeFileSync(join(dir, 'file.gz'), corrupt);
    await downloadWithMirrors([`${server.url}/good/`], 'file.gz', dir, md5, opts);
    expect(new Uint8Array(readFileSync(join(dir, 'file.gz')))).toEqual(good);
  });

  it('retries a mirror after HTTP 5xx when asked', async () => {
    const { dir, log, opts } = fresh('retry');
    await downloadWithMirrors([`${server.url}/flaky/`], 'file.gz', dir, md5, { ...opts, retries: 1 });
    expect(server.hits.get('/flaky/file.gz')).toBe(2);
    expect(log.join('\n')).toContain('Failed to download (retrying)');
  });
});
