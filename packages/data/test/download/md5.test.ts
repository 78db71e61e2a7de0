import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateMd5, checkIntegrity } from '@torchts/data';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'torchts-md5-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello');
  // larger than one 1 MiB read chunk
  writeFileSync(join(dir, 'big.bin'), Buffer.alloc(3 * 1024 * 1024 + 5, 'a'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MD5 checks', () => {
  it('computes MD5 like hashlib.md5 (RFC 1321 values)', async () => {
    // hashlib.md5(b"hello").hexdigest() and hashlib.md5(b"a" * (3 * 2**20 + 5)).hexdigest()
    expect(await calculateMd5(join(dir, 'hello.txt'))).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(await calculateMd5(join(dir, 'big.bin'))).toBe(BIG_MD5);
  });

  it('checkIntegrity: present and matching (case-insensitive), mismatching, missing, folder', async () => {
    expect(await checkIntegrity(join(dir, 'hello.txt'), '5D41402ABC4B2A76B9719D911017C592')).toBe(true);
    expect(await checkIntegrity(join(dir, 'hello.txt'))).toBe(true);
    expect(await checkIntegrity(join(dir, 'hello.txt'), '0'.repeat(32))).toBe(false);
    expect(await checkIntegrity(join(dir, 'absent'))).toBe(false);
    expect(await checkIntegrity(dir)).toBe(false);
  });
});

const BIG_MD5 = '902bc2de25c939532f3ac35ac514222a';
