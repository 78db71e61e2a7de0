import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { runLayerCases } from './cases.js';

type State = torch.Tensor | [torch.Tensor, torch.Tensor];
const flat = ([o, h]: [torch.Tensor, State]): torch.Tensor[] => (Array.isArray(h) ? [o, ...h] : [o, h]);

describe('RNN, LSTM, GRU and cells equal PyTorch (outputs, states, every gradient)', () => {
  runLayerCases({
    'RNN(3,4,num_layers=2,bidirectional=True)': {
      make: () => new nn.RNN(3, 4, { numLayers: 2, bidirectional: true }),
      run: (m: nn.RNN, d) => flat(m(d.x!, d.h0!)),
    },
    "RNN(3,4,nonlinearity='relu',batch_first=True)": {
      make: () => new nn.RNN(3, 4, { nonlinearity: 'relu', batchFirst: true }),
      run: (m: nn.RNN, d) => flat(m(d.x!)),
    },
    'LSTM(3,4,num_layers=2)': { make: () => new nn.LSTM(3, 4, { numLayers: 2 }), run: (m: nn.LSTM, d) => flat(m(d.x!)) },
    'LSTM(3,4,batch_first=True,bidirectional=True)': {
      make: () => new nn.LSTM(3, 4, { batchFirst: true, bidirectional: true }),
      run: (m: nn.LSTM, d) => flat(m(d.x!, [d.h0!, d.c0!])),
    },
    'LSTM(3,4)(unbatched)': { make: () => new nn.LSTM(3, 4), run: (m: nn.LSTM, d) => flat(m(d.x!)) },
    'GRU(3,4,bidirectional=True)': { make: () => new nn.GRU(3, 4, { bidirectional: true }), run: (m: nn.GRU, d) => flat(m(d.x!)) },
    'GRU(3,4,num_layers=2,dropout=0.5)': {
      make: () => new nn.GRU(3, 4, { numLayers: 2, dropout: 0.5 }), run: (m: nn.GRU, d) => flat(m(d.x!)),
    },
    'GRU(3,4,num_layers=2,dropout=0.5)(eval)': {
      make: () => new nn.GRU(3, 4, { numLayers: 2, dropout: 0.5 }), run: (m: nn.GRU, d) => flat(m(d.x!)),
    },
    'RNNCell(3,4)': { make: () => new nn.RNNCell(3, 4), run: (m: nn.RNNCell, d) => m(d.x!, d.h!) },
    'LSTMCell(3,4)': { make: () => new nn.LSTMCell(3, 4), run: (m: nn.LSTMCell, d) => m(d.x!) },
    'GRUCell(3,4)': { make: () => new nn.GRUCell(3, 4), run: (m: nn.GRUCell, d) => m(d.x!, d.h!) },
  });
  test('bad shapes give PyTorch-like errors', () => {
    const rnn = new nn.LSTM(3, 4);
    expect(() => rnn(torch.zeros(5, 2, 7))).toThrow('input.size(-1) must be equal to input_size. Expected 3, got 7');
    expect(() => rnn(torch.zeros(5, 2, 3), [torch.zeros(1, 3, 4), torch.zeros(1, 3, 4)])).toThrow('Expected hidden size (1, 2, 4), got [1, 3, 4]');
  });
});
