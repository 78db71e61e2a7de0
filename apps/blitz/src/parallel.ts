/**
 * Chapter 5 of the blitz, "Data parallelism": a model that prints the size of what it gets,
 * run on a dataset of random vectors. `nn.DataParallel` (package @torchts/parallel) is not
 * released yet, so the model runs on one device, and the chapter says so.
 */
import * as torch from 'torchts';

const { nn } = torch;
const { DataLoader, Dataset } = torch.utils.data;

const inputSize = 5, outputSize = 2, batchSize = 30, dataSize = 100;

/** A dataset of `length` random vectors of `size` elements. */
class RandomDataset extends Dataset<torch.Tensor> {
  readonly data: torch.Tensor;
  constructor(size: number, readonly length: number) {
    super();
    this.data = torch.randn(length, size);
  }
  getItem(index: number): torch.Tensor {
    return this.data.index(index);
  }
}

class Model extends nn.Module {
  fc = new nn.Linear(inputSize, outputSize);
  override forward(input: torch.Tensor): torch.Tensor {
    const output = this.fc(input);
    console.log('\tIn Model: input size', input.size(), 'output size', output.size());
    return output;
  }
}

export async function parallelChapter(): Promise<void> {
  torch.manualSeed(0);
  const device = torch.cuda.isAvailable() ? 'cuda:0' : 'cpu';
  const loader = new DataLoader(new RandomDataset(inputSize, dataSize), { batchSize, shuffle: true });
  const model = new Model();
  const devices = torch.cuda.isAvailable() ? torch.cuda.deviceCount() : 1;
  if (devices > 1) console.log(`Let's use ${devices} GPUs! (nn.DataParallel is not released yet: using one)`);
  else console.log('one device: nn.DataParallel would not split the batch here (and @torchts/parallel is not released yet)');
  model.to(device);
  for await (const input of loader) {
    const x = (input as torch.Tensor).to(device);
    const output = model(x);
    console.log('Outside: input size', x.size(), 'output_size', output.size());
  }
}
