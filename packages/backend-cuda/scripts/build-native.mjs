#!/usr/bin/env node
// Builds the CUDA addon (build/Release/torchts_cuda.node) with cmake-js when nvcc is found, and
// records the outcome in build/build-info.json, which the backend reads to explain why it is
// unavailable. Without nvcc it prints how to build and succeeds, so that the package installs on
// machines without the CUDA toolkit.
//
//   node scripts/build-native.mjs            build (fails if nvcc is there but the build fails)
//   node scripts/build-native.mjs --install  the package's install script: never fails
//
// nvcc is looked for in $CUDACXX, $CUDA_HOME/bin, $CUDA_PATH/bin, /usr/local/cuda/bin, then PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(pkg, 'build');
const addon = join(buildDir, 'Release', 'torchts_cuda.node');
const installMode = process.argv.includes('--install');
const howTo =
  'install the CUDA toolkit (nvcc, CUDA 12 or 13) and CMake, then run ' +
  '`pnpm --filter @torchts/backend-cuda build:native` (or set CUDACXX to nvcc\'s path)';

function findNvcc() {
  const looked = [];
  const candidates = [];
  if (process.env.CUDACXX) candidates.push(process.env.CUDACXX);
  for (const v of ['CUDA_HOME', 'CUDA_PATH']) if (process.env[v]) candidates.push(join(process.env[v], 'bin', 'nvcc'));
  candidates.push('/usr/local/cuda/bin/nvcc');
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(join(dir, 'nvcc'));
  for (const c of candidates) {
    looked.push(c);
    if (existsSync(c)) return { nvcc: c, looked };
  }
  return { nvcc: null, looked };
}

function record(info) {
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(join(buildDir, 'build-info.json'), `${JSON.stringify({ ...info, date: new Date().toISOString() }, null, 2)}\n`);
}

function firstErrorLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /\berror:/i.test(l)) ?? lines.find((l) => /error/i.test(l)) ?? lines[lines.length - 1] ??
    'unknown error';
}

const { nvcc, looked } = findNvcc();
if (!nvcc) {
  const reason = `nvcc not found at install time: looked for ${looked.slice(0, 4).join(', ')} and nvcc on PATH; ${howTo}`;
  record({ built: false, reason });
  console.log(`@torchts/backend-cuda: not building the CUDA addon (${reason}).`);
  process.exit(0);
}

const require = createRequire(import.meta.url);
let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
} catch {
  const reason = `cmake-js is not installed (run pnpm install), so the addon could not be built; ${howTo}`;
  record({ built: false, reason, nvcc });
  console.error(`@torchts/backend-cuda: ${reason}`);
  process.exit(installMode ? 0 : 1);
}

const args = [cmakeJs, 'compile', '--directory', pkg, '--out', buildDir, '--config', 'Release',
  `--CDCMAKE_CUDA_COMPILER=${nvcc}`, '--parallel', String(Math.max(1, availableParallelism()))];
console.log(`@torchts/backend-cuda: building the CUDA addon with ${nvcc}`);
const run = spawnSync(process.execPath, args, { cwd: pkg, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
process.stdout.write(run.stdout ?? '');
process.stderr.write(run.stderr ?? '');
if (run.status === 0 && existsSync(addon)) {
  record({ built: true, nvcc, addon: 'build/Release/torchts_cuda.node' });
  process.exit(0);
}
const reason = `the CUDA addon failed to build at ${installMode ? 'install' : 'build'} time (${firstErrorLine(`${run.stderr}\n${run.stdout}`)}); ${howTo}`;
record({ built: false, reason, nvcc });
console.error(`@torchts/backend-cuda: ${reason}`);
process.exit(installMode ? 0 : 1);
