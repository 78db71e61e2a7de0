/** Test-set evaluation: accuracy overall, per class, and the confusion matrix. */
import * as torch from 'torchts';

/** What an evaluation found. */
export interface Evaluation {
  accuracy: number;
  perClass: { name: string; correct: number; total: number; accuracy: number }[];
  /** confusion[truth][predicted] counts. */
  confusion: number[][];
  loss: number;
}

type Batches = AsyncIterable<[torch.Tensor, torch.Tensor]>;

/** Runs the model over `loader` without recording gradients. */
export async function evaluate(model: torch.nn.Module, loader: Batches, classes: string[], device: string): Promise<Evaluation> {
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0, count = 0;
  model.eval();
  for await (const [images, labels] of loader) {
    const [predictedT, lossT] = torch.noGrad(() =>
      torch.tidy(() => {
        const x = images.to(device), y = labels.to(device);
        const out = model(x) as torch.Tensor;
        return [out.argmax(1), torch.F.crossEntropy(out, y, { reduction: 'sum' })] as const;
      }),
    );
    // Async reads work on every backend (WebGPU cannot read synchronously).
    const predicted = await predictedT.toTypedArrayAsync();
    const batchLoss = (await lossT.itemAsync()) as number;
    predictedT.dispose();
    lossT.dispose();
    const truth = labels.toTypedArray();
    for (let i = 0; i < truth.length; i++) confusion[truth[i]!]![predicted[i]!]!++;
    lossSum += batchLoss;
    count += truth.length;
    images.dispose();
    labels.dispose();
  }
  model.train();
  const perClass = classes.map((name, c) => {
    const total = confusion[c]!.reduce((a, b) => a + b, 0);
    const correct = confusion[c]![c]!;
    return { name, correct, total, accuracy: total ? correct / total : 0 };
  });
  const correct = perClass.reduce((a, p) => a + p.correct, 0);
  return { accuracy: count ? correct / count : 0, perClass, confusion, loss: count ? lossSum / count : 0 };
}
