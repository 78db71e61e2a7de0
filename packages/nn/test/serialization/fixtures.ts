// The checkpoints fixtures/gen_pth.py wrote with PyTorch, and their contents.
import { readFileSync } from 'node:fs';
import { loadFixture, type TensorSpec } from '../golden.js';

/** The bytes of `fixtures/<name>`. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
}

/** The path of `fixtures/<name>`. */
export function fixturePath(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).pathname;
}

export const pth = loadFixture<{
  mini: Record<string, TensorSpec>;
  mixed: Record<string, TensorSpec>;
  optimizer: { momentum_buffer: TensorSpec; param_groups: Record<string, unknown>[] };
  safetensors: Record<string, TensorSpec>;
  bf16: Record<string, TensorSpec>;
  bf16Safetensors: Record<string, TensorSpec>;
}>('pth.json');
