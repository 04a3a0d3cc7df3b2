import { describe, expect, it } from "vitest";
import { RunningMetrics } from "./accuracy.ts";

describe("RunningMetrics", () => {
  it("accumulates accuracy and mean loss batch by batch", () => {
    const m = new RunningMetrics();
    expect(m.accuracy).toBe(0);
    m.add(100, 80, 20);
    m.add(50, 45, 5);
    expect(m.accuracy).toBeCloseTo(125 / 150, 12);
    expect(m.meanLoss).toBeCloseTo(25 / 150, 12);
  });
});
