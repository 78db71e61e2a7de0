import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { isNdArray, ndArrayToNumbers, unpickle, type NdArray } from '@torchts/data';

// Bytes written by Python 3.11's pickle + numpy 1.24 (test/fixtures/pickle/generate_pickles.py).
const pickles = JSON.parse(readFileSync(new URL('../fixtures/pickle/pickles.json', import.meta.url), 'utf8')) as Record<
  string,
  string
>;
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const fixture = (rel: string) => new Uint8Array(readFileSync(new URL(`../fixtures/cifar/${rel}`, import.meta.url)));

describe('unpickle', () => {
  for (const protocol of [2, 3, 4, 5]) {
    it(`reads plain Python values at protocol ${protocol}`, () => {
      const v = unpickle(hex(pickles[`plain_protocol${protocol}`]!)) as Map<unknown, unknown>;
      expect(v).toBeInstanceOf(Map);
      expect(v.get('ints')).toEqual([0, 1, -1, 255, 256, 65535, 65536, -(2 ** 31), 2 ** 31 - 1, 2 ** 40, -(2 ** 40)]);
      expect(v.get('big')).toBe(2n ** 70n);
      expect(v.get('floats')).toEqual([1.5, -0.25]);
      expect(v.get('none')).toBeNull();
      expect(v.get('flags')).toEqual([true, false]);
      expect(v.get('text')).toBe('h\u00e9llo \u2603');
      expect(v.get('raw')).toEqual(Uint8Array.from([0, 1, 0xfe, 0xff]));
      expect(v.get('tuple')).toEqual([1, 'a', [2]]);
      const shared = v.get('shared') as unknown[][];
      expect(shared).toEqual([[7, 8], [7, 8]]);
      expect(shared[0]).toBe(shared[1]); // memoised: one object, as in Python
      const nested = v.get('nested') as Map<unknown, unknown>;
      expect(nested.get(1)).toBe('one');
      expect(nested.get('two')).toEqual([2.0]);
    });

    it(`reads numpy arrays at protocol ${protocol}`, () => {
      const a = unpickle(hex(pickles[`int64_array_protocol${protocol}`]!)) as NdArray;
      expect(isNdArray(a)).toBe(true);
      expect(a.dtype).toBe('i8');
      expect(a.shape).toEqual([2, 3]);
      expect(ndArrayToNumbers(a)).toEqual([1, -2, 3, 4, 5, -6]);
      const f = unpickle(hex(pickles[`float32_array_be_protocol${protocol}`]!)) as NdArray;
      expect(f.byteOrder).toBe('>');
      expect(ndArrayToNumbers(f)).toEqual([0.5, -1.0]);
    });
  }

  it('reads a Python 2 cPickle CIFAR batch: str keys, numpy data kept as bytes', () => {
    const batch = unpickle(fixture('cifar-10-batches-py/data_batch_1'), { source: 'data_batch_1' }) as Map<string, unknown>;
    expect([...batch.keys()].sort()).toEqual(['batch_label', 'data', 'filenames', 'labels']);
    expect(batch.get('batch_label')).toBe('training batch 1 of 5');
    const data = batch.get('data') as NdArray;
    expect(data.dtype).toBe('u1');
    expect(data.shape).toEqual([2, 3072]);
    expect(data.data).toBeInstanceOf(Uint8Array);
    expect(data.data.length).toBe(2 * 3072);
    expect(batch.get('filenames')).toEqual(['img_0_0.png', 'img_0_1.png']);
  });

  it('refuses globals other than numpy arrays (pickles can run code)', () => {
    // protocol 2: GLOBAL 'os system', STOP
    const evil = new Uint8Array(Buffer.from('\x80\x02cos\nsystem\nq\x00.', 'latin1'));
    expect(() => unpickle(evil, { source: 'evil.pkl' })).toThrow(/evil.pkl: refusing to load os.system/);
  });

  it('reports truncated data and unknown opcodes with the source name', () => {
    const full = fixture('cifar-10-batches-py/data_batch_1');
    expect(() => unpickle(full.subarray(0, 1000), { source: 'cut' })).toThrow(/cut: truncated pickle/);
    expect(() => unpickle(Uint8Array.from([0x80, 0x02, 0xff]), { source: 'x' })).toThrow(/x: unsupported pickle opcode 0xff/);
    expect(() => unpickle(Uint8Array.from([0x80, 0x09]), { source: 'p' })).toThrow(/p: pickle protocol 9/);
  });
});
