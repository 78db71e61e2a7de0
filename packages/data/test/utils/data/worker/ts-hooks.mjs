// Module hooks that let DataLoader worker threads import this monorepo's TypeScript sources in
// tests: `@torchts/<pkg>` resolves to packages/<pkg>/src/index.ts (as vitest's aliases do),
// `./x.js` to `./x.ts` when only the .ts exists, and .ts files are transpiled with
// TypeScript's transpileModule (cached on disk, keyed by content, so workers start fast).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = new URL('../../../../../../', import.meta.url);
const cacheDir = join(tmpdir(), 'torchts-worker-ts-cache');
let ts;

export async function resolve(specifier, context, next) {
  const pkg = /^(@torchts\/[^/]+|torchts)$/.exec(specifier);
  if (pkg) {
    const name = specifier === 'torchts' ? 'torchts' : specifier.slice('@torchts/'.length);
    const url = new URL(`packages/${name}/src/index.ts`, repoRoot);
    if (existsSync(url)) return { url: url.href, shortCircuit: true };
  }
  if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts') && (specifier.startsWith('.') || specifier.startsWith('file:'))) {
    const js = new URL(specifier, context.parentURL);
    const tsUrl = new URL(js.href.replace(/\.js$/, '.ts'));
    if (!existsSync(js) && existsSync(tsUrl)) return { url: tsUrl.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha1').update(path).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  ts ??= (await import('typescript')).default;
  const out = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, useDefineForClassFields: true, sourceMap: false },
  }).outputText;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cached}.${process.pid}.tmp`, out);
    const { renameSync } = await import('node:fs');
    renameSync(`${cached}.${process.pid}.tmp`, cached);
  } catch {
    // a cache is only an optimisation
  }
  return { format: 'module', source: out, shortCircuit: true };
}
