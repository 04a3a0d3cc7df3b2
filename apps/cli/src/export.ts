/**
 * `mnist export`: a saved model as safetensors (PyTorch `nn.Linear` layout), plain JSON and ONNX.
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "@mnist/idx/fs";
import { encodeModel, encodeModelJson, encodeOnnx } from "@mnist/softmax";
import type { Command } from "./command.ts";
import type { ParsedFlags } from "./flags.ts";
import { stringFlag } from "./flags.ts";
import { loadModel } from "./model_file.ts";
import { refuseSpecialPlaces } from "./run_dir_guard.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist export --model RUN_DIR --out DIR

Writes DIR/model.safetensors (weight F32 [C, F], bias F32 [C]: loads with
torch.nn.Linear(784, 10).load_state_dict(safetensors.torch.load_file(...))), DIR/model.json
({ features, classes, weight: [C][F], bias: [C] }, for any language) and DIR/model.onnx (ONNX IR 7,
opset 13: input "input" float32 [N, 784] of pixels scaled to [0, 1], outputs "logits" and
"probabilities" [N, 10]; loads in onnxruntime). Each file is written atomically.

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
    read: [required(flags, "model"), required(flags, "out")],
    write: [required(flags, "out")],
    net: false,
  }),
  async run(flags) {
    const out = required(flags, "out");
    await refuseSpecialPlaces(out, "--out");
    const { model } = await loadModel(required(flags, "model"));
    await Deno.mkdir(out, { recursive: true });
    await writeFileAtomic(join(out, "model.safetensors"), encodeModel(model));
    await writeFileAtomic(join(out, "model.json"), encodeModelJson(model));
    await writeFileAtomic(join(out, "model.onnx"), encodeOnnx(model, { producerName: "mnist export" }));
    const files = ["model.safetensors", "model.json", "model.onnx"].map((f) => join(out, f));
    console.log(`wrote ${files.join(", ")} (${model.features}→${model.classes})`);
    return 0;
  },
};
