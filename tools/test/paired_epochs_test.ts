import type { Dataset } from "@mnist/idx";
import { memoryBatchSource, type TrainingBatchSource, TUTORIAL } from "@mnist/softmax";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { pairedEpochs } from "../bench/paired_epochs.ts";

/** A small random set of 16-pixel rows (the SIMD index needs a multiple of 16). */
function tiny(count: number, seed: number): Dataset {
  const images = new Uint8Array(count * 16);
  const labels = new Uint8Array(count);
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 24;
  };
  for (let i = 0; i < images.length; i++) images[i] = next() < 128 ? 0 : next();
  for (let i = 0; i < count; i++) labels[i] = next() % 10;
  return { images, labels, count, rows: 4, cols: 4, features: 16, classes: 10 };
}

/** The set as a batch source that notes in `log` when each of its epochs starts. */
function noted(data: Dataset, name: string, log: string[]): TrainingBatchSource {
  const source = memoryBatchSource(data);
  return {
    ...source,
    open(be, batchSize) {
      const open = source.open(be, batchSize);
      return {
        ...open,
        epoch(epoch, rng, shuffle) {
          log.push(`${name}${epoch}`);
          return open.epoch(epoch, rng, shuffle);
        },
      };
    },
  };
}

describe("pairedEpochs", () => {
  it("alternates the two runs' epochs and times each on both clocks", async () => {
    const be = createCpuBackend();
    try {
      const log: string[] = [];
      const [train, test] = [tiny(300, 1), tiny(50, 2)];
      const config = { ...TUTORIAL, epochs: 99 };
      const pairs = await pairedEpochs({
        a: { backend: be, train: noted(train, "a", log), test, config },
        b: { backend: be, train: noted(train, "b", log), test, config },
        warmup: 1,
        reps: 3,
      });
      expect(log).toEqual(["a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"]);
      expect(pairs).toHaveLength(3);
      for (const side of pairs.flat()) {
        for (const t of [side.train, side.eval]) {
          expect(t.wall).toBeGreaterThan(0);
          expect(t.cpu).toBeGreaterThanOrEqual(0);
        }
      }
    } finally {
      be.destroy();
    }
  });
});
