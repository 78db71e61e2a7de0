import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Compose, Normalize, ToTensor, RawImage } from '@torchts/data';
import { decodeFromWorker, encodeForWorker } from '../../../../src/utils/data/worker/serialize.js';
import { freshTensors } from '../../../../src/utils/data/collate.js';

describe('worker serialization', () => {
  it('sends tensors as typed arrays, transferring only buffers nothing else uses', async () => {
    const fresh = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3);
    freshTensors.add(fresh);
    const shared = torch.arange(8, { dtype: torch.float32 }).narrow(0, 2, 3);
    const transfer: ArrayBuffer[] = [];
    const enc = encodeForWorker({ a: fresh, b: [shared, 1, 'x'], d: torch.int64 }, { transfer, fresh: freshTensors });
    expect(transfer).toHaveLength(2);
    expect(shared.tolist()).toEqual([2, 3, 4]); // not detached: its values were copied first
    const back = (await decodeFromWorker(structuredClone(enc, { transfer }))) as { a: torch.Tensor; b: [torch.Tensor, number, string]; d: torch.DType };
    expect(back.a.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(back.b[0].tolist()).toEqual([2, 3, 4]);
    expect(back.b.slice(1)).toEqual([1, 'x']);
    expect(back.d).toBe(torch.int64);
  });

  it('rebuilds objects from their workerSpec', async () => {
    const t = new Compose([new ToTensor(), new Normalize([0.5], [0.25])]);
    const rebuilt = (await decodeFromWorker(structuredClone(encodeForWorker(t)))) as Compose;
    expect(rebuilt).not.toBe(t);
    expect(String(rebuilt)).toBe(String(t));
    const img = new RawImage(new Uint8Array([0, 255]), 2, 1);
    expect(Array.from((rebuilt(img) as torch.Tensor).toTypedArray())).toEqual([-2, 2]);
  });

  it('names what cannot cross', () => {
    expect(() => encodeForWorker({ f: () => 1 }, {}, 'dataset')).toThrow('dataset.f is the function f, which cannot be sent to a worker thread');
    class Opaque {}
    expect(() => encodeForWorker([new Opaque()], {}, 'x')).toThrow('x[0] is an instance of Opaque without a workerSpec()');
  });
});
