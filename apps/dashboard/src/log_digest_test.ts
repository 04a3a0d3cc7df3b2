import type { RunLogRecord, StepRecord } from "@mnist/metrics";
import { describe, expect, it } from "vitest";
import { Decimator, LogDigest } from "./log_digest.ts";

const step = (step: number, loss: number): StepRecord => ({ type: "step", epoch: 1, step, loss, lr: 0.1 });

describe("Decimator", () => {
  it("keeps every record while there are few", () => {
    const d = new Decimator<number>((v) => v, 8);
    for (let i = 0; i < 8; i++) d.push(i);
    expect(d.records()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("bounds what it keeps, keeps each bucket's extremes in order, and the last record", () => {
    const d = new Decimator<StepRecord>((r) => r.loss, 100);
    const n = 100_003;
    for (let i = 1; i <= n; i++) d.push(step(i, i === 5000 ? 99 : i === 70_000 ? -5 : Math.sin(i / 1000)));
    const kept = d.records();
    expect(d.count).toBe(n);
    expect(kept.length).toBeLessThanOrEqual(2 * 101 + 1);
    expect(kept.length).toBeGreaterThan(100);
    const steps = kept.map((r) => r.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps).toContain(5000);
    expect(steps).toContain(70_000);
    expect(steps.at(-1)).toBe(n);
  });

  it("keeps a NaN loss as the bucket's high point", () => {
    const d = new Decimator<StepRecord>((r) => r.loss, 4);
    for (let i = 1; i <= 64; i++) d.push(step(i, i === 33 ? Number.NaN : 1));
    expect(d.records().some((r) => Number.isNaN(r.loss))).toBe(true);
  });
});

describe("LogDigest", () => {
  it("keeps run-start first, interleaves thinned steps with epochs, counts what it read", () => {
    const g = new LogDigest();
    const start = {
      type: "run-start",
      version: "1.0",
      time: "t",
      config: {},
      seed: 0,
      backend: "cpu",
    } as const satisfies RunLogRecord;
    g.push(start);
    let s = 0;
    for (let e = 1; e <= 3; e++) {
      for (let i = 0; i < 50_000; i++) g.push({ ...step(++s, 1 / s), epoch: e });
      g.push({
        type: "epoch",
        epoch: e,
        trainAccuracy: 0.9,
        testAccuracy: 0.9,
        trainLoss: 0.1,
        testLoss: 0.1,
        seconds: 1,
      });
      g.push({ type: "checkpoint", epoch: e, path: `c${e}` });
    }
    const r = g.result();
    expect(r.total).toBe(1 + 150_000 + 6);
    expect(r.steps.read).toBe(150_000);
    expect(r.steps.kept).toBeLessThanOrEqual(2001);
    expect(r.epochs).toEqual({ read: 3, kept: 3 });
    expect(r.checkpoints).toBe(3);
    expect(r.records[0]).toBe(start);
    let epoch = 0;
    for (const rec of r.records.slice(1)) {
      if (rec.type === "epoch") epoch = rec.epoch;
      if (rec.type === "step") expect(rec.epoch).toBe(epoch + 1);
    }
  });
});
