import { describe, expect, it } from "vitest";
import { resolveConfig, TUTORIAL } from "./config.ts";
import { learningRate } from "./schedule.ts";

const at = (step: number) => ({ step, stepsPerEpoch: 10, totalSteps: 50 });

describe("learningRate", () => {
  it("is constant by default", () => {
    const c = resolveConfig(TUTORIAL);
    expect([1, 25, 50].map((s) => learningRate(c, at(s)))).toEqual([0.05, 0.05, 0.05]);
  });

  it("steps down by gamma every stepEpochs epochs", () => {
    const c = resolveConfig({ ...TUTORIAL, lr: 1, schedule: "step", stepEpochs: 2, gamma: 0.5 });
    expect([1, 20, 21, 40, 41, 50].map((s) => learningRate(c, at(s)))).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });

  it("follows a half cosine from lr to minLr after a linear warm-up", () => {
    const c = resolveConfig({ ...TUTORIAL, lr: 1, schedule: "cosine", warmupSteps: 10, minLr: 0.1 });
    expect(learningRate(c, at(1))).toBeCloseTo(0.1, 15);
    expect(learningRate(c, at(5))).toBeCloseTo(0.5, 15);
    expect(learningRate(c, at(10))).toBe(1);
    expect(learningRate(c, at(11))).toBe(1);
    expect(learningRate(c, at(31))).toBeCloseTo(0.55, 12); // halfway: t = 20 of 40
    expect(learningRate(c, at(50))).toBeCloseTo(0.1 + 0.9 * (1 + Math.cos((Math.PI * 39) / 40)) * 0.5, 12);
    for (let s = 12; s <= 50; s++) expect(learningRate(c, at(s))).toBeLessThan(learningRate(c, at(s - 1)));
  });
});

describe("resolveConfig", () => {
  it("fills PyTorch's defaults and keeps given values", () => {
    const c = resolveConfig({ ...TUTORIAL, beta1: 0.8 });
    expect(c).toMatchObject({
      beta1: 0.8,
      beta2: 0.999,
      eps: 1e-8,
      dampening: 0,
      schedule: "constant",
      warmupSteps: 0,
    });
  });

  it("names the field that is out of range", () => {
    expect(() => resolveConfig({ ...TUTORIAL, batchSize: 0 })).toThrow(
      "Cannot use training config: batchSize is 0, expected an integer ≥ 1",
    );
    expect(() => resolveConfig({ ...TUTORIAL, nesterov: true })).toThrow(
      /nesterov is true, expected momentum > 0/,
    );
    expect(() => resolveConfig({ ...TUTORIAL, schedule: "linear" as "step" })).toThrow(
      /schedule is "linear"/,
    );
  });
});
