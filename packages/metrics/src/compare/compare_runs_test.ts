import { describe, expect, it } from "vitest";
import { sampleRun } from "../_test_fixtures.ts";
import type { EpochRecord, RunDataset, RunLogRecord, RunStartRecord } from "../run_log.ts";
import { COMPARE_COLORS, compareRunLogs } from "./compare_runs.ts";
import { comparisonChartData, SPLIT_DASH } from "./comparison_chart_data.ts";

/** `sampleRun` with its run-start's config (and dataset) changed. */
function run(
  epochs: number,
  config: Record<string, unknown>,
  dataset?: RunDataset,
  drop: (r: RunLogRecord) => boolean = () => false,
): RunLogRecord[] {
  const [start, ...rest] = sampleRun(epochs, 2);
  const s = start as RunStartRecord;
  const changed: RunStartRecord = {
    ...s,
    config: { ...s.config, ...config },
    ...(dataset ? { dataset } : {}),
  };
  return [changed, ...rest.filter((r) => !drop(r))];
}

const dataset = (name: string, sum: string): RunDataset => ({
  name,
  dir: `/data/${name}`,
  files: Object.fromEntries(
    ["trainImages", "trainLabels", "testImages", "testLabels"].map((role, i) => [
      role,
      { name: role, sha256: `${sum}${i}`.repeat(8) },
    ]),
  ),
  imageShape: [28, 28],
  classCount: 10,
  classNames: Array.from({ length: 10 }, (_, i) => String(i)),
});

describe("compareRunLogs", () => {
  it("flags exactly the configuration keys whose values differ, keeping first-seen key order", () => {
    const c = compareRunLogs([
      { name: "a", records: run(3, { lr: 0.1, extra: { x: 1, y: 2 }, limit: null }) },
      { name: "b", records: run(3, { lr: 0.5, extra: { y: 2, x: 1 } }) },
    ]);
    const rows = Object.fromEntries(c.config.map((r) => [r.key, r]));
    expect(c.config.map((r) => r.key)).toEqual([
      "preset",
      "loss",
      "optimizer",
      "lr",
      "batchSize",
      "epochs",
      "extra",
      "backend",
    ]);
    expect(rows.lr).toEqual({ key: "lr", values: [0.1, 0.5], differs: true });
    // Same object in another key order: the same value.
    expect(rows.extra.differs).toBe(false);
    expect(c.config.filter((r) => r.differs).map((r) => r.key)).toEqual(["lr"]);
    // A key only one run sets, to a value, differs from the run that does not set it.
    const d = compareRunLogs([
      { name: "a", records: run(1, { momentum: 0.9 }) },
      { name: "b", records: run(1, {}) },
    ]);
    expect(d.config.find((r) => r.key === "momentum")).toEqual({
      key: "momentum",
      values: [0.9, undefined],
      differs: true,
    });
  });

  it("takes final metrics from the run-end record, the best epoch by test accuracy, and marks interrupted runs", () => {
    const finished = run(4, {});
    const interrupted = run(3, {}, undefined, (r) => r.type === "run-end");
    const c = compareRunLogs([
      { name: "done", records: finished },
      { name: "cut", records: interrupted },
    ]);
    const [done, cut] = c.runs;
    const lastEpoch = finished.findLast((r): r is EpochRecord => r.type === "epoch")!;
    expect(done.finals).toMatchObject({
      status: "finished",
      epochs: 4,
      seconds: 15,
      testAccuracy: 0.89,
      trainAccuracy: lastEpoch.trainAccuracy,
      trainLoss: lastEpoch.trainLoss,
      testLoss: lastEpoch.testLoss,
      bestEpoch: 4,
      bestTestAccuracy: lastEpoch.testAccuracy,
    });
    expect(Number.isNaN(done.finals.valAccuracy)).toBe(true);
    expect(cut.finals.status).toBe("interrupted");
    expect(cut.finals.epochs).toBe(3);
    const ctrlC = {
      type: "error",
      time: "t",
      message: "Interrupted by Ctrl-C; the last checkpoint is after epoch 3",
    } as const;
    const failure = { type: "error", time: "t", message: "Disk full" } as const;
    const [stopped, broken] = compareRunLogs([
      { name: "stopped", records: [...interrupted, ctrlC] },
      { name: "broken", records: [...interrupted, failure] },
    ]).runs;
    expect([stopped.finals.status, broken.finals.status]).toEqual(["interrupted", "failed"]);
    expect(Number.isNaN(cut.finals.seconds)).toBe(true);
    expect(cut.finals.testAccuracy).toBeCloseTo(0.9 - 0.1 / 3, 12);
    expect([done.color, cut.color]).toEqual(COMPARE_COLORS.slice(0, 2));
  });

  it("makes repeated names unique and refuses an empty list", () => {
    const c = compareRunLogs([
      { name: "x", records: run(1, {}) },
      { name: "x", records: run(1, {}) },
      { name: "y", records: run(1, {}) },
    ]);
    expect(c.runs.map((r) => r.name)).toEqual(["x", "x (2)", "y"]);
    expect(() => compareRunLogs([])).toThrow(/Cannot compare runs: found none/);
  });

  it("says when runs trained on different data, and when it cannot tell", () => {
    const mnist = dataset("mnist", "a");
    const fashion = dataset("fashion-mnist", "b");
    const same = compareRunLogs([
      { name: "a", records: run(1, { lr: 0.1 }, mnist) },
      { name: "b", records: run(1, { lr: 0.2 }, mnist) },
    ]);
    expect(same.sameData).toBe(true);
    expect(same.dataNote).toBeUndefined();
    expect(same.config.find((r) => r.key === "dataset")).toEqual({
      key: "dataset",
      values: ["MNIST", "MNIST"],
      differs: false,
    });
    const mixed = compareRunLogs([
      { name: "a", records: run(1, {}, mnist) },
      { name: "f", records: run(1, {}, fashion) },
      { name: "b", records: run(1, {}, mnist) },
    ]);
    expect(mixed.sameData).toBe(false);
    expect(mixed.dataNote).toBe(
      "These runs trained on different data: MNIST (a, b); Fashion-MNIST (f). Their accuracies and losses are not directly comparable.",
    );
    expect(mixed.config.find((r) => r.key === "dataset")?.differs).toBe(true);
    const unknown = compareRunLogs([
      { name: "a", records: run(1, {}, mnist) },
      {
        name: "old",
        records: run(1, {}).map((r) => (r.type === "run-start" ? { ...r, datasets: undefined } : r)),
      },
    ]);
    expect(unknown.sameData).toBe(false);
    expect(unknown.dataNote).toMatch(/^The data of old is not recorded in its log/);
  });
});

describe("comparisonChartData", () => {
  it("overlays every run's train and test lines on the union of epochs, gaps where a run has none", () => {
    const short = run(2, { lr: 0.5 });
    const long = run(4, { lr: 0.1 });
    const c = compareRunLogs([
      { name: "short", records: short },
      { name: "long", records: long },
    ]);
    const acc = comparisonChartData(c, "accuracy");
    expect(acc.x).toEqual([1, 2, 3, 4]);
    expect(acc.yFormat).toBe("percent");
    const test = (records: RunLogRecord[]) =>
      records.filter((r): r is EpochRecord => r.type === "epoch").map((e) => e.testAccuracy);
    expect(acc.series.map((s) => [s.color, s.dash])).toEqual([
      [COMPARE_COLORS[0], undefined],
      [COMPARE_COLORS[0], SPLIT_DASH.test],
      [COMPARE_COLORS[1], undefined],
      [COMPARE_COLORS[1], SPLIT_DASH.test],
    ]);
    expect(acc.series[1].values).toEqual([...test(short), null, null]);
    expect(acc.series[3].values).toEqual(test(long));
    // The legend label carries the last value.
    expect(acc.series[1].label).toBe(`short test ${(test(short)[1] * 100).toFixed(2)}%`);
    const loss = comparisonChartData(c, "loss", { colors: ["#111111", "#222222"] });
    expect(loss.series.map((s) => s.color)).toEqual(["#111111", "#111111", "#222222", "#222222"]);
    expect(loss.series[0].label).toBe(`short train ${String(Number((0.03 + 0.05 / 2).toPrecision(5)))}`);
  });

  it("adds a dotted validation line for runs with a validation split", () => {
    const withVal = run(2, { val: 5000 }).map((r) =>
      r.type === "epoch" ? { ...r, valAccuracy: 0.5, valLoss: 0.2 } : r,
    );
    const c = compareRunLogs([
      { name: "v", records: withVal },
      { name: "plain", records: run(2, {}) },
    ]);
    const acc = comparisonChartData(c, "accuracy");
    expect(acc.series.map((s) => s.label.split(" ").slice(0, 2).join(" "))).toEqual([
      "v train",
      "v val",
      "v test",
      "plain train",
      "plain test",
    ]);
    expect(acc.series[1].dash).toEqual(SPLIT_DASH.val);
  });
});
