/**
 * Reading a model from safetensors written elsewhere: PyTorch state dicts name a linear layer's tensors
 * after the module (`linear.weight`, `fc.bias`, `model.0.weight`) and are often saved in half
 * precision or as float64. Any single weight/bias pair in any float type loads, and the result says
 * which tensors were used and what was converted, so nothing is changed silently.
 *
 * Runtime-neutral.
 * @module
 */
import { checkFinite, excerpt } from "./_validate.ts";
import { SoftmaxRegression } from "./model.ts";
import { decodeSafetensors, type SafeTensor, type SafetensorsDType, toFloat32 } from "./safetensors.ts";

/** What {@link readSafetensorsModel} found in a file. */
export interface SafetensorsModel {
  /** The model, in float32 as every backend computes. */
  readonly model: SoftmaxRegression;
  /** The names of the tensors used, e.g. `{ weight: "fc.weight", bias: "fc.bias" }`. */
  readonly keys: { readonly weight: string; readonly bias: string };
  /** The dtypes those tensors had in the file. */
  readonly dtypes: { readonly weight: SafetensorsDType; readonly bias: SafetensorsDType };
  /** The conversions made, e.g. `["weight F16 → F32", "bias F16 → F32"]`; empty when both were F32. */
  readonly converted: readonly string[];
  /** The file's `__metadata__` (empty when absent). */
  readonly metadata: Readonly<Record<string, string>>;
}

const FLOATS: readonly SafetensorsDType[] = ["F16", "BF16", "F32", "F64"];

/**
 * Decodes a model from safetensors bytes: `weight` `[C, F]` and `bias` `[C]` (PyTorch `nn.Linear`
 * layout), found as exactly those names, else as one `<prefix>.weight` + `<prefix>.bias` pair, else as
 * the file's only `*.weight` and only `*.bias`; F16, BF16 and F64 tensors are converted to F32.
 * @param bytes the whole file: any `Uint8Array`, including a Node `Buffer` or a view into a larger buffer
 * @param name the file's name, for error messages
 * @returns the model, the tensor names and dtypes found, the conversions made and the file's metadata
 * @throws {RangeError} when no single weight/bias pair is found, a tensor is not a float type, or the
 * shapes disagree (and as {@link decodeSafetensors}).
 * @example
 * ```ts
 * import { encodeSafetensors, readSafetensorsModel } from "@mnist/softmax";
 * const bytes = encodeSafetensors({
 *   "fc.weight": { dtype: "F64", shape: [2, 3], data: new Float64Array([1, 2, 3, 4, 5, 6]) },
 *   "fc.bias": { dtype: "F32", shape: [2], data: new Float32Array([0.5, -0.5]) },
 * });
 * const { model, keys, converted } = readSafetensorsModel(bytes);
 * console.log(model.features, model.classes, keys.weight, converted); // 3 2 fc.weight [ "weight F64 → F32" ]
 * ```
 */
export function readSafetensorsModel(bytes: Uint8Array, name = "model.safetensors"): SafetensorsModel {
  const { tensors, metadata } = decodeSafetensors(bytes, name);
  const keys = findPair(Object.keys(tensors), name);
  const weight = tensors[keys.weight];
  const bias = tensors[keys.bias];
  if (
    !FLOATS.includes(weight.dtype) ||
    weight.shape.length !== 2 ||
    !FLOATS.includes(bias.dtype) ||
    bias.shape.length !== 1
  ) {
    throw new RangeError(
      `Cannot load model from ${name}: found ${describe(weight)} ${keys.weight} and ${describe(bias)} ${keys.bias}, expected a float weight [C, F] and a float bias [C] (F32, F16, BF16 or F64)`,
    );
  }
  const [C, F] = weight.shape;
  if (C === 0 || F === 0) {
    throw new RangeError(
      `Cannot load model from ${name}: ${keys.weight} is [${C}, ${F}], expected at least one class and one feature`,
    );
  }
  if (bias.shape[0] !== C) {
    throw new RangeError(
      `Cannot load model from ${name}: ${keys.bias} has ${bias.shape[0]} classes, expected the weight's ${C}`,
    );
  }
  for (const [key, value] of [
    ["features", F],
    ["classes", C],
  ] as const) {
    if (metadata[key] !== undefined && metadata[key] !== String(value)) {
      throw new RangeError(
        `Cannot load model from ${name}: metadata ${key} is ${excerpt(metadata[key])}, expected the tensors' ${value}`,
      );
    }
  }
  const converted: string[] = [];
  if (weight.dtype !== "F32") converted.push(`weight ${weight.dtype} → F32`);
  if (bias.dtype !== "F32") converted.push(`bias ${bias.dtype} → F32`);
  const w = toFloat32(weight);
  const b = toFloat32(bias);
  // Every consumer (eval, predict, export, the dashboard) gets finite weights or an error naming one.
  checkFinite(w, weight.shape, `Cannot load model from ${name}: ${keys.weight}`);
  checkFinite(b, bias.shape, `Cannot load model from ${name}: ${keys.bias}`);
  return {
    model: SoftmaxRegression.fromTorchLayout(w, b, F),
    keys,
    dtypes: { weight: weight.dtype, bias: bias.dtype },
    converted,
    metadata,
  };
}

/** The weight/bias names: exact, else one shared prefix, else the only `*.weight` and `*.bias`. */
function findPair(names: readonly string[], file: string): { weight: string; bias: string } {
  const has = new Set(names);
  if (has.has("weight") && has.has("bias")) return { weight: "weight", bias: "bias" };
  const weights = names.filter((n) => n.endsWith(".weight"));
  const biases = names.filter((n) => n.endsWith(".bias"));
  const pairs = weights.filter((w) => has.has(`${w.slice(0, -".weight".length)}.bias`));
  if (pairs.length === 1) return { weight: pairs[0], bias: `${pairs[0].slice(0, -".weight".length)}.bias` };
  if (pairs.length === 0 && weights.length === 1 && biases.length === 1) {
    return { weight: weights[0], bias: biases[0] };
  }
  const found = names.length === 0 ? "no tensors" : `tensors ${names.join(", ")}`;
  throw new RangeError(
    `Cannot load model from ${file}: found ${found}, expected weight and bias or a single <prefix>.weight and <prefix>.bias pair`,
  );
}

function describe(t: SafeTensor): string {
  return `${t.dtype} [${t.shape.join(", ")}]`;
}
