/**
 * Searches for the `best` preset: trains candidate configs on train images 0..49,999, scores them on
 * the held-out train images 50,000..59,999 (the test set is not used to choose), and prints one JSON
 * line per candidate with validation accuracy and wall time. Run from the repository root:
 *
 *   node_modules/.bin/deno run -A --config deno.json packages/softmax/tools/search_best.ts [stage]
 *
 * Stages: `batch` (seconds per epoch by batch size), `grid` (SGD+Nesterov and Adam, cosine, over batch
 * size and rate at about 10 s each), `refine` (around the grid's leader).
 */
import { join } from "node:path";
import { type Dataset, loadMnist } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { BEST, type TrainConfig, train } from "@mnist/softmax";
import { createCpuBackend } from "@mnist/tensor/cpu";

const dataDir = mnistDataDir(import.meta.url);
const { train: full } = await loadMnist((name) => Deno.readFile(join(dataDir, name)));

function rows(ds: Dataset, from: number, to: number): Dataset {
  const F = ds.features;
  return {
    ...ds,
    count: to - from,
    images: ds.images.subarray(from * F, to * F),
    labels: ds.labels.subarray(from, to),
  };
}
const fit = rows(full, 0, 50000);
const validation = rows(full, 50000, 60000);

async function score(config: TrainConfig) {
  const t0 = performance.now();
  let last = { trainAccuracy: 0, testAccuracy: 0, testLoss: 0 };
  for await (const e of train({
    backend: createCpuBackend(),
    train: fit,
    test: validation,
    config,
    checkpointEvery: 0,
  })) {
    if (e.type === "epoch") last = e;
  }
  const seconds = (performance.now() - t0) / 1000;
  const { loss, optimizer, lr, momentum, nesterov, weightDecay, batchSize, epochs, schedule, warmupSteps } =
    config;
  console.log(
    JSON.stringify({
      loss,
      optimizer,
      lr,
      momentum,
      nesterov,
      weightDecay,
      batchSize,
      epochs,
      schedule,
      warmupSteps,
      validationAccuracy: last.testAccuracy,
      trainAccuracy: last.trainAccuracy,
      seconds: Number(seconds.toFixed(2)),
    }),
  );
}

const stage = Deno.args[0] ?? "grid";
const ce: TrainConfig = { ...BEST, loss: "cross-entropy", schedule: "cosine", warmupSteps: 0, seed: 0 };
if (stage === "batch") {
  for (const batchSize of [10, 20, 32, 50, 100]) await score({ ...ce, batchSize, epochs: 1, lr: 0.01 });
} else if (stage === "grid") {
  const candidates: TrainConfig[] = [];
  for (const [batchSize, epochs] of [
    [10, 10],
    [20, 20],
    [50, 28],
  ]) {
    for (const lr of [0.05, 0.2]) {
      candidates.push({
        ...ce,
        optimizer: "sgd",
        momentum: 0.9,
        nesterov: true,
        lr: lr * (batchSize / 100),
        batchSize,
        epochs,
      });
    }
    for (const lr of [0.001, 0.003]) {
      candidates.push({ ...ce, optimizer: "adam", momentum: 0, nesterov: false, lr, batchSize, epochs });
    }
  }
  for (const c of candidates) await score(c);
} else if (stage === "refine") {
  // Around the grid's leader (Adam, batch 10, lr 0.003): epochs, rate, weight decay, batch 20.
  const adam: TrainConfig = {
    ...ce,
    optimizer: "adam",
    momentum: 0,
    nesterov: false,
    lr: 0.003,
    batchSize: 10,
  };
  for (const epochs of [6, 8]) await score({ ...adam, epochs });
  for (const lr of [0.002, 0.005]) await score({ ...adam, lr, epochs: 8 });
  for (const weightDecay of [1e-5, 1e-4]) await score({ ...adam, weightDecay, epochs: 8 });
  await score({ ...adam, batchSize: 20, lr: 0.005, epochs: 12 });
  await score({ ...adam, warmupSteps: 500, epochs: 8 });
}
