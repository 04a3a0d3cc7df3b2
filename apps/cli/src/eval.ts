/**
 * `mnist eval`: accuracy, mean loss and confusion matrix of a saved model on a dataset split.
 * @module
 */
import { ConfusionMatrix } from "@mnist/metrics";
import { evaluate } from "@mnist/softmax";
import { BACKENDS, openBackend } from "./backend_flag.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR } from "./data.ts";
import { boolFlag, choiceFlag, classNamesFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { loadModelData, modelReads, readModelMeta } from "./model_data.ts";
import { loadModel } from "./model_file.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist eval --model RUN_DIR [flags]

Evaluates a saved model on the test (or train) split: accuracy, mean loss, the confusion matrix and
per-class precision and recall. By default on the data the model was trained on (its recorded
directory, re-verified by SHA-256); --data-dir evaluates on other data of the same image size and
class count, and the output says which data was used.

Flags:
  --model PATH      a run directory or a .safetensors file (required)
  --split NAME      test | train (default test)
  --loss NAME       mse | cross-entropy (default: the loss the model was trained with)
  --data-dir DIR    dataset directory (default: the data the model was trained on)
  --class-names A,B,…  class names in label order (default: the data's)
  --backend NAME    auto | webgpu | cpu (default cpu)
  --json            print one JSON object
  -h, --help        show this help

Examples:
  mnist eval --model runs/quick
  mnist eval --model runs/quick/model.safetensors --split train --loss cross-entropy`;

async function run(flags: ParsedFlags): Promise<number> {
  const modelArg = stringFlag(flags, "model");
  if (modelArg === undefined)
    throw new UsageError(
      `Cannot run "mnist eval": missing --model, expected a run directory or .safetensors file`,
    );
  const split = choiceFlag(flags, "split", ["test", "train"] as const, "test");
  const { model, path } = await loadModel(modelArg);
  const meta = await readModelMeta(path);
  const loss = choiceFlag(flags, "loss", ["mse", "cross-entropy"] as const, meta.loss ?? "cross-entropy");
  const { data, note, classNames, predictionNames } = await loadModelData(
    model,
    modelArg,
    meta,
    stringFlag(flags, "data-dir"),
    classNamesFlag(flags),
  );
  const set = data[split];
  const { backend } = await openBackend(choiceFlag(flags, "backend", BACKENDS, "cpu"));
  try {
    const r = await evaluate(backend, model, set, loss);
    const C = model.classes;
    const matrix = ConfusionMatrix.fromCounts(r.confusion ?? new Uint32Array(C * C), C);
    const confusion = matrix.toRows();
    if (boolFlag(flags, "json")) {
      console.log(
        JSON.stringify({
          model: path,
          dataset: data.identity,
          classNames,
          predictionNames,
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
    console.log(note);
    console.log(
      `${path} on ${split} (${set.count} images): accuracy ${(r.accuracy * 100).toFixed(2)}%, mean ${loss} loss ${r.meanLoss.toFixed(5)}`,
    );
    for (const line of confusionTable(matrix, classNames, predictionNames)) console.log(line);
  } finally {
    backend.destroy();
  }
  return 0;
}

/**
 * The confusion matrix and the per-class table as text: rows named by the data's labels, columns (and
 * the per-class rows, which are about predictions too) by the model's classes — the same names unless
 * the model was trained on other data.
 */
function confusionTable(
  matrix: ConfusionMatrix,
  names: readonly string[],
  predicted: readonly string[],
): string[] {
  const rows = matrix.toRows();
  const label = Math.max(5, ...names.map((n) => n.length));
  const width = Math.max(
    6,
    ...predicted.map((n) => n.length + 1),
    ...rows.flat().map((n) => String(n).length + 1),
  );
  const lines = [
    "confusion matrix (row = label, column = prediction):",
    `${"".padStart(label)}${predicted.map((n) => n.padStart(width)).join("")}`,
    ...rows.map(
      (row, k) => `${names[k].padStart(label)}${row.map((n) => String(n).padStart(width)).join("")}`,
    ),
    "per class:",
    `${"class".padStart(label)}${["precision", "recall", "F1", "support"].map((h) => h.padStart(10)).join("")}`,
  ];
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "–").padStart(10);
  for (const c of matrix.perClass()) {
    lines.push(
      `${names[c.label].padStart(label)}${pct(c.precision)}${pct(c.recall)}${pct(c.f1)}${String(c.support).padStart(10)}`,
    );
  }
  return lines;
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
    "class-names": { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
  },
  access: (flags) => {
    const model = stringFlag(flags, "model") ?? ".";
    const dataDir = stringFlag(flags, "data-dir");
    return {
      read: [...modelReads(model), dataDir ?? EMBEDDED_DATA_DIR],
      write: [],
      net: false,
      ...(dataDir === undefined ? { recordedData: { kind: "model" as const, path: model } } : {}),
    };
  },
  run,
};
