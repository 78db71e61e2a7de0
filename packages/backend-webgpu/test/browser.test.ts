/**
 * The browser test: a page bundled with esbuild from core and backend-webgpu trains a small
 * model on WebGPU in headless chromium (Debian's, driven by playwright-core, page served from
 * 127.0.0.1), and the test reads the losses it reports. Skipped when chromium is not installed.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const reason = haveChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install -y chromium)`;

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..', '..');

/** The page's script: core and backend-webgpu from their sources, bundled for browsers. */
async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(here, 'browser', 'page.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    alias: { '@torchts/core': join(root, 'packages', 'core', 'src', 'index.ts') },
    // Dawn for Node: never loaded in a browser (navigator.gpu is used there).
    external: ['webgpu'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

interface PageResult {
  error?: string;
  losses: number[];
  memory: number[];
  syncRead: string;
  adapter: { vendor: string; architecture: string; backend: string };
}

describe(`webgpu in headless chromium${reason}`, () => {
  (haveChromium ? it : it.skip)('a page trains a model and reports a falling loss', async () => {
    const script = await bundle();
    const server = createServer((req, res) => {
      if (req.url === '/page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(script);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body><script type="module" src="/page.js"></script></body></html>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const profile = mkdtempSync(join(tmpdir(), 'torchts-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 45_000 });
      const r = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as PageResult;
      const report = JSON.stringify(r);
      expect(r.error, report).toBeUndefined();
      expect(r.adapter.backend, report).toBe('browser');
      expect(r.losses.length, report).toBe(7);
      expect(r.losses[6], report).toBeLessThan(r.losses[0]! * 0.5);
      expect(new Set(r.memory).size, report).toBe(1);
      expect(r.syncRead, report).toMatch(/itemAsync/);
    } finally {
      await context.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
