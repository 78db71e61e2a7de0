// The public surface: the namespaces the umbrella mounts, and (checked by tsc) the types users
// get from the tutorial's code.
import './setup.js';
import { describe, expect, it } from 'vitest';
import type * as torch from '@torchts/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor, utils, vision, type RawImage } from '@torchts/data';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

describe('types', () => {
  it('infers tensors through Compose, the dataset and the loader', () => {
    const transform = new Compose([new ToTensor(), new Normalize([0.5], [0.5])]);
    assertType<Equals<typeof transform, Compose<RawImage, torch.Tensor>>>();
    const make = () => new FashionMNIST({ root: './data', transform });
    type DS = ReturnType<typeof make>;
    assertType<Equals<ReturnType<DS['getItem']>, [torch.Tensor, number]>>();
    const loader = (ds: DS) => new DataLoader(ds, { batchSize: 4 });
    type Batch = ReturnType<typeof loader> extends AsyncIterable<infer B> ? B : never;
    assertType<Equals<Batch, [torch.Tensor, torch.Tensor]>>();
    expect(true).toBe(true);
  });
});

describe('namespaces', () => {
  it('mount torch.utils.data and torch.vision', () => {
    expect(utils.data.DataLoader).toBe(DataLoader);
    expect(vision.datasets.FashionMNIST).toBe(FashionMNIST);
    expect(vision.transforms.ToTensor).toBe(ToTensor);
    expect(typeof vision.utils.makeGrid).toBe('function');
    expect(typeof vision.transforms.functional.hflip).toBe('function');
  });
});
