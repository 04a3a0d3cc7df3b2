import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "./_test_fixtures.ts";
import { TUTORIAL } from "./config.ts";
import { evaluate } from "./evaluate.ts";
import { type EpochEvent, type TrainEvent, train } from "./trainer.ts";
import { selectRows, validationSplit } from "./validation.ts";

describe("validationSplit", () => {
  it("holds out n rows disjoint from the trained ones, together all rows, the same for the same seed", () => {
    const a = validationSplit(1000, 100, 7);
    expect(a.val).toHaveLength(100);
    expect(a.train).toHaveLength(900);
    const all = new Set([...a.val, ...a.train]);
    expect(all.size).toBe(1000);
    for (let i = 1; i < a.val.length; i++) expect(a.val[i]).toBeGreaterThan(a.val[i - 1]);
    expect([...validationSplit(1000, 100, 7).val]).toEqual([...a.val]);
    expect([...validationSplit(1000, 100, 8).val]).not.toEqual([...a.val]);
    // Not simply the first or last rows.
    expect(a.val[0]).toBeLessThan(100);
    expect(a.val[99]).toBeGreaterThan(900);
  });

  it("refuses a split that leaves no row on either side", () => {
    expect(() => validationSplit(10, 10, 0)).toThrow(/expected an integer 1 … 9/);
    expect(() => validationSplit(10, 0, 0)).toThrow(RangeError);
  });
});

describe("train with a validation set", () => {
  it("reports val metrics equal to an evaluation of the held-out rows, and stops when asked", async () => {
    const data = await smallMnist(2000, 500);
    const split = validationSplit(data.train.count, 400, 3);
    const trainSet = selectRows(data.train, split.train);
    const val = selectRows(data.train, split.val);
    expect(val.labels[0]).toBe(data.train.labels[split.val[0]]);
    const events: TrainEvent[] = [];
    for await (const e of train({
      backend: createCpuBackend(),
      train: trainSet,
      test: data.test,
      validation: val,
      config: { ...TUTORIAL, loss: "cross-entropy", epochs: 5, seed: 3 },
      stopAfter: (e) => (e.epoch === 2 ? "asked to stop" : undefined),
    })) {
      events.push(e);
    }
    const epochs = events.filter((e): e is EpochEvent => e.type === "epoch");
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    const be = createCpuBackend();
    for (const e of epochs) {
      const expected = await evaluate(be, e.model, val, "cross-entropy");
      expect(e.valAccuracy).toBe(expected.accuracy);
      expect(e.valLoss).toBeCloseTo(expected.meanLoss, 5);
    }
    expect(events.map((e) => e.type).join(" ")).toBe("run-start epoch checkpoint epoch checkpoint run-end");
    const end = events.at(-1);
    expect(end?.type === "run-end" && end.stopped).toBe("asked to stop");
    expect(end?.type === "run-end" && end.epoch).toBe(2);
  });

  it("emits no val metrics without a validation set", async () => {
    const data = await smallMnist(500, 100);
    for await (const e of train({
      backend: createCpuBackend(),
      ...data,
      config: { ...TUTORIAL, epochs: 1 },
    })) {
      if (e.type === "epoch") expect("valAccuracy" in e).toBe(false);
      if (e.type === "checkpoint") expect(Object.keys(e.metrics)).not.toContain("valAccuracy");
    }
  });
});
