import { describe, expect, it } from "vitest";
import { validateRecord } from "./_validate_record.ts";
import { runEndRecord } from "./run_end_record.ts";
import { formatRecord } from "./run_log.ts";

describe("runEndRecord", () => {
  const last = {
    type: "epoch",
    epoch: 4,
    trainAccuracy: 0.875,
    testAccuracy: 0.9,
    trainLoss: 0.25,
    testLoss: 0.3,
    seconds: 1.5,
    lr: 0.05,
    confusion: [
      [9, 1],
      [1, 9],
    ],
  } as const;

  it("carries the last epoch's metrics and confusion matrix", () => {
    expect(runEndRecord(last, { seconds: 7.25, time: "2025-01-02T03:04:05.000Z" })).toEqual({
      type: "run-end",
      time: "2025-01-02T03:04:05.000Z",
      seconds: 7.25,
      testAccuracy: 0.9,
      trainAccuracy: 0.875,
      testLoss: 0.3,
      trainLoss: 0.25,
      epochs: 4,
      confusion: last.confusion,
    });
  });

  it("takes the epochs completed when given, and the current time by default", () => {
    const before = Date.now();
    const end = runEndRecord(last, { seconds: 1, epochs: 5 });
    expect(end.epochs).toBe(5);
    expect(Date.parse(end.time)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(end.time)).toBeLessThanOrEqual(Date.now());
  });

  it("writes NaN test accuracy (null) without an evaluated epoch, and stays a valid record", () => {
    const end = runEndRecord(undefined, { seconds: 0.5, epochs: 0, time: "t" });
    expect(end).toEqual({ type: "run-end", time: "t", seconds: 0.5, testAccuracy: Number.NaN, epochs: 0 });
    expect(formatRecord(end)).toBe(
      '{"type":"run-end","time":"t","seconds":0.5,"testAccuracy":null,"epochs":0}\n',
    );
    for (const r of [end, runEndRecord(last, { seconds: 2 })]) {
      expect(() => validateRecord(JSON.parse(formatRecord(r)), "run.jsonl line 1")).not.toThrow();
    }
  });
});
