/**
 * `mnist predict --explain OUT.png`: the exact breakdown of one prediction (each logit is the class's
 * bias plus one contribution per pixel), printed and drawn.
 * @module
 */
import { basename, dirname, join } from "node:path";
import { type ClassExplanation, type Explanation, explain, type SoftmaxRegression } from "@mnist/softmax";
import { describeFsError } from "./checked_fs.ts";
import { explanationPicture } from "./image/explanation_picture.ts";
import { encodeRgbPng } from "./image/png_encode.ts";
import type { Input } from "./predict.ts";
import { UsageError } from "./usage_error.ts";

/** How many of the strongest pixels are printed each way. */
const TOP = 5;

/**
 * The one temporary file beside OUT that the picture goes through; fixed, so the launcher can grant
 * writing exactly OUT and it.
 */
function tempOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

/**
 * The paths `--explain` writes (none without it).
 * @throws {UsageError} when the name does not end in `.png`.
 */
export function explainWrites(path: string | undefined): string[] {
  if (path === undefined) return [];
  if (!path.toLowerCase().endsWith(".png"))
    throw new UsageError(`Cannot use --explain ${path}: expected a file name ending in .png`);
  return [path, tempOf(path)];
}

/** Options of {@link explainInput}. */
export interface ExplainPrintOptions {
  /** A class's name. */
  readonly label: (c: number) => string;
  /** Print one JSON object instead of text. */
  readonly json: boolean;
}

/**
 * Explains the prediction for `input`, prints the breakdown and writes the picture to `path`
 * atomically.
 * @throws {UsageError} when the picture cannot be written.
 */
export async function explainInput(
  model: SoftmaxRegression,
  input: Input,
  shape: readonly [number, number],
  path: string,
  { label, json }: ExplainPrintOptions,
): Promise<Explanation> {
  const e = explain(model, input.pixels, { shape, top: TOP });
  const raster = explanationPicture(e, input.pixels);
  await writeAtomic(path, await encodeRgbPng(raster.width, raster.height, raster.rgb));
  if (json) console.log(JSON.stringify(explanationJson(e, input.name, path, label)));
  else printExplanation(e, input.name, path, label);
  return e;
}

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = tempOf(path);
  try {
    await Deno.writeFile(temp, bytes);
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw new UsageError(
      `Cannot write --explain ${path}: ${describeFsError(error)}, expected a writable file in an existing directory`,
    );
  }
}

const signed = (v: number, digits = 4) => `${v < 0 ? "-" : "+"}${Math.abs(v).toFixed(digits)}`;

function printExplanation(e: Explanation, name: string, path: string, label: (c: number) => string): void {
  const { predicted, runnerUp } = e;
  const role = (c: number) => (c === predicted ? " predicted" : c === runnerUp ? " runner-up" : "");
  console.log(
    `Why ${name} is ${label(predicted)}: logit = bias + Σ weight × pixel/255 over the ${e.input.length} pixels; probability = softmax(logits)`,
  );
  const width = Math.max(5, ...e.classes.map((c) => label(c.class).length));
  const num = (v: number) => v.toFixed(4).padStart(9);
  console.log(
    `  ${"class".padEnd(width)}  ${"bias".padStart(9)}   ${"Σ contrib.".padStart(9)}   ${"logit".padStart(9)}  probability`,
  );
  for (const c of e.classes) {
    console.log(
      `  ${label(c.class).padEnd(width)}  ${num(c.bias)} + ${num(c.contributionSum)} = ${num(c.logit)}  ${c.probability.toFixed(4).padStart(11)}${role(c.class)}`,
    );
  }
  const pixels = (list: ClassExplanation["topPositive"]) =>
    list.length === 0 ? "none" : list.map((p) => `(${p.row}, ${p.col}) ${signed(p.contribution)}`).join("  ");
  for (const c of runnerUp < 0 ? [predicted] : [predicted, runnerUp]) {
    const x = e.classes[c];
    console.log(`  strongest pixels (row, col) for ${label(c)},${role(c)}:`);
    console.log(`    raise: ${pixels(x.topPositive)}`);
    console.log(`    lower: ${pixels(x.topNegative)}`);
  }
  const maps = runnerUp < 0 ? label(predicted) : `${label(predicted)} and ${label(runnerUp)}`;
  console.log(
    `Wrote ${path}: the input, then the contribution maps of ${maps} on one scale ±${e.scale.toPrecision(3)} (red raises the logit, blue lowers it)`,
  );
}

function explanationJson(e: Explanation, name: string, path: string, label: (c: number) => string) {
  const pixels = (list: ClassExplanation["topPositive"]) =>
    list.map(({ row, col, contribution }) => ({ row, col, contribution }));
  return {
    input: name,
    explanation: path,
    predicted: e.predicted,
    predictedName: label(e.predicted),
    runnerUp: e.runnerUp,
    scale: e.scale,
    classes: e.classes.map((c) => ({
      class: c.class,
      name: label(c.class),
      bias: c.bias,
      contributions: c.contributionSum,
      logit: c.logit,
      probability: c.probability,
      topPositive: pixels(c.topPositive),
      topNegative: pixels(c.topNegative),
    })),
  };
}
