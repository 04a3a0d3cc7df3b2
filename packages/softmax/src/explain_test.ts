import { type Dataset, subset } from "@mnist/idx";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { mnist } from "./_test_fixtures.ts";
import { explain } from "./explain.ts";
import { SoftmaxRegression } from "./model.ts";

/** A meaningful model without training: each class's weights are its mean image minus the overall mean. */
function meanImageModel(train: Dataset): SoftmaxRegression {
  const { features: F, classes: C } = train;
  const model = new SoftmaxRegression(F, C);
  const counts = new Float64Array(C);
  for (const y of train.labels) counts[y]++;
  for (let i = 0; i < train.count; i++) {
    const y = train.labels[i];
    for (let k = 0; k < F; k++) {
      const x = train.images[i * F + k] / 255;
      for (let c = 0; c < C; c++)
        model.weight[k * C + c] += 2 * x * ((c === y ? 1 / counts[c] : 0) - 1 / train.count);
    }
  }
  for (let c = 0; c < C; c++) model.bias[c] = 0.005 * (c - 4.5);
  return model;
}

describe("explain", () => {
  it("splits each logit exactly into bias + Σ W⊙x, as the backend computes it, on real MNIST", async () => {
    const { train, test } = await mnist();
    const model = meanImageModel(subset(train, 2000));
    const n = 200;
    const images = subset(test, n);
    const be = createCpuBackend();
    const ds = be.uploadDataset(images.images, images.labels, model.features, model.classes);
    const w = be.upload("f32", model.weight);
    const b = be.upload("f32", model.bias);
    const z = be.zeros("f32", n * model.classes);
    be.linearForward(ds, { order: null, offset: 0, count: n }, w, b, z);
    const logits = await be.read(z);
    be.destroy();
    const predicted = model.predict(images.images);
    let correct = 0;
    let worst = 0;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const image = images.images.subarray(i * 784, (i + 1) * 784);
      const e = explain(model, image, { shape: [28, 28] });
      let sumP = 0;
      for (const c of e.classes) {
        // Summed here independently of explain's own running sum.
        let s = 0;
        for (const v of c.contributions) s += v;
        expect(c.bias + s).toBeCloseTo(c.logit, 12);
        expect(c.contributionSum).toBeCloseTo(s, 12);
        // The backend sums in float32, so the agreement is relative to the logit's size.
        const device = logits[i * 10 + c.class];
        worst = Math.max(worst, Math.abs(c.logit - device) / Math.max(1, Math.abs(device)));
        largest = Math.max(largest, Math.abs(c.logit));
        sumP += c.probability;
      }
      expect(sumP).toBeCloseTo(1, 12);
      const argmax = e.classes.reduce((best, c) => (c.logit > e.classes[best].logit ? c.class : best), 0);
      expect(e.predicted).toBe(argmax);
      expect(e.predicted).toBe(predicted[i]);
      const rest = e.classes.filter((c) => c.class !== e.predicted).map((c) => c.logit);
      expect(e.classes[e.runnerUp].logit).toBe(Math.max(...rest));
      if (e.predicted === images.labels[i]) correct++;
    }
    expect(worst).toBeLessThan(1e-5);
    // Not a degenerate model: the comparison is between distinct, meaningful logits.
    expect(correct).toBeGreaterThan(n * 0.4);
    expect(largest).toBeGreaterThan(2);
  });

  it("lists the strongest pixels each way with their row and column, and one scale for both maps", () => {
    // 2×3 image, 2 classes; weights chosen so the ranking is known.
    const weight = Float32Array.of(1, 0, -2, 0, 3, 1, 0, 0, -1, 2, 0.5, -4);
    const model = new SoftmaxRegression(6, 2, weight, Float32Array.of(0, 1));
    const e = explain(model, Uint8Array.of(255, 255, 255, 0, 255, 255), { shape: [2, 3], top: 2 });
    expect(e.classes[0].topPositive.map((p) => [p.row, p.col, p.contribution])).toEqual([
      [0, 2, 3],
      [0, 0, 1],
    ]);
    expect(e.classes[0].topNegative.map((p) => [p.row, p.col, p.contribution])).toEqual([
      [0, 1, -2],
      [1, 1, -1],
    ]);
    expect(e.classes[1].topNegative.map((p) => p.index)).toEqual([5]);
    // Logits: class 0 = 1 - 2 + 3 - 1 + 0.5 = 1.5; class 1 = 1 + 1 + 2 - 4 = 0.
    expect(e.classes.map((c) => c.logit)).toEqual([1.5, 0]);
    expect([e.predicted, e.runnerUp]).toEqual([0, 1]);
    expect(e.scale).toBe(4);
    expect(e.classes[0].probability).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 12);
  });

  it("refuses an image or a shape that does not fit the model", () => {
    const model = new SoftmaxRegression(6, 2);
    expect(() => explain(model, new Uint8Array(5))).toThrow(
      "Cannot explain a prediction: the image has 5 pixels, expected the model's 6",
    );
    expect(() => explain(model, new Uint8Array(6), { shape: [2, 2] })).toThrow(
      "Cannot explain a prediction: shape 2×2 holds 4 pixels, expected the model's 6",
    );
    expect(explain(model, new Uint8Array(6)).shape).toEqual([1, 6]);
  });
});
