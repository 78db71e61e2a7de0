/** One epoch of training with a progress bar (epoch, batch, loss, images/s, ETA). */
import cliProgress from 'cli-progress';
import * as torch from 'torchts';

/** What an epoch reports. */
export interface EpochStats {
  meanLoss: number;
  imagesPerSecond: number;
  seconds: number;
}

type Batches = AsyncIterable<[torch.Tensor, torch.Tensor]> & { length: number };

/**
 * Trains for one epoch. Each step runs inside `torch.tidy`, so every intermediate tensor is
 * released at once and memory stays flat.
 */
export async function trainEpoch(
  model: torch.nn.Module,
  loader: Batches,
  optimizer: { zeroGrad(): void; step(): unknown },
  device: string,
  label: string,
  showProgress: boolean,
): Promise<EpochStats> {
  const criterion = new torch.nn.CrossEntropyLoss();
  const total = loader.length;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        {
          format: `${label} |{bar}| {value}/{total} batches | loss {loss} | {ips} img/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0, { loss: '-', ips: '-' });
  const start = performance.now();
  let seen = 0, lossSum = 0, batches = 0;
  let window = 0, windowLoss = 0;
  for await (const [images, labels] of loader) {
    const lossTensor = torch.tidy(() => {
      const x = images.to(device), y = labels.to(device);
      optimizer.zeroGrad();
      const l = criterion(model(x) as torch.Tensor, y) as torch.Tensor;
      l.backward();
      optimizer.step();
      return l.detach();
    });
    // Async reads work on every backend (WebGPU cannot read synchronously).
    const loss = (await lossTensor.itemAsync()) as number;
    lossTensor.dispose();
    seen += images.size(0);
    images.dispose();
    labels.dispose();
    lossSum += loss;
    batches++;
    window++;
    windowLoss += loss;
    const elapsed = (performance.now() - start) / 1000;
    if (bar) bar.update(batches, { loss: (windowLoss / window).toFixed(4), ips: Math.round(seen / elapsed) });
    else if (batches % 100 === 0 || batches === total) {
      console.log(`${label} batch ${batches}/${total} loss ${(windowLoss / window).toFixed(4)} ${Math.round(seen / elapsed)} img/s`);
    }
    if (window === 50) window = windowLoss = 0;
  }
  bar?.stop();
  const seconds = (performance.now() - start) / 1000;
  return { meanLoss: lossSum / Math.max(batches, 1), imagesPerSecond: seen / seconds, seconds };
}
