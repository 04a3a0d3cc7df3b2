import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateRecord } from "./_validate_record.ts";
import { parseRunLog } from "./read_run_log.ts";
import { formatRecord, type RunDataset } from "./run_log.ts";
import { runLogRecord } from "./run_log_record.ts";

const epochEvent = {
  type: "epoch",
  epoch: 2,
  step: 20,
  trainAccuracy: 0.75,
  testAccuracy: 0.5,
  trainLoss: 0.25,
  testLoss: 0.375,
  seconds: 1.5,
  lr: 0.05,
  testConfusion: new Uint32Array([3, 1, 2, 2]),
  model: { classes: 2 },
} as const;

const sum = (c: string) => c.repeat(64);
const SHAPES: RunDataset = {
  name: "custom",
  dir: "data/shapes",
  files: {
    trainImages: { name: "train-images-idx3-ubyte", sha256: sum("1") },
    trainLabels: { name: "train-labels-idx1-ubyte", sha256: sum("2") },
    testImages: { name: "t10k-images-idx3-ubyte", sha256: sum("3") },
    testLabels: { name: "t10k-labels-idx1-ubyte", sha256: sum("4") },
  },
  imageShape: [16, 16],
  classCount: 3,
  classNames: ["circle", "square", "cross"],
};

describe("runLogRecord", () => {
  it("writes run-start fields in the format's order, leaving out those not given", () => {
    const start = runLogRecord(
      { type: "run-start", config: { seed: 7, lr: 0.1 }, backend: "cpu" },
      {
        time: "2025-01-01T00:00:00.000Z",
        config: { lr: 0.1, preset: "p" },
        adapter: null,
        datasets: { a: "0f" },
      },
    );
    expect(formatRecord(start)).toBe(
      '{"type":"run-start","version":"1.2","time":"2025-01-01T00:00:00.000Z","config":{"lr":0.1,"preset":"p"},"seed":7,"backend":"cpu","adapter":null,"datasets":{"a":"0f"}}\n',
    );
    expect(Object.keys(runLogRecord({ type: "run-start", config: { seed: 1 }, backend: "x" }))).toEqual([
      "type",
      "version",
      "time",
      "config",
      "seed",
      "backend",
    ]);
  });

  it("records the dataset identity, its class names as the record's classes, and reads both back", () => {
    const start = runLogRecord(
      { type: "run-start", config: { seed: 1 }, backend: "cpu" },
      { time: "2025-01-01T00:00:00.000Z", dataset: SHAPES },
    );
    expect(start.dataset).toEqual(SHAPES);
    expect(start.classes).toEqual(["circle", "square", "cross"]);
    const back = parseRunLog(formatRecord(start)).records[0];
    expect(back).toEqual(start);
    const broken = formatRecord({ ...start, dataset: { ...SHAPES, classNames: ["circle"] } });
    expect(() => parseRunLog(broken)).toThrow(/line 1: field "dataset" is .*expected a dataset identity/);
  });

  it("maps a step's batch accuracy to accuracy", () => {
    const step = { type: "step", epoch: 1, step: 10, loss: 0.5, lr: 0.1, batchAccuracy: 0.25 } as const;
    expect(formatRecord(runLogRecord(step))).toBe(
      '{"type":"step","epoch":1,"step":10,"loss":0.5,"lr":0.1,"accuracy":0.25}\n',
    );
    const { batchAccuracy: _, ...plain } = step;
    expect("accuracy" in runLogRecord(plain)).toBe(false);
  });

  it("turns flat confusion counts into rows and drops what the format has no field for", () => {
    const record = runLogRecord(epochEvent);
    expect(record).toEqual({
      type: "epoch",
      epoch: 2,
      trainAccuracy: 0.75,
      testAccuracy: 0.5,
      trainLoss: 0.25,
      testLoss: 0.375,
      seconds: 1.5,
      lr: 0.05,
      confusion: [
        [3, 1],
        [2, 2],
      ],
    });
    expect(validateRecord(JSON.parse(formatRecord(record)), "line 2")).toEqual(record);
    expect(() => runLogRecord({ ...epochEvent, testConfusion: [1, 2, 3] })).toThrow(RangeError);
  });

  it("needs a path for a checkpoint", () => {
    expect(runLogRecord({ type: "checkpoint", epoch: 3 }, { path: "checkpoints/epoch-003" })).toEqual({
      type: "checkpoint",
      epoch: 3,
      path: "checkpoints/epoch-003",
    });
    expect(() => runLogRecord({ type: "checkpoint", epoch: 3 }, {})).toThrow(
      /Cannot record checkpoint after epoch 3: no path/,
    );
  });

  it("takes the final metrics of run-end from the last epoch record", () => {
    const lastEpoch = runLogRecord(epochEvent);
    const end = runLogRecord({ type: "run-end", epoch: 2, seconds: 4 }, { lastEpoch, time: "t" });
    expect(end).toMatchObject({ type: "run-end", time: "t", seconds: 4, testAccuracy: 0.5, epochs: 2 });
    expect(end.confusion).toEqual(lastEpoch.confusion);
    expect(Number.isNaN(runLogRecord({ type: "run-end", epoch: 0, seconds: 1 }).testAccuracy)).toBe(true);
  });
});

/** The ```js block under "## Your own training loop" in the README. */
function ownLoopExample(): string {
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const section = readme.split(/^## Your own training loop.*$/m)[1];
  const code = section?.match(/```js\n([\s\S]*?)```/)?.[1];
  if (code === undefined) throw new Error('README has no ```js block under "## Your own training loop"');
  return code;
}

describe("README: your own training loop → report.html", () => {
  it("runs and writes a report with every epoch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "metrics-readme-"));
    const cwd = process.cwd();
    // The example imports the package by name and writes report.html and run.jsonl to the working
    // directory: point the names at the sources and run it in a scratch directory.
    const src = join(import.meta.dirname);
    const code = ownLoopExample()
      .replaceAll('"@mnist/metrics/report"', JSON.stringify(join(src, "report", "mod.ts")))
      .replaceAll('"@mnist/metrics"', JSON.stringify(join(src, "mod.ts")));
    const file = join(dir, "example.ts");
    (await import("node:fs")).writeFileSync(file, code);
    try {
      process.chdir(dir);
      await import(file);
    } finally {
      process.chdir(cwd);
    }
    const log = parseRunLog(readFileSync(join(dir, "run.jsonl"), "utf8"));
    expect(log.records.map((r) => r.type)).toEqual(["run-start", "epoch", "epoch", "epoch", "run-end"]);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("my-loop");
    rmSync(dir, { recursive: true, force: true });
  });
});
