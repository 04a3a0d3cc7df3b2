import { encodeModelJson, SoftmaxRegression } from "@mnist/softmax";
import { describe, expect, it } from "vitest";
import { readModel, writeSafetensors } from "./model_io.ts";

const model = () => {
  const features = 6;
  const classes = 3;
  const weight = Float32Array.from({ length: features * classes }, (_, i) => i * 0.5 - 3);
  const bias = Float32Array.from([0.1, -0.2, 0.3]);
  return { features, classes, weight, bias };
};

describe("model files", () => {
  it("round-trips through safetensors with PyTorch-layout tensors", () => {
    const m = model();
    const bytes = writeSafetensors(m);
    const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.weight.shape).toEqual([3, 6]);
    expect(header.bias.shape).toEqual([3]);
    const back = readModel(bytes, "m.safetensors");
    expect(Array.from(back.weight)).toEqual(Array.from(m.weight));
    expect(Array.from(back.bias)).toEqual(Array.from(m.bias));
  });

  it("reads the JSON model that mnist export writes", () => {
    const m = model();
    const json = encodeModelJson(new SoftmaxRegression(m.features, m.classes, m.weight, m.bias));
    const back = readModel(new TextEncoder().encode(json), "model.json");
    expect(Array.from(back.weight)).toEqual(Array.from(m.weight));
    expect(Array.from(back.bias)).toEqual(Array.from(m.bias));
  });

  it("reads a JSON model in PyTorch layout", () => {
    const json = JSON.stringify({ weight: [1, 2, 3, 4, 5, 6], bias: [7, 8] });
    const m = readModel(new TextEncoder().encode(json), "model.json");
    expect(m.features).toBe(3);
    // input-major: W[k×C]; torch weight row c = class c.
    expect(Array.from(m.weight)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("names the file when the content is neither format", () => {
    expect(() => readModel(new Uint8Array([1, 2, 3]), "junk.bin")).toThrow(/junk\.bin/);
    expect(() => readModel(new TextEncoder().encode('{"format":"x"}'), "model.json")).toThrow(
      /Cannot read model model\.json/,
    );
  });

  it("refuses NaN weights and a model without inputs in one line naming the file", () => {
    const m = model();
    m.weight[4] = Number.NaN;
    expect(() => readModel(writeSafetensors(m), "nan.safetensors")).toThrow(
      /^Cannot (load|use) model (from )?nan\.safetensors: weight\[1(, |\]\[)1\] is NaN, expected (a )?finite/,
    );
    const empty = { features: 0, classes: 3, weight: new Float32Array(0), bias: new Float32Array(3) };
    let message = "";
    try {
      readModel(safetensors(empty), "empty.safetensors");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/empty\.safetensors/);
    expect(message).not.toContain("\n");
  });
});

/** Safetensors bytes written by hand, so that shapes the encoder would refuse can be tested. */
function safetensors(m: { features: number; classes: number; weight: Float32Array; bias: Float32Array }) {
  const header = JSON.stringify({
    weight: { dtype: "F32", shape: [m.classes, m.features], data_offsets: [0, m.weight.byteLength] },
    bias: {
      dtype: "F32",
      shape: [m.classes],
      data_offsets: [m.weight.byteLength, m.weight.byteLength + m.bias.byteLength],
    },
  });
  const h = new TextEncoder().encode(header.padEnd(Math.ceil(header.length / 8) * 8, " "));
  const out = new Uint8Array(8 + h.length + m.weight.byteLength + m.bias.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(new Uint8Array(m.weight.buffer), 8 + h.length);
  out.set(new Uint8Array(m.bias.buffer), 8 + h.length + m.weight.byteLength);
  return out;
}
