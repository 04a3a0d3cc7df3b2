import { describe, expect, it } from "vitest";
import { describeProgress, formatDuration, ProgressMeter } from "./progress.ts";

describe("ProgressMeter", () => {
  it("counts steps over all epochs and times from the first reading", () => {
    // 1,000 images in batches of 100: 10 steps per epoch, 3 epochs.
    const m = new ProgressMeter(1000, 100, 3);
    const first = m.read(5, 10_000);
    expect(first).toMatchObject({ step: 5, totalSteps: 30, epoch: 1 });
    expect(first.samplesPerSecond).toBeNaN();
    expect(describeProgress(first)).toBe("Step 5 of 30 (epoch 1 of 3)");
    // 10 more steps (1,000 samples) in 2 s: 500 samples/s, 15 steps left at 0.2 s each.
    const r = m.read(15, 12_000);
    expect(r.epoch).toBe(2);
    expect(r.samplesPerSecond).toBeCloseTo(500, 10);
    expect(r.secondsLeft).toBeCloseTo(3, 10);
    expect(describeProgress(r)).toBe("Step 15 of 30 (epoch 2 of 3) · 500 samples/s · about 3 s left");
    m.restart();
    expect(m.read(20, 99_000).samplesPerSecond).toBeNaN();
  });

  it("formats durations", () => {
    expect(formatDuration(42.4)).toBe("42 s");
    expect(formatDuration(65)).toBe("1 min 05 s");
    expect(formatDuration(3 * 3600 + 120)).toBe("3 h 02 min");
  });
});
