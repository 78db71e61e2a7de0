// The modules the goldens describe (fixtures/gen_modules.py builds the same in PyTorch).
import * as torch from '@torchts/core';
import { nn } from './nn.js';

const { F } = nn;

/** The LeNet of the 60-minute blitz. */
export class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  override forward(x: torch.Tensor): torch.Tensor {
    x = F.maxPool2d(F.relu(this.conv1(x)), [2, 2]);
    x = F.maxPool2d(F.relu(this.conv2(x)), 2);
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

/** Containers, buffers (persistent or not) and a direct parameter, registered in the constructor. */
export class Nested extends nn.Module {
  features: nn.Sequential;
  blocks: nn.ModuleList;
  heads: nn.ModuleDict;
  scale: nn.Parameter;
  declare step: torch.Tensor;
  declare cache: torch.Tensor;
  constructor() {
    super();
    this.features = new nn.Sequential(
      new nn.Conv2d(3, 8, 3, { padding: 1 }), new nn.BatchNorm2d(8), new nn.ReLU(true), new nn.MaxPool2d(2),
    );
    this.blocks = new nn.ModuleList(Array.from({ length: 2 }, () => new nn.Linear(8, 8)));
    this.heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
    this.scale = new nn.Parameter(torch.ones(1));
    this.registerBuffer('step', torch.zeros([], { dtype: torch.int64 }));
    this.registerBuffer('cache', torch.zeros(2), false);
  }
}

/** Every module of gen_modules.py's MODULES, by the same name. */
export const MODULES: Record<string, () => nn.Module> = {
  'Identity()': () => new nn.Identity(),
  'Linear(20,30)': () => new nn.Linear(20, 30),
  'Linear(4,2,bias=False)': () => new nn.Linear(4, 2, { bias: false }),
  'Bilinear(3,4,5)': () => new nn.Bilinear(3, 4, 5),
  'Conv2d(1,6,5)': () => new nn.Conv2d(1, 6, 5),
  'Conv2d(16,33,(3,5),stride=(2,1),padding=(4,2),dilation=(3,1))': () =>
    new nn.Conv2d(16, 33, [3, 5], { stride: [2, 1], padding: [4, 2], dilation: [3, 1] }),
  'Conv2d(4,4,3,padding=1,groups=2,bias=False,padding_mode=reflect)': () =>
    new nn.Conv2d(4, 4, 3, { padding: 1, groups: 2, bias: false, paddingMode: 'reflect' }),
  "Conv2d(3,8,3,padding='same')": () => new nn.Conv2d(3, 8, 3, { padding: 'same' }),
  'Conv1d(16,33,3,stride=2)': () => new nn.Conv1d(16, 33, 3, 2),
  'ConvTranspose2d(16,33,3,stride=2,output_padding=1)': () => new nn.ConvTranspose2d(16, 33, 3, { stride: 2, outputPadding: 1 }),
  'ConvTranspose1d(4,2,3)': () => new nn.ConvTranspose1d(4, 2, 3),
  'MaxPool2d(2,2)': () => new nn.MaxPool2d(2, 2),
  'MaxPool2d((3,2),stride=(2,1))': () => new nn.MaxPool2d([3, 2], [2, 1]),
  'MaxPool2d(3,padding=1,ceil_mode=True)': () => new nn.MaxPool2d(3, { padding: 1, ceilMode: true }),
  'MaxPool1d(3,stride=2)': () => new nn.MaxPool1d(3, 2),
  'AvgPool2d(3,stride=2)': () => new nn.AvgPool2d(3, 2),
  'AvgPool1d(3,stride=2)': () => new nn.AvgPool1d(3, 2),
  'AdaptiveAvgPool2d((5,7))': () => new nn.AdaptiveAvgPool2d([5, 7]),
  'AdaptiveAvgPool2d(1)': () => new nn.AdaptiveAvgPool2d(1),
  'AdaptiveAvgPool2d((None,7))': () => new nn.AdaptiveAvgPool2d([null, 7]),
  'AdaptiveAvgPool1d(5)': () => new nn.AdaptiveAvgPool1d(5),
  'BatchNorm2d(6)': () => new nn.BatchNorm2d(6),
  'BatchNorm1d(100,momentum=None,affine=False)': () => new nn.BatchNorm1d(100, { momentum: null, affine: false }),
  'BatchNorm2d(3,eps=0.001,track_running_stats=False)': () => new nn.BatchNorm2d(3, { eps: 0.001, trackRunningStats: false }),
  'LayerNorm(10)': () => new nn.LayerNorm(10),
  'LayerNorm([5,10,10],elementwise_affine=False)': () => new nn.LayerNorm([5, 10, 10], { elementwiseAffine: false }),
  'GroupNorm(3,6)': () => new nn.GroupNorm(3, 6),
  'GroupNorm(2,4,eps=1e-06,affine=False)': () => new nn.GroupNorm(2, 4, { eps: 1e-6, affine: false }),
  'Dropout()': () => new nn.Dropout(),
  'Dropout(p=0.2)': () => new nn.Dropout({ p: 0.2 }),
  'Dropout(0.3,inplace=True)': () => new nn.Dropout(0.3, true),
  'Dropout2d(0.2)': () => new nn.Dropout2d(0.2),
  'Dropout1d()': () => new nn.Dropout1d(),
  'Embedding(10,3)': () => new nn.Embedding(10, 3),
  'Embedding(10,3,padding_idx=0)': () => new nn.Embedding(10, 3, { paddingIdx: 0 }),
  'Embedding(10,3,max_norm=1.0,norm_type=1.0,scale_grad_by_freq=True)': () =>
    new nn.Embedding(10, 3, { maxNorm: 1.0, normType: 1.0, scaleGradByFreq: true }),
  'RNN(10,20,2)': () => new nn.RNN(10, 20, { numLayers: 2 }),
  'LSTM(10,20,batch_first=True,bidirectional=True)': () => new nn.LSTM(10, 20, { batchFirst: true, bidirectional: true }),
  'GRU(10,20,num_layers=3,dropout=0.5)': () => new nn.GRU(10, 20, { numLayers: 3, dropout: 0.5 }),
  "RNN(4,5,nonlinearity='relu',bias=False)": () => new nn.RNN(4, 5, { nonlinearity: 'relu', bias: false }),
  'RNNCell(4,5)': () => new nn.RNNCell(4, 5),
  "RNNCell(4,5,nonlinearity='relu')": () => new nn.RNNCell(4, 5, { nonlinearity: 'relu' }),
  'LSTMCell(4,5,bias=False)': () => new nn.LSTMCell(4, 5, { bias: false }),
  'GRUCell(4,5)': () => new nn.GRUCell(4, 5),
  'ReLU()': () => new nn.ReLU(),
  'ReLU(inplace=True)': () => new nn.ReLU(true),
  'ReLU6()': () => new nn.ReLU6(),
  'LeakyReLU()': () => new nn.LeakyReLU(),
  'LeakyReLU(0.2,inplace=True)': () => new nn.LeakyReLU(0.2, true),
  'ELU()': () => new nn.ELU(),
  'ELU(alpha=0.5)': () => new nn.ELU(0.5),
  'CELU()': () => new nn.CELU(),
  'SELU()': () => new nn.SELU(),
  'GELU()': () => new nn.GELU(),
  "GELU(approximate='tanh')": () => new nn.GELU('tanh'),
  'SiLU()': () => new nn.SiLU(),
  'Mish()': () => new nn.Mish(),
  'Sigmoid()': () => new nn.Sigmoid(),
  'Tanh()': () => new nn.Tanh(),
  'LogSigmoid()': () => new nn.LogSigmoid(),
  'Hardtanh()': () => new nn.Hardtanh(),
  'Hardtanh(-2.0,2.0)': () => new nn.Hardtanh(-2.0, 2.0),
  'Softplus()': () => new nn.Softplus(),
  'Softplus(beta=2,threshold=10)': () => new nn.Softplus(2, 10),
  'Softsign()': () => new nn.Softsign(),
  'Softshrink()': () => new nn.Softshrink(),
  'Hardshrink(0.3)': () => new nn.Hardshrink(0.3),
  'Tanhshrink()': () => new nn.Tanhshrink(),
  'Threshold(0.1,20)': () => new nn.Threshold(0.1, 20),
  'PReLU()': () => new nn.PReLU(),
  'PReLU(3)': () => new nn.PReLU(3),
  'GLU()': () => new nn.GLU(),
  'Hardsigmoid()': () => new nn.Hardsigmoid(),
  'Hardswish()': () => new nn.Hardswish(),
  'Softmax(dim=1)': () => new nn.Softmax(1),
  'Softmax()': () => new nn.Softmax(),
  'Softmin(dim=0)': () => new nn.Softmin(0),
  'LogSoftmax(dim=-1)': () => new nn.LogSoftmax(-1),
  'Flatten()': () => new nn.Flatten(),
  'Flatten(0,2)': () => new nn.Flatten(0, 2),
  'Unflatten(1,(2,5))': () => new nn.Unflatten(1, [2, 5]),
  'MSELoss()': () => new nn.MSELoss(),
  'L1Loss()': () => new nn.L1Loss(),
  'SmoothL1Loss()': () => new nn.SmoothL1Loss(),
  'HuberLoss()': () => new nn.HuberLoss(),
  'CrossEntropyLoss()': () => new nn.CrossEntropyLoss(),
  'NLLLoss()': () => new nn.NLLLoss(),
  'BCELoss()': () => new nn.BCELoss(),
  'BCEWithLogitsLoss()': () => new nn.BCEWithLogitsLoss(),
  'KLDivLoss()': () => new nn.KLDivLoss(),
  'Sequential(conv,relu,conv,relu)': () =>
    new nn.Sequential(new nn.Conv2d(1, 20, 5), new nn.ReLU(), new nn.Conv2d(20, 64, 5), new nn.ReLU()),
  'Sequential(OrderedDict)': () =>
    new nn.Sequential(new Map<string, nn.Module>([
      ['conv1', new nn.Conv2d(1, 20, 5)], ['relu1', new nn.ReLU()], ['conv2', new nn.Conv2d(20, 64, 5)],
    ])),
  'ModuleList(3xLinear)': () => new nn.ModuleList(Array.from({ length: 3 }, () => new nn.Linear(10, 10))),
  'ModuleDict(conv,pool)': () => new nn.ModuleDict({ conv: new nn.Conv2d(10, 10, 3), pool: new nn.MaxPool2d(3) }),
  'ParameterList(2)': () => new nn.ParameterList([new nn.Parameter(torch.randn(10, 10)), new nn.Parameter(torch.randn(3))]),
  'Net()': () => new Net(),
  'Nested()': () => new Nested(),
};
