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
 * Reads a model from a file's bytes; JSON when the content starts with `{`, else safetensors. Both
 * decoders of `@mnist/softmax` refuse empty shapes and non-finite values, naming the element.
 * @throws {SyntaxError | RangeError} when the file is neither format, the shapes disagree or are empty,
 *   or a value is not finite.
 */
export function readModel(bytes: Uint8Array, name: string): WireModel {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  const model =
    first !== 0x7b ? decodeModel(bytes, name) : decodeModelJson(new TextDecoder().decode(bytes), name);
  return toWire(model);
}

/** Encodes a model as safetensors (PyTorch `nn.Linear` layout, loadable with `load_state_dict`). */
export function writeSafetensors(model: WireModel): Uint8Array {
  return encodeModel(new SoftmaxRegression(model.features, model.classes, model.weight, model.bias));
}
