import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { expectTensor } from '../golden.js';
import { nn } from '../nn.js';
import { fixtureBytes, pth } from './fixtures.js';

describe('safetensors', () => {
  test('reads a file written to the spec by Python (every dtype, metadata)', () => {
    const { tensors, metadata } = nn.decodeSafetensors(fixtureBytes('python.safetensors'));
    expect(metadata).toEqual({ format: 'pt', source: 'gen_pth.py' });
    expect(tensors.map(([k]) => k)).toEqual(Object.keys(pth.safetensors));
    for (const [k, t] of tensors) expectTensor(t, pth.safetensors[k]!, {}, k);
  });

  test('reads bfloat16 ("BF16") written by Python as bfloat16', () => {
    const { tensors } = nn.decodeSafetensors(fixtureBytes('python-bf16.safetensors'));
    expect(tensors.map(([k]) => k)).toEqual(Object.keys(pth.bf16Safetensors));
    for (const [k, t] of tensors) expectTensor(t, pth.bf16Safetensors[k]!, {}, k);
    // Written back, the bytes are Python's (same header order, same 16-bit patterns).
    const again = nn.encodeSafetensors(tensors, { format: 'pt', source: 'gen_pth.py' });
    const original = fixtureBytes('python-bf16.safetensors');
    const dataOf = (b: Uint8Array) => b.slice(8 + Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true)));
    expect(Array.from(dataOf(again))).toEqual(Array.from(dataOf(original)));
  });

  test('round-trips every dtype bit for bit', () => {
    const ts: [string, torch.Tensor][] = [
      ['f32', torch.tensor([1.5, -0, Infinity, NaN])],
      ['f64', torch.tensor([Math.PI, 1e-300], { dtype: torch.float64 })],
      ['f16', torch.tensor([0.1, 65504, -6e-8], { dtype: torch.float16 })],
      ['bf16', torch.tensor([0.1, 3.39e38, -1e-39, -0, Infinity, NaN], { dtype: torch.bfloat16 })],
      ['i64', torch.tensor([2 ** 52, -(2 ** 40), 0])],
      ['i32', torch.tensor([-(2 ** 31)], { dtype: torch.int32 })],
      ['i16', torch.tensor([-300], { dtype: torch.int16 })],
      ['i8', torch.tensor([-128], { dtype: torch.int8 })],
      ['u8', torch.tensor([255], { dtype: torch.uint8 })],
      ['b', torch.tensor([true, false])],
      ['empty', torch.zeros(0, 3)],
      ['scalar', torch.tensor(2.5)],
      ['strided', torch.arange(6).view(2, 3).t()],
    ];
    const bytes = nn.encodeSafetensors(ts, { note: 'x' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const back = nn.decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ note: 'x' });
    expect(back.tensors.map(([k]) => k)).toEqual(ts.map(([k]) => k));
    back.tensors.forEach(([k, t], i) => {
      const src = ts[i]![1];
      expect(t.dtype, k).toBe(src.dtype);
      expect([...t.shape], k).toEqual([...src.shape]);
      expect(Array.from(t.toTypedArray()), k).toEqual(Array.from(src.toTypedArray()));
    });
  });

  test('corrupt and truncated files give clear errors', () => {
    const good = nn.encodeSafetensors([['w', torch.ones(4)]]);
    expect(() => nn.decodeSafetensors(good.slice(0, 5))).toThrow('not a safetensors file: 5 bytes is too short for a header');
    expect(() => nn.decodeSafetensors(good.slice(0, good.length - 4))).toThrow(/truncated safetensors file: tensor 'w' ends at byte 16/);
    expect(() => nn.decodeSafetensors(good.slice(0, 20))).toThrow(/truncated safetensors file: the header needs/);
    const badJson = good.slice();
    badJson[9] = 0x7b;
    badJson[10] = 0x7b;
    expect(() => nn.decodeSafetensors(badJson)).toThrow(/the header is not valid JSON/);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => nn.decodeSafetensors(huge)).toThrow(/header length \d+ is too large/);
    const text = new TextEncoder().encode('{"w":{"dtype":"F99","shape":[1],"data_offsets":[0,4]}}');
    const bad = new Uint8Array(8 + text.length + 4);
    new DataView(bad.buffer).setBigUint64(0, BigInt(text.length), true);
    bad.set(text, 8);
    expect(() => nn.decodeSafetensors(bad)).toThrow("unsupported or invalid dtype 'F99' for tensor 'w'");
  });
});
