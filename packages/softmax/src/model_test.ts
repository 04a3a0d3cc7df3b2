import { Random } from "@mnist/tensor";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { predict } from "./evaluate.ts";
import { SoftmaxRegression } from "./model.ts";

describe("SoftmaxRegression", () => {
  it("is initialised uniformly in ±1/√F like nn.Linear, from the seed", () => {
    const a = SoftmaxRegression.init(784, 10, 3);
    const bound = 1 / Math.sqrt(784);
    expect(a.weight.every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(a.bias.every((v) => Math.abs(v) <= bound)).toBe(true);
    const mean = a.weight.reduce((s, v) => s + v, 0) / a.weight.length;
    expect(Math.abs(mean)).toBeLessThan(bound / 20);
    expect(Math.max(...a.weight)).toBeGreaterThan(bound * 0.99);
    expect(SoftmaxRegression.init(784, 10, 4).weight).not.toEqual(a.weight);
  });

  it("gives the same probabilities on the host and on a backend, and classes from them", async () => {
    const model = SoftmaxRegression.init(12, 4, 5);
    for (let i = 0; i < model.weight.length; i++) model.weight[i] *= 20;
    const rng = new Random(1);
    const images = Uint8Array.from({ length: 12 * 7 }, () => (rng.next() < 0.5 ? 0 : rng.int(256)));
    const host = model.probabilities(images);
    const device = await predict(createCpuBackend(), model, images);
    for (let i = 0; i < host.length; i++) expect(host[i]).toBeCloseTo(device.probabilities[i], 6);
    expect(Array.from(model.predict(images))).toEqual(Array.from(device.classes));
    for (let r = 0; r < 7; r++)
      expect(host.subarray(r * 4, r * 4 + 4).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it("converts to and from PyTorch layout", () => {
    const model = SoftmaxRegression.init(5, 3, 1);
    const back = SoftmaxRegression.fromTorchLayout(model.torchWeight(), model.bias, 5);
    expect(back.weight).toEqual(model.weight);
    expect(() => SoftmaxRegression.fromTorchLayout(new Float32Array(14), new Float32Array(3), 5)).toThrow(
      "Cannot load PyTorch weight: it has 14 values, expected 3×5 = 15",
    );
  });
});

describe("Random", () => {
  it("continues identically from a saved state", () => {
    const a = new Random(42);
    a.permutation(100);
    const b = Random.fromState(a.state());
    expect(b.permutation(50)).toEqual(a.permutation(50));
    expect(() => Random.fromState([0, 0, 0, 0])).toThrow("Cannot restore random state");
  });
});
