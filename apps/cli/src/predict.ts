/**
 * `mnist predict`: class probabilities for PNG/PGM images (prepared like MNIST for an MNIST model, as
 * they are for any other) or test-set images.
 * @module
 */
import { predict } from "@mnist/softmax";
import { BACKENDS, openBackend } from "./backend_flag.ts";
import { readChecked } from "./checked_fs.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR } from "./data.ts";
import { boolFlag, choiceFlag, classNamesFlag, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { modelInput, PREPROCESS_CHOICES, type Preprocess, preprocessFor } from "./image/model_input.ts";
import { decodePgm, isPgm } from "./image/pgm.ts";
import { decodePng, isPng } from "./image/png.ts";
import { loadModelData, modelReads, readModelMeta } from "./model_data.ts";
import { loadModel } from "./model_file.ts";
import { explainInput, explainWrites } from "./predict_explain.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist predict --model RUN_DIR (IMAGE… | --index N) [flags]

Prints the class probabilities of each image, classes named as the model's data names them. Images
are PNG (8-bit gray, gray+alpha, RGB, RGBA; not interlaced, not palette) or PGM (P2, P5) files,
prepared as --preprocess says:
  mnist  like MNIST's digits, any size: grayscale, inverted when the background is light, the
         ink fitted into 20/28 of the model's image size (20×20 of 28×28), centred by its centre
         of mass
  none   as they are: the model's image size, gray (colour as luminance, alpha over white), not
         inverted; an image of the model's data is predicted exactly as --index predicts it
  auto   mnist for a model trained on MNIST (or recording no data and 28×28), none otherwise

Flags:
  --model PATH      a run directory or a .safetensors file (required)
  --index N         predict test-set image N (0-based) instead of files, and show its label
  --data-dir DIR    dataset for --index (default: the data the model was trained on)
  --class-names A,B,…  class names in label order (default: the model's data's)
  --preprocess MODE auto | mnist | none: how image files are prepared (default auto, see above)
  --backend NAME    auto | webgpu | cpu (default cpu)
  --explain OUT.png write why the model predicts what it does for the one image given: the input,
                    the contribution maps (weight × pixel) of the predicted class and the runner-up
                    on one colour scale with a legend; prints each class's bias + sum of
                    contributions = logit, the probabilities, and the pixels that weigh most
  --json            print one JSON object per image (and one for --explain)
  -h, --help        show this help

Examples:
  mnist predict --model runs/quick --index 0
  mnist predict --model runs/quick digit.png scan.pgm
  mnist predict --model runs/fashion boot.pgm    (a 28×28 Fashion-MNIST image, as it is)
  mnist predict --model runs/quick --index 8 --explain why.png`;

/** One image to predict, named for the output. */
export interface Input {
  readonly name: string;
  readonly pixels: Uint8Array;
  readonly label?: number;
  readonly note?: string;
}

async function readImage(
  path: string,
  size: readonly [number, number],
  preprocess: Preprocess,
): Promise<Input> {
  const bytes = await readChecked(path, "image");
  const image = isPng(bytes)
    ? await decodePng(bytes, path)
    : isPgm(bytes)
      ? decodePgm(bytes, path)
      : undefined;
  if (image === undefined)
    throw new UsageError(`Cannot read image ${path}: unknown format, expected a PNG or PGM (P2/P5) file`);
  return { name: path, ...modelInput(image, path, size, preprocess) };
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
  const preprocessChoice = choiceFlag(flags, "preprocess", PREPROCESS_CHOICES, "auto");
  if (preprocessChoice !== "auto" && index !== undefined) {
    throw new UsageError(
      `Cannot use --preprocess ${preprocessChoice} with --index: it prepares image files, test-set images are used as they are`,
    );
  }
  const explainTo = stringFlag(flags, "explain");
  if (explainTo !== undefined && flags.positionals.length > 1) {
    throw new UsageError(
      `Cannot use --explain ${explainTo}: ${flags.positionals.length} images given, expected one image or --index N`,
    );
  }
  const { model, path } = await loadModel(modelPath);
  const meta = await readModelMeta(path);
  const inputs: Input[] = [];
  let shape: readonly [number, number];
  let names = classNamesFlag(flags) ?? meta.dataset?.classNames;
  let labelNames = names;
  if (index !== undefined) {
    const chosen = await loadModelData(
      model,
      modelPath,
      meta,
      stringFlag(flags, "data-dir"),
      classNamesFlag(flags),
    );
    const { test } = chosen.data;
    names = chosen.predictionNames;
    labelNames = chosen.classNames;
    if (!boolFlag(flags, "json")) console.log(chosen.note);
    if (index >= test.count)
      throw new UsageError(`Cannot use --index ${index}: expected 0 … ${test.count - 1}`);
    shape = [test.rows, test.cols];
    inputs.push({
      name: `test[${index}]`,
      pixels: test.images.subarray(index * test.features, (index + 1) * test.features),
      label: test.labels[index],
    });
  } else {
    shape = imageSize(model.features, meta.dataset?.imageShape);
    const preprocess =
      preprocessChoice === "auto" ? preprocessFor(meta.dataset, model.features) : preprocessChoice;
    for (const image of flags.positionals) inputs.push(await readImage(image, shape, preprocess));
  }
  const label = (k: number) => names?.[k] ?? String(k);
  const truthName = (k: number) => labelNames?.[k] ?? String(k);
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
            predictedName: label(classes[i]),
            label: input.label ?? null,
            probabilities: p,
          }),
        );
        return;
      }
      const truth = input.label === undefined ? "" : `, label ${truthName(input.label)}`;
      console.log(
        `${input.name}${input.note ? ` (${input.note})` : ""}: predicted ${label(classes[i])} (p = ${p[classes[i]].toFixed(3)}${truth})`,
      );
      console.log(`  ${p.map((v, k) => `${label(k)}: ${v.toFixed(3)}`).join("  ")}`);
    });
    if (explainTo !== undefined) {
      await explainInput(model, inputs[0], shape, explainTo, { label, json: boolFlag(flags, "json") });
    }
  } finally {
    backend.destroy();
  }
  return 0;
}

/**
 * The image size a model takes: its recorded data's, else a square one (a model that records no data
 * is taken to be MNIST-like).
 */
function imageSize(
  features: number,
  recorded: readonly [number, number] | undefined,
): readonly [number, number] {
  if (recorded !== undefined) return recorded;
  const side = Math.round(Math.sqrt(features));
  if (side * side !== features) {
    throw new UsageError(
      `Cannot fit images to the model: it records no image shape and its ${features} pixels are not a square, expected a run directory whose model-meta.json records its dataset`,
    );
  }
  return [side, side];
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
    "class-names": { type: "string" },
    preprocess: { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
    explain: { type: "string" },
  },
  positionals: Number.POSITIVE_INFINITY,
  access: (flags) => {
    const model = stringFlag(flags, "model") ?? ".";
    const dataDir = stringFlag(flags, "data-dir");
    const index = flags.values.index !== undefined;
    // A rename needs read as well as write on both of its paths.
    const explanation = explainWrites(stringFlag(flags, "explain"));
    return {
      read: [
        ...modelReads(model),
        ...flags.positionals,
        ...(index ? [dataDir ?? EMBEDDED_DATA_DIR] : []),
        ...explanation,
      ],
      write: explanation,
      net: false,
      ...(index && dataDir === undefined ? { recordedData: { kind: "model" as const, path: model } } : {}),
    };
  },
  run,
};
