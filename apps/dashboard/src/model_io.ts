/**
 * Reading model files: safetensors (`weight` [C, F] in PyTorch layout, `bias` [C]; `@mnist/softmax`'s
 * checkpoint format) or the JSON model of `@mnist/softmax` (what `mnist export` writes).
 * @module
 */
import { decodeModel, decodeModelJson, encodeModel, SoftmaxRegression } from "@mnist/softmax";
import type { WireModel } from "./protocol.ts";

function toWire(m: SoftmaxRegression): WireModel {
  return { features: m.features, classes: m.classes, weight: m.weight, bias: m.bias };
}

/**
 * Reads a model from a file's bytes; JSON when the content starts with `{`, else safetensors.
 * @throws {SyntaxError | RangeError} when the file is neither format or the shapes disagree.
 */
export function readModel(bytes: Uint8Array, name: string): WireModel {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  const model =
    first !== 0x7b ? decodeModel(bytes, name) : decodeModelJson(new TextDecoder().decode(bytes), name);
  return checkModel(toWire(model), name);
}

/**
 * Refuses a model nothing sensible can be shown of: no inputs, no classes, or a weight or bias that
 * is not a finite number (a diverged run's NaN would otherwise flow into every view).
 * @throws {RangeError} one line naming the file and the first bad value.
 */
export function checkModel(model: WireModel, name: string): WireModel {
  const { features, classes, weight, bias } = model;
  if (!(features > 0) || !(classes > 0)) {
    throw new RangeError(
      `Cannot use model ${name}: it has ${features} inputs and ${classes} classes, expected at least one of each`,
    );
  }
  const bad = (a: Float32Array) => a.findIndex((v) => !Number.isFinite(v));
  for (const [field, values] of [
    ["weight", weight],
    ["bias", bias],
  ] as const) {
    const i = bad(values);
    if (i >= 0) {
      throw new RangeError(
        `Cannot use model ${name}: ${field}[${i}] is ${values[i]}, expected finite numbers (did training diverge?)`,
      );
    }
  }
  return model;
}

/** Encodes a model as safetensors (PyTorch `nn.Linear` layout, loadable with `load_state_dict`). */
export function writeSafetensors(model: WireModel): Uint8Array {
  return encodeModel(new SoftmaxRegression(model.features, model.classes, model.weight, model.bias));
}
