// trainGroup on WebGPU (Deno on a real adapter: lavapipe in CI): every member of a group (SGD at
// three learning rates, Nesterov, Adam; validation held out) ends within the conformance tolerance
// of its own `train` run on the same backend, epoch metrics included. No silent skip: without an
// adapter the test fails saying why.
import { join } from "node:path";
import { loadMnist, subset } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import { type GroupEvent, trainGroup } from "./train_group.ts";
import { type TrainEvent, train } from "./trainer.ts";
import { selectRows, validationSplit } from "./validation.ts";

const dataDir = mnistDataDir(import.meta.url);

Deno.test({
  name: "webgpu trainGroup: each member within 1e-4 of its own train run (weights, losses, accuracies)",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const all = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
    const pool = subset(all.train, 1500);
    const split = validationSplit(pool.count, 300, 1);
    const data = {
      train: selectRows(pool, split.train),
      validation: selectRows(pool, split.val),
      test: subset(all.test, 500),
    };
    const base: TrainConfig = { ...TUTORIAL, epochs: 2, seed: 1, batchSize: 64 };
    const configs: TrainConfig[] = [
      base,
      { ...base, lr: 0.5 },
      { ...base, lr: 2 },
      { ...base, loss: "cross-entropy", momentum: 0.9, nesterov: true },
      { ...base, loss: "cross-entropy", optimizer: "adam", lr: 0.003, weightDecay: 1e-4 },
    ];
    const backend = await createWebGpuBackend().catch((error: Error) => {
      throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
    });
    try {
      const group: GroupEvent[] = [];
      for await (const e of trainGroup({ backend, ...data, configs })) group.push(e);
      for (const [k, config] of configs.entries()) {
        const single: TrainEvent[] = [];
        for await (const e of train({ backend, ...data, config })) single.push(e);
        const mine = group.filter((e) => e.member === k);
        if (mine.map((e) => e.type).join() !== single.map((e) => e.type).join()) {
          throw new Error(
            `member ${k}: events ${mine.map((e) => e.type)}, expected ${single.map((e) => e.type)}`,
          );
        }
        // The types matched, so none of them is a "member-failed".
        for (const [i, e] of mine.entries()) {
          compare(`member ${k} event ${i} (${e.type})`, e as TrainEvent, single[i]);
        }
      }
    } finally {
      backend.destroy();
    }
  },
});

const TOLERANCE = 1e-4;

function close(what: string, got: number, want: number): void {
  if (!(Math.abs(got - want) <= TOLERANCE * (1 + Math.abs(want)))) {
    throw new Error(`${what} is ${got}, expected ${want} ± ${TOLERANCE}·(1 + |x|)`);
  }
}

function compare(what: string, got: TrainEvent, want: TrainEvent): void {
  if (got.type === "epoch" && want.type === "epoch") {
    for (const key of [
      "trainAccuracy",
      "testAccuracy",
      "trainLoss",
      "testLoss",
      "valAccuracy",
      "valLoss",
      "lr",
    ] as const) {
      close(`${what} ${key}`, got[key] ?? Number.NaN, want[key] ?? Number.NaN);
    }
    const [w, b] = [got.model.weight, got.model.bias];
    for (let i = 0; i < w.length; i++) close(`${what} weight[${i}]`, w[i], want.model.weight[i]);
    for (let i = 0; i < b.length; i++) close(`${what} bias[${i}]`, b[i], want.model.bias[i]);
  }
  if (got.type === "run-end" && want.type === "run-end") {
    if (got.epoch !== want.epoch || got.step !== want.step)
      throw new Error(`${what}: ends at a different step`);
  }
}
