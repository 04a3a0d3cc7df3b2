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
  const fail = (where: string, v: number): never => {
    throw new RangeError(
      `Cannot use model ${name}: ${where} is ${v}, expected finite numbers (did training diverge?)`,
    );
  };
  // Named as in the file, PyTorch's [class][input], though held input-major here.
  const w = weight.findIndex((v) => !Number.isFinite(v));
  if (w >= 0) fail(`weight[${w % classes}][${Math.floor(w / classes)}]`, weight[w]);
  const b = bias.findIndex((v) => !Number.isFinite(v));
  if (b >= 0) fail(`bias[${b}]`, bias[b]);
  return model;
}

/** Encodes a model as safetensors (PyTorch `nn.Linear` layout, loadable with `load_state_dict`). */
export function writeSafetensors(model: WireModel): Uint8Array {
  return encodeModel(new SoftmaxRegression(model.features, model.classes, model.weight, model.bias));
}
