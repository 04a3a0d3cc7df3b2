/**
 * Reading model files: safetensors (`weight` [C, F] in PyTorch layout, `bias` [C]; `@mnist/softmax`'s
 * checkpoint format) or a JSON `{ weight: number[C×F], bias: number[C] }` in PyTorch layout.
 * @module
 */
import { decodeModel, encodeModel, SoftmaxRegression } from "@mnist/softmax";
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
  if (first !== 0x7b) return toWire(decodeModel(bytes, name));
  let json: { weight?: unknown; bias?: unknown };
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new SyntaxError(`Cannot read model ${name}: not valid JSON, expected { weight, bias }`);
  }
  if (!Array.isArray(json.weight) || !Array.isArray(json.bias) || json.bias.length === 0) {
    throw new SyntaxError(
      `Cannot read model ${name}: found no weight and bias arrays, expected { weight, bias } (a sidecar holds none: drop model.safetensors)`,
    );
  }
  const classes = json.bias.length;
  const features = json.weight.length / classes;
  if (!Number.isInteger(features)) {
    throw new SyntaxError(
      `Cannot read model ${name}: weight has ${json.weight.length} values, expected a multiple of ${classes}`,
    );
  }
  return toWire(SoftmaxRegression.fromTorchLayout(json.weight as number[], json.bias as number[], features));
}

/** Encodes a model as safetensors (PyTorch `nn.Linear` layout, loadable with `load_state_dict`). */
export function writeSafetensors(model: WireModel): Uint8Array {
  return encodeModel(new SoftmaxRegression(model.features, model.classes, model.weight, model.bias));
}
