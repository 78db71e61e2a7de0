// The remaining layer families: pooling, embedding, activation, linear, dropout, flatten, containers, losses.
import '../setup.js';
import { describe } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { runLayerCases } from './cases.js';

type Run = (m: any, d: Record<string, torch.Tensor>) => torch.Tensor | torch.Tensor[];
const one: Run = (m, d) => m(d.x);

describe('layer modules equal PyTorch', () => {
  runLayerCases({
    'MaxPool2d(2,return_indices=True)': { make: () => new nn.MaxPool2d(2, { returnIndices: true }), run: one },
    'Embedding(6,3,padding_idx=0)': { make: () => new nn.Embedding(6, 3, { paddingIdx: 0 }), run: (m, d) => m(d.i) },
    'PReLU(3)': { make: () => new nn.PReLU(3), run: one },
    'Softmax()(3-d)': { make: () => new nn.Softmax(), run: one },
    'Bilinear(3,4,2)': { make: () => new nn.Bilinear(3, 4, 2), run: (m, d) => m(d.a, d.b) },
    'Dropout(0.5)(eval)': { make: () => new nn.Dropout(0.5), run: one },
    'Dropout(0.5)': { make: () => new nn.Dropout(0.5), run: one },
    'Flatten()': { make: () => new nn.Flatten(), run: one },
    'Unflatten(1,(2,5))': { make: () => new nn.Unflatten(1, [2, 5]), run: one },
    'Sequential(Linear,ReLU,Linear)': {
      make: () => new nn.Sequential(new nn.Linear(4, 5), new nn.ReLU(), new nn.Linear(5, 2)), run: one,
    },
    'CrossEntropyLoss(weight,label_smoothing=0.1)': {
      make: () => new nn.CrossEntropyLoss({ weight: torch.tensor([1.0, 2.0, 0.5]), labelSmoothing: 0.1 }),
      run: (m, d) => m(d.x, d.t),
    },
    'BCEWithLogitsLoss(pos_weight)': {
      make: () => new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([2.0, 0.5]) }), run: (m, d) => m(d.x, d.t),
    },
  });
});
