/**
 * Exact explanations of a prediction. The model is linear in its input, so every logit splits into
 * the class's bias plus one term per pixel: `z_c = b_c + Σ_i W[i,c]·x_i`, with `x_i = byte_i / 255`
 * rounded to float32 exactly as training and the backends compute it. Nothing is approximated: the
 * terms are products of two float32 values (exact in float64) and add up to the logit.
 *
 * Runtime-neutral.
 * @module
 */
import type { SoftmaxRegression } from "./model.ts";

/** What {@link explain} reads of a model: its sizes and parameters. */
export type LinearParameters = Pick<SoftmaxRegression, "features" | "classes" | "weight" | "bias">;

/** One pixel's share of a class's logit. */
export interface PixelContribution {
  /** Index in the flattened image (row-major). */
  readonly index: number;
  /** Row of the pixel, from the top. */
  readonly row: number;
  /** Column of the pixel, from the left. */
  readonly col: number;
  /** `W[index, c] · x_index`. */
  readonly contribution: number;
}

/** How one class's logit comes about. */
export interface ClassExplanation {
  /** The class index. */
  readonly class: number;
  /** `b_c`. */
  readonly bias: number;
  /** `W[i, c] · x_i` for every pixel i (the contribution map, row-major). */
  readonly contributions: Float64Array;
  /** `Σ_i contributions[i]`. */
  readonly contributionSum: number;
  /** `bias + contributionSum`. */
  readonly logit: number;
  /** The softmax of the logits at this class. */
  readonly probability: number;
  /** The pixels that raise this logit most, largest first (only those with a positive share). */
  readonly topPositive: readonly PixelContribution[];
  /** The pixels that lower it most, most negative first. */
  readonly topNegative: readonly PixelContribution[];
}

/** A whole prediction, explained. */
export interface Explanation {
  /** The image's rows and columns. */
  readonly shape: readonly [rows: number, cols: number];
  /** What the model sees: `fround(byte / 255)` per pixel. */
  readonly input: Float32Array;
  /** One entry per class, in class order. */
  readonly classes: readonly ClassExplanation[];
  /** The most probable class (the first one on a tie, as `predict` chooses). */
  readonly predicted: number;
  /** The second most probable class (−1 for a one-class model). */
  readonly runnerUp: number;
  /**
   * The largest |contribution| of the predicted class and the runner-up: one symmetric colour scale
   * for both maps, so equal colours mean equal evidence.
   */
  readonly scale: number;
}

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The image's rows and columns (default: a square, or one row when the size is not a square). */
  readonly shape?: readonly [rows: number, cols: number];
  /** How many top pixels to list each way per class (default 10). */
  readonly top?: number;
}

/**
 * Explains the model's prediction for one image: per class the bias, the contribution map `W_c ⊙ x`,
 * their sum, the logit and the probability; the predicted class, the runner-up and the pixels that
 * weigh most either way.
 * @param model the parameters (a {@link SoftmaxRegression} or anything with its four fields)
 * @param image `F` pixel bytes, row-major
 * @param options the image shape and how many top pixels to list
 * @returns the explanation
 * @throws {RangeError} when the image or the shape does not match the model's input size.
 * @example
 * ```ts
 * import { explain, SoftmaxRegression } from "@mnist/softmax";
 * const model = new SoftmaxRegression(4, 2, Float32Array.of(1, -1, 0, 0, 0, 0, 2, 0), Float32Array.of(0.5, 0));
 * const e = explain(model, Uint8Array.of(255, 0, 0, 255));
 * console.log(e.predicted, e.classes[0].bias + e.classes[0].contributionSum === e.classes[0].logit); // 0 true
 * ```
 */
export function explain(
  model: LinearParameters,
  image: Uint8Array,
  options: ExplainOptions = {},
): Explanation {
  const { features: F, classes: C, weight, bias } = model;
  if (image.length !== F) {
    throw new RangeError(
      `Cannot explain a prediction: the image has ${image.length} pixels, expected the model's ${F}`,
    );
  }
  const shape = options.shape ?? squareOrRow(F);
  if (shape[0] * shape[1] !== F) {
    throw new RangeError(
      `Cannot explain a prediction: shape ${shape[0]}×${shape[1]} holds ${shape[0] * shape[1]} pixels, expected the model's ${F}`,
    );
  }
  const input = Float32Array.from(image, (px) => px / 255);
  const maps = Array.from({ length: C }, () => new Float64Array(F));
  const sums = new Float64Array(C);
  for (let i = 0; i < F; i++) {
    const x = input[i];
    if (x === 0) continue;
    for (let c = 0; c < C; c++) {
      const v = weight[i * C + c] * x;
      maps[c][i] = v;
      sums[c] += v;
    }
  }
  const logits = Float64Array.from(sums, (s, c) => bias[c] + s);
  const probabilities = softmax(logits);
  const [predicted, runnerUp] = topTwo(logits);
  const top = options.top ?? 10;
  const classes = maps.map(
    (contributions, c): ClassExplanation => ({
      class: c,
      bias: bias[c],
      contributions,
      contributionSum: sums[c],
      logit: logits[c],
      probability: probabilities[c],
      ...strongest(contributions, shape[1], top),
    }),
  );
  let scale = 0;
  for (const c of runnerUp < 0 ? [predicted] : [predicted, runnerUp]) {
    for (const v of maps[c]) scale = Math.max(scale, Math.abs(v));
  }
  return { shape: [shape[0], shape[1]], input, classes, predicted, runnerUp, scale };
}

function squareOrRow(features: number): [number, number] {
  const side = Math.round(Math.sqrt(features));
  return side * side === features ? [side, side] : [1, features];
}

function softmax(z: Float64Array): Float64Array {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** The largest and second largest entries' indices, first one winning ties. */
function topTwo(z: Float64Array): [number, number] {
  let best = 0;
  let second = -1;
  for (let c = 1; c < z.length; c++) {
    if (z[c] > z[best]) {
      second = best;
      best = c;
    } else if (second < 0 || z[c] > z[second]) second = c;
  }
  return [best, second];
}

function strongest(
  map: Float64Array,
  cols: number,
  count: number,
): { topPositive: PixelContribution[]; topNegative: PixelContribution[] } {
  const pixel = (index: number): PixelContribution => ({
    index,
    row: Math.floor(index / cols),
    col: index % cols,
    contribution: map[index],
  });
  if (count <= 0) return { topPositive: [], topNegative: [] };
  const indices = Array.from(map.keys());
  const pick = (keep: (v: number) => boolean, sign: 1 | -1) =>
    indices
      .filter((i) => keep(map[i]))
      .sort((a, b) => sign * (map[b] - map[a]) || a - b)
      .slice(0, count)
      .map(pixel);
  const topPositive = pick((v) => v > 0, 1);
  const topNegative = pick((v) => v < 0, -1);
  return { topPositive, topNegative };
}
