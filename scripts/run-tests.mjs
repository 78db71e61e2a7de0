#!/usr/bin/env node
// Runs the whole vitest suite and ends with the plain "N passed, N failed, N skipped" line CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(mkdtempSync(join(tmpdir(), 'torchts-vitest-')), 'report.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const run = spawnSync('pnpm', ['exec', ...args], { stdio: 'inherit' });
let passed = 0, failed = 0, skipped = 0;
try {
  const report = JSON.parse(readFileSync(out, 'utf8'));
  passed = report.numPassedTests;
  // A test file that failed without a failing test (an import or setup error) counts as one failure.
  failed = report.numFailedTests + countFilesFailedOutsideTests(report);
  skipped = report.numPendingTests + report.numTodoTests;
} catch (err) {
  console.error(`could not read the vitest report: ${err.message}`);
  failed = Math.max(failed, 1);
}
function countFilesFailedOutsideTests(report) {
  return report.testResults.filter((s) => s.status === 'failed' && !s.assertionResults.some((a) => a.status === 'failed')).length;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
