#!/usr/bin/env node
/**
 * torchts-train: trains LeNet (or an MLP) on Fashion-MNIST (default), MNIST or CIFAR-10 on the
 * default device, with a progress bar, then reports test accuracy overall and per class, saves a
 * checkpoint, and writes a loss/accuracy plot and the confusion matrix.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from 'torchts';
import { parseConfig, type TrainConfig } from './config.js';
import { loadData, makeLoaders } from './data.js';
import { evaluate, type Evaluation } from './evaluate.js';
import { buildModel } from './models.js';
import { confusionCsv, confusionText, historySvg, type HistoryRow } from './report.js';
import { trainEpoch } from './train-loop.js';

type TrainOptimizer = torch.optim.SGD | torch.optim.Adam;

function makeOptimizer(cfg: TrainConfig, model: torch.nn.Module): TrainOptimizer {
  return cfg.optimizer === 'adam'
    ? new torch.optim.Adam(model.parameters(), { lr: cfg.lr })
    : new torch.optim.SGD(model.parameters(), { lr: cfg.lr, momentum: cfg.momentum });
}

function printEvaluation(ev: Evaluation): void {
  console.log(`Accuracy of the network on the ${ev.confusion.flat().reduce((a, b) => a + b, 0)} test images: ${(ev.accuracy * 100).toFixed(2)} %`);
  for (const p of ev.perClass) {
    console.log(`Accuracy for class: ${p.name.padEnd(12)} is ${(p.accuracy * 100).toFixed(1)} %`);
  }
}

/** Runs the trainer with command-line arguments; returns the final evaluation. */
export async function main(argv: string[]): Promise<Evaluation> {
  const cfg = parseConfig(argv);
  if (cfg.seed !== null) torch.manualSeed(cfg.seed);
  const device = cfg.device || torch.getDefaultDevice().toString();
  if (device.startsWith('webgpu') && !torch.webgpu.isAvailable() && !(await torch.webgpu.init())) {
    throw new Error(`--device ${device}: WebGPU is not available (${torch.webgpu.unavailableReason()})`);
  }
  const data = await loadData(cfg);
  const { train, test } = makeLoaders(cfg, data);
  const model = buildModel(cfg.model, data.imageShape, data.classes.length).to(device);
  const optimizer = makeOptimizer(cfg, model);
  let history: HistoryRow[] = [];
  let firstEpoch = 1;
  if (cfg.resume) {
    const ckpt = (await torch.load(cfg.resume)) as {
      model: Record<string, torch.Tensor>; optimizer: Parameters<TrainOptimizer['loadStateDict']>[0];
      epoch: number; history: HistoryRow[];
    };
    model.loadStateDict(ckpt.model);
    optimizer.loadStateDict(ckpt.optimizer);
    history = ckpt.history ?? [];
    firstEpoch = (ckpt.epoch ?? 0) + 1;
    console.log(`resumed from ${cfg.resume} (after epoch ${ckpt.epoch})`);
  }
  console.log(
    `training ${cfg.model} on ${cfg.dataset} (${data.train.length} train / ${data.test.length} test images) on ${device}, ` +
      `${cfg.optimizer} lr ${cfg.lr}${cfg.optimizer === 'sgd' ? ` momentum ${cfg.momentum}` : ''}, batch ${cfg.batchSize}`,
  );
  mkdirSync(cfg.out, { recursive: true });
  let ev: Evaluation | null = null;
  if (!cfg.evalOnly) {
    for (let epoch = firstEpoch; epoch < firstEpoch + cfg.epochs; epoch++) {
      const stats = await trainEpoch(model, train, optimizer, device, `epoch ${epoch}`, cfg.progress && process.stderr.isTTY);
      ev = await evaluate(model, test, data.classes, device);
      history.push({ epoch, trainLoss: stats.meanLoss, testLoss: ev.loss, testAccuracy: ev.accuracy });
      console.log(
        `epoch ${epoch}: train loss ${stats.meanLoss.toFixed(4)}, test loss ${ev.loss.toFixed(4)}, ` +
          `test accuracy ${(ev.accuracy * 100).toFixed(2)} %, ${Math.round(stats.imagesPerSecond)} img/s, ${stats.seconds.toFixed(1)} s`,
      );
      const ckptPath = join(cfg.out, `${cfg.dataset}-${cfg.model}.ckpt`);
      await torch.save({ model: model.stateDict(), optimizer: optimizer.stateDict(), epoch, history }, ckptPath);
    }
  }
  ev ??= await evaluate(model, test, data.classes, device);
  printEvaluation(ev);
  console.log(confusionText(ev));
  if (history.length) writeFileSync(join(cfg.out, 'history.svg'), historySvg(history, `${cfg.model} on ${cfg.dataset}`));
  writeFileSync(join(cfg.out, 'confusion.csv'), confusionCsv(ev));
  writeFileSync(join(cfg.out, 'metrics.json'), JSON.stringify({ config: cfg, history, accuracy: ev.accuracy, perClass: ev.perClass }, null, 2));
  console.log(`wrote ${cfg.out}/{${cfg.evalOnly ? '' : `${cfg.dataset}-${cfg.model}.ckpt,history.svg,`}confusion.csv,metrics.json}`);
  return ev;
}

// Run when executed directly (not when imported by tests).
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/torchts-train')) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    if (err && typeof err === 'object' && 'code' in err && String((err as { code: string }).code).startsWith('commander.')) {
      process.exit((err as { exitCode?: number }).exitCode ?? 2);
    }
    console.error(err instanceof Error ? `${err.name}: ${err.message}` : err);
    process.exit(1);
  });
}
