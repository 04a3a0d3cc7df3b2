import { describe, expect, it } from "vitest";
import { decodeModel, encodeModel } from "./checkpoint.ts";
import { SoftmaxRegression } from "./model.ts";
import { encodeSafetensors, type SafeTensor, toFloat32 } from "./safetensors.ts";
import { readSafetensorsModel } from "./safetensors_model.ts";

const f32 = (shape: number[], values: number[]): SafeTensor => ({
  dtype: "F32",
  shape,
  data: new Float32Array(values),
});
const W = [1, 2, 3, 4, 5, 6];
const B = [0.5, -0.5];

describe("readSafetensorsModel: key names", () => {
  for (const [weight, bias] of [
    ["weight", "bias"],
    ["linear.weight", "linear.bias"],
    ["fc.weight", "fc.bias"],
    ["model.0.weight", "model.0.bias"],
    ["linear.weight", "fc.bias"],
  ]) {
    it(`${weight} + ${bias}`, () => {
      const bytes = encodeSafetensors({ [weight]: f32([2, 3], W), [bias]: f32([2], B) });
      const got = readSafetensorsModel(bytes);
      expect(got.keys).toEqual({ weight, bias });
      expect(got.converted).toEqual([]);
      expect(Array.from(got.model.torchWeight())).toEqual(W);
      expect(Array.from(got.model.bias)).toEqual(B);
    });
  }

  it("prefers the one prefix that has both tensors over stray ones", () => {
    const bytes = encodeSafetensors({
      "fc.weight": f32([2, 3], W),
      "fc.bias": f32([2], B),
      "norm.bias": f32([3], [0, 0, 0]),
    });
    expect(readSafetensorsModel(bytes).keys).toEqual({ weight: "fc.weight", bias: "fc.bias" });
  });

  it("refuses two layers, naming the tensors", () => {
    const bytes = encodeSafetensors({
      "a.weight": f32([2, 3], W),
      "a.bias": f32([2], B),
      "b.weight": f32([2, 3], W),
      "b.bias": f32([2], B),
    });
    expect(() => decodeModel(bytes, "two.safetensors")).toThrow(
      "Cannot load model from two.safetensors: found tensors a.weight, a.bias, b.weight, b.bias, expected weight and bias or a single <prefix>.weight and <prefix>.bias pair",
    );
  });

  it("refuses integer tensors and disagreeing shapes", () => {
    const ints = encodeSafetensors({
      weight: { dtype: "I32", shape: [2, 3], data: new Int32Array(W) },
      bias: f32([2], B),
    });
    expect(() => decodeModel(ints)).toThrow(
      /found I32 \[2, 3\] weight and F32 \[2\] bias, expected a float weight/,
    );
    const shapes = encodeSafetensors({ weight: f32([2, 3], W), bias: f32([3], [1, 2, 3]) });
    expect(() => decodeModel(shapes)).toThrow("bias has 3 classes, expected the weight's 2");
  });
});

describe("readSafetensorsModel: dtypes", () => {
  it("converts F16, BF16 and F64, and says so", () => {
    // Half: 1, -2, 65504 (largest finite), 2^-24 (smallest subnormal), 1/3 rounded, -0.
    const half = new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x3555, 0x8000]);
    const bytes = encodeSafetensors({
      "linear.weight": { dtype: "F16", shape: [2, 3], data: half },
      "linear.bias": { dtype: "BF16", shape: [2], data: new Uint16Array([0x3f80, 0x4049]) },
    });
    const got = readSafetensorsModel(bytes);
    expect(got.dtypes).toEqual({ weight: "F16", bias: "BF16" });
    expect(got.converted).toEqual(["weight F16 → F32", "bias BF16 → F32"]);
    expect(Array.from(got.model.torchWeight())).toEqual([1, -2, 65504, 2 ** -24, 0.333251953125, -0]);
    expect(Array.from(got.model.bias)).toEqual([1, 3.140625]);

    const f64 = encodeSafetensors({
      weight: { dtype: "F64", shape: [2, 3], data: new Float64Array([0.1, 2, 3, 4, 5, 1e-50]) },
      bias: f32([2], B),
    });
    const wide = readSafetensorsModel(f64);
    expect(wide.converted).toEqual(["weight F64 → F32"]);
    expect(Array.from(wide.model.torchWeight())).toEqual([Math.fround(0.1), 2, 3, 4, 5, 0]);
  });

  it("half-precision infinities and NaN", () => {
    const t: SafeTensor = { dtype: "F16", shape: [3], data: new Uint16Array([0x7c00, 0xfc00, 0x7e00]) };
    expect(Array.from(toFloat32(t))).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
    ]);
  });

  it("our own files load unchanged, with their metadata", () => {
    const model = SoftmaxRegression.init(5, 3, 7);
    const got = readSafetensorsModel(encodeModel(model));
    expect(got.keys).toEqual({ weight: "weight", bias: "bias" });
    expect(got.metadata).toMatchObject({ format: "pt", features: "5", classes: "3" });
    expect(Array.from(got.model.weight)).toEqual(Array.from(model.weight));
  });
});
