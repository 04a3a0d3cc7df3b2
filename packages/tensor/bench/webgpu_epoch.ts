/**
 * Times full training epochs (60,000 MNIST samples, batch 100 by default) on WebGPU and, with
 * `--cpu`, on the CPU with the same seed and starting weights, and prints samples/s per epoch and the
 * test accuracy. Deno only:
 *
 *   deno run --allow-read --allow-env packages/tensor/bench/webgpu_epoch.ts --epochs 3 [--cpu]
 *     [--batch 100] [--slots 1024] [--loss mse|cross-entropy] [--lr 0.05] [--momentum 0] [--no-eval]
 *
 * The first epoch includes pipeline compilation; look at the later ones.
 * @module
 */
import type { Backend } from "../src/backend.ts";
import { createCpuBackend } from "../src/cpu/cpu_backend.ts";
import { trainRun } from "../src/webgpu/testing/training_run.ts";
import { createWebGpuBackend } from "../src/webgpu/webgpu_backend.ts";
import { loadMnist } from "./mnist_files.ts";

const defaults: Record<string, string> = {
  epochs: "3",
  batch: "100",
  slots: "1024",
  loss: "mse",
  lr: "0.05",
  momentum: "0",
  train: "60000",
};
const args = { ...defaults, cpu: false, eval: true, webgpu: true };
for (let i = 0; i < Deno.args.length; i++) {
  const flag = Deno.args[i].replace(/^--/, "");
  if (flag === "cpu") args.cpu = true;
  else if (flag === "no-eval") args.eval = false;
  else if (flag === "no-webgpu") args.webgpu = false;
  else if (flag in defaults && i + 1 < Deno.args.length)
    (args as Record<string, unknown>)[flag] = Deno.args[++i];
  else
    throw new Error(
      `Cannot parse flag ${Deno.args[i]}: expected --${Object.keys(defaults).join(", --")}, --cpu, --no-eval or --no-webgpu`,
    );
}

const data = await loadMnist(Number(args.train), 10_000);
const options = {
  epochs: Number(args.epochs),
  batch: Number(args.batch),
  lr: Number(args.lr),
  momentum: Number(args.momentum),
  loss: args.loss as "mse" | "cross-entropy",
  seed: 1,
  evaluate: args.eval,
};

async function bench(name: string, be: Backend): Promise<void> {
  const run = await trainRun(be, data, options);
  for (const e of run.epochs) {
    const rate = (data.trainLabels.length / e.trainMs) * 1000;
    console.log(
      `${name} epoch ${e.epoch}: ${e.trainMs.toFixed(1)} ms, ${Math.round(rate).toLocaleString("en")} samples/s, train loss ${e.trainLoss.toFixed(5)}, train acc ${(e.trainAccuracy * 100).toFixed(2)}%, test acc ${(e.testAccuracy * 100).toFixed(2)}%`,
    );
  }
}

if (args.webgpu) {
  const gpu = await createWebGpuBackend({ paramSlots: Number(args.slots) });
  const a = gpu.adapter;
  console.log(
    `webgpu adapter: ${a.vendor} / ${a.architecture} / ${a.description} / fallback=${a.isFallbackAdapter}`,
  );
  await bench(`webgpu (batch ${options.batch}, ${args.slots} param slots)`, gpu);
  console.log(`webgpu submits: ${gpu.submits}`);
  gpu.destroy();
}
if (args.cpu) await bench(`cpu (batch ${options.batch})`, createCpuBackend());
