import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "../_test_fixtures.ts";
import { TUTORIAL } from "../config.ts";
import { selectRows, validationSplit } from "../validation.ts";
import { logSpaced, pairedSweepEpochs } from "./sweep.ts";

describe("pairedSweepEpochs", () => {
  it("times every epoch of the run and of the group, in turn, and ends both", async () => {
    const { train, test } = await smallMnist(1200, 300);
    const split = validationSplit(train.count, 200, 1);
    const sets = { train: selectRows(train, split.train), validation: selectRows(train, split.val), test };
    const config = { ...TUTORIAL, epochs: 3 };
    const configs = logSpaced(0.01, 1, 3).map((lr) => ({ ...config, lr }));
    const runBackend = createCpuBackend({ kernel: "simd" });
    const groupBackend = createCpuBackend({ kernel: "simd" });
    try {
      const pairs = await pairedSweepEpochs({ runBackend, groupBackend, ...sets, config, configs });
      expect(pairs).toHaveLength(3);
      for (const { run, group } of pairs) {
        expect(run).toBeGreaterThan(0);
        expect(group).toBeGreaterThan(0);
      }
    } finally {
      runBackend.destroy();
      groupBackend.destroy();
    }
  });

  it("spaces values evenly on a log scale", () => {
    expect(logSpaced(0.001, 1, 4).map((x) => +x.toPrecision(3))).toEqual([0.001, 0.01, 0.1, 1]);
    expect(logSpaced(0.5, 2, 1)).toEqual([0.5]);
  });
});
