/**
 * The model as plain JSON, for any language: `{ format: "mnist-softmax-json", features, classes,
 * weight: [C][F], bias: [C] }`, weight in PyTorch's `nn.Linear` layout (row c = class c). `mnist export`
 * writes it; the dashboard opens it.
 *
 * Runtime-neutral.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import { SoftmaxRegression } from "./model.ts";

/** The `format` field of a JSON model. */
export const MODEL_JSON_FORMAT = "mnist-softmax-json";

/**
 * Encodes a model as one line of JSON (with a trailing newline).
 * @param model the model.
 * @param extra `dataset`: the data it was trained on, stored as the `dataset` field.
 * @returns `{ format, features, classes, weight: [C][F], bias: [C], dataset? }` as text.
 * @example
 * ```ts
 * import { encodeModelJson, SoftmaxRegression } from "@mnist/softmax";
 * const text = encodeModelJson(SoftmaxRegression.fromTorchLayout([1, 2, 3, 4], [5, 6], 2));
 * if (!text.includes('"weight":[[1,2],[3,4]]')) throw new Error(text);
 * ```
 */
export function encodeModelJson(
  model: SoftmaxRegression,
  extra: { readonly dataset?: DatasetIdentity } = {},
): string {
  const weight = model.torchWeight();
  const rows = Array.from({ length: model.classes }, (_, c) =>
    Array.from(weight.subarray(c * model.features, (c + 1) * model.features)),
  );
  const json = {
    format: MODEL_JSON_FORMAT,
    features: model.features,
    classes: model.classes,
    weight: rows,
    bias: Array.from(model.bias),
    ...(extra.dataset === undefined ? {} : { dataset: extra.dataset }),
  };
  return `${JSON.stringify(json)}\n`;
}

function finiteNumbers(values: readonly unknown[], what: string, name: string): number[] {
  const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `Cannot read model ${name}: ${what}[${bad}] is ${JSON.stringify(values[bad]) ?? String(values[bad])}, expected a finite number`,
    );
  }
  return values as number[];
}

/**
 * Decodes a JSON model: `weight` as `C` rows of `F` numbers (what {@link encodeModelJson} writes) or as
 * one flat array of `C × F` numbers, both in PyTorch layout; `bias` as `C` numbers.
 * @param text the JSON.
 * @param name the file name, for messages.
 * @returns the model.
 * @throws {SyntaxError} when the text is not JSON or holds no weight and bias arrays.
 * @throws {RangeError} when the shapes disagree or a value is not a finite number.
 */
export function decodeModelJson(text: string, name = "model.json"): SoftmaxRegression {
  let json: { weight?: unknown; bias?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyntaxError(`Cannot read model ${name}: not valid JSON, expected { weight, bias }`);
  }
  if (!Array.isArray(json?.weight) || !Array.isArray(json.bias) || json.bias.length === 0) {
    throw new SyntaxError(
      `Cannot read model ${name}: found no weight and bias arrays, expected { weight, bias } (a sidecar holds none: drop model.safetensors)`,
    );
  }
  const bias = finiteNumbers(json.bias, "bias", name);
  const classes = bias.length;
  let weight: unknown[] = json.weight;
  if (weight.length > 0 && weight.every(Array.isArray)) {
    const rows = weight as unknown[][];
    const features = rows[0].length;
    const odd = rows.findIndex((r) => r.length !== features);
    if (rows.length !== classes || odd >= 0) {
      throw new RangeError(
        `Cannot read model ${name}: weight has ${rows.length} rows of ${odd >= 0 ? `${features} and ${rows[odd].length}` : features} values, expected ${classes} rows (one per bias value) of equal length`,
      );
    }
    weight = rows.flat();
  }
  const features = weight.length / classes;
  if (!Number.isInteger(features) || features === 0) {
    throw new RangeError(
      `Cannot read model ${name}: weight has ${weight.length} values, expected a multiple of ${classes}`,
    );
  }
  return SoftmaxRegression.fromTorchLayout(finiteNumbers(weight, "weight", name), bias, features);
}
