import '../setup.js';
import { describe, expect, test } from 'vitest';
import { loadFixture } from '../golden.js';
import { PyDict, unpickle, type PyCallable } from '../../src/serialization/pickle.js';
import { SerializationError } from '../../src/serialization/safetensors.js';

const { pickles } = loadFixture<{ pickles: Record<string, string> }>('pth.json');

const hex = (h: string): Uint8Array => new Uint8Array(h.match(/../g)!.map((b) => parseInt(b, 16)));

const findClass = (module: string, name: string): PyCallable => {
  if (module === 'collections' && name === 'OrderedDict') {
    return { call: (args) => new PyDict((args[0] as [unknown, unknown][] | undefined) ?? []) };
  }
  if (module === '_codecs' && name === 'encode') {
    return { call: (args) => Uint8Array.from(String(args[0]), (c) => c.charCodeAt(0)) };
  }
  if (module === 'builtins' && name === 'set') return { call: (args) => new Set(args[0] as unknown[]) };
  throw new SerializationError(`forbidden ${module}.${name}`);
};

describe('unpickle (the subset state dicts use)', () => {
  for (const [protocol, data] of Object.entries(pickles)) {
    test(`Python's pickle, ${protocol}`, () => {
      const v = unpickle(hex(data), { findClass }) as PyDict;
      const a = v.get('a') as unknown[];
      expect(a.slice(0, 11)).toEqual([1, -2, 2 ** 40, -(2 ** 30), 2.5, 'é', null, true, false, [1, 2], []]);
      expect(Array.from(a[11] as Uint8Array)).toEqual([1, 2]);
      expect([...(v.get('od') as PyDict)]).toEqual([['x', 1], ['y', []]]);
      expect(v.get('set')).toEqual(new Set([3]));
      expect(((v.get('nested') as PyDict).get('k') as PyDict).get('deep')).toEqual([[]]);
    });
  }
  test('globals go through findClass (which may refuse them)', () => {
    // PROTO 2, GLOBAL 'os system', STOP
    const evil = new Uint8Array([0x80, 0x02, 0x63, ...new TextEncoder().encode('os\nsystem\n'), 0x2e]);
    expect(() => unpickle(evil, { findClass })).toThrow('forbidden os.system');
  });
  test('truncated data is a clear error', () => {
    const data = hex(pickles['protocol 2']!);
    expect(() => unpickle(data.slice(0, 20), { findClass })).toThrow(SerializationError);
  });
});
