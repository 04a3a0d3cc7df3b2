/**
 * `mnist export`: a saved model as safetensors (PyTorch `nn.Linear` layout), plain JSON and ONNX.
 * @module
 */
import { join } from "node:path";
import type { DatasetIdentity } from "@mnist/idx";
import { writeFileAtomic } from "@mnist/idx/fs";
import { encodeModel, encodeModelJson, encodeOnnx, type OnnxOptions } from "@mnist/softmax";
import { describeFsError } from "./checked_fs.ts";
import type { Command } from "./command.ts";
import type { ParsedFlags } from "./flags.ts";
import { stringFlag } from "./flags.ts";
import { modelReads, readModelMeta } from "./model_data.ts";
import { loadModel } from "./model_file.ts";
import { refuseSpecialPlaces } from "./run_dir_guard.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist export --model RUN_DIR --out DIR

Writes DIR/model.safetensors (weight F32 [C, F], bias F32 [C]: loads with
torch.nn.Linear(F, C).load_state_dict(safetensors.torch.load_file(...))), DIR/model.json
({ features, classes, weight: [C][F], bias: [C], dataset }, for any language) and DIR/model.onnx
(ONNX IR 7, opset 13: input "input" float32 [N, H·W] of pixels scaled to [0, 1], outputs "logits" and
"probabilities" [N, C]; loads in onnxruntime; metadata: input shape, scaling and inversion,
"class_names" (JSON) and "dataset"). F = H·W pixels
and C classes are the model's (784 and 10 for MNIST). The dataset the model was trained on, as its
run recorded it, goes into model.json, the ONNX metadata and the safetensors metadata. Each file is
written atomically.

Flags:
  --model PATH   a run directory or a .safetensors file (required)
  --out DIR      output directory (required; created if missing)
  -h, --help     show this help

Examples:
  mnist export --model runs/quick --out exported`;

function required(flags: ParsedFlags, name: string): string {
  const v = stringFlag(flags, name);
  if (v === undefined)
    throw new UsageError(`Cannot run "mnist export": missing --${name}; see "mnist export --help"`);
  return v;
}

/** `mnist export`. */
export const exportCommand: Command = {
  name: "export",
  summary: "write a saved model as safetensors, JSON and ONNX",
  help: HELP,
  flags: { model: { type: "string" }, out: { type: "string" } },
  access: (flags) => ({
    read: [...modelReads(required(flags, "model")), required(flags, "out")],
    write: [required(flags, "out")],
    net: false,
  }),
  async run(flags) {
    const out = required(flags, "out");
    await refuseSpecialPlaces(out, "--out");
    const { model, path } = await loadModel(required(flags, "model"));
    const { dataset } = await readModelMeta(path);
    const metadata: Record<string, string> =
      dataset === undefined
        ? {}
        : { dataset: JSON.stringify(dataset), class_names: dataset.classNames.join(",") };
    await ensureOutDir(out);
    await writeFileAtomic(join(out, "model.safetensors"), encodeModel(model, metadata));
    await writeFileAtomic(join(out, "model.json"), encodeModelJson(model, { dataset }));
    await writeFileAtomic(
      join(out, "model.onnx"),
      encodeOnnx(model, { producerName: "mnist export", ...onnxDataset(dataset) }),
    );
    const files = ["model.safetensors", "model.json", "model.onnx"].map((f) => join(out, f));
    const shape = dataset
      ? `${dataset.imageShape[0]}×${dataset.imageShape[1]} pixels`
      : `${model.features} pixels`;
    const data = dataset ? `, trained on ${dataset.name} in ${dataset.dir}` : ", training data not recorded";
    console.log(`wrote ${files.join(", ")} (${shape} → ${model.classes} classes${data})`);
    return 0;
  },
};

/** The ONNX options that describe the training data: class names, image shape and identity. */
function onnxDataset(dataset: DatasetIdentity | undefined): OnnxOptions {
  if (dataset === undefined) return {};
  return {
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    metadata: { dataset: JSON.stringify(dataset) },
  };
}

/**
 * Creates the --out directory, or takes an existing one.
 * @throws {UsageError} one line naming --out when it is a file or cannot be made.
 */
async function ensureOutDir(out: string): Promise<void> {
  const info = await Deno.stat(out).catch(() => undefined);
  if (info !== undefined && !info.isDirectory)
    throw new UsageError(
      `Cannot use --out ${out}: it is ${info.isFile ? "a regular file" : "not a directory"}, expected a directory for the exported model files`,
    );
  try {
    await Deno.mkdir(out, { recursive: true });
  } catch (error) {
    throw new UsageError(
      `Cannot create --out ${out}: ${describeFsError(error)}, expected a path where a directory can be made`,
    );
  }
}
