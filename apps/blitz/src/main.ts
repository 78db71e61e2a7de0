#!/usr/bin/env node
/**
 * The 60-minute blitz, chapter by chapter: `pnpm blitz tensors`.
 */
import { chapters } from './chapters.js';

const name = process.argv[2] ?? 'tensors';
const chapter = chapters[name];
if (!chapter) {
  console.error(`usage: pnpm blitz <${Object.keys(chapters).join('|')}>`);
  process.exit(2);
}
await chapter();
