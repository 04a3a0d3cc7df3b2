import { describe, expect, it } from "vitest";
import { sampleSweep } from "./_sweep_fixtures.ts";
import { bestRun, formatSweepRecord, parseSweepLog, parseSweepManifest, tagRunLogLine } from "./mod.ts";

describe("parseSweepManifest", () => {
  const { manifest } = sampleSweep([0.01, 0.1, 1]);

  it("reads back what was written", () => {
    expect(parseSweepManifest(JSON.stringify(manifest))).toEqual(manifest);
  });

  it("names the field that is wrong", () => {
    const bad = (patch: object) => () =>
      parseSweepManifest(JSON.stringify({ ...manifest, ...patch }), "s/sweep.json");
    expect(bad({ format: "mnist-run" })).toThrow(
      /^Cannot read s\/sweep.json: format is "mnist-run", expected "mnist-sweep"$/,
    );
    expect(bad({ version: "2.0" })).toThrow(RangeError);
    expect(bad({ mode: "bayes" })).toThrow(/mode is "bayes"/);
    const runs = manifest.runs.map((r, i) => (i === 1 ? { ...r, dir: "../x" } : r));
    expect(bad({ runs })).toThrow(
      /runs\[1\]\.dir is "\.\.\/x", expected a directory name inside the sweep directory/,
    );
    const twice = [manifest.runs[0], manifest.runs[0]];
    expect(bad({ runs: twice })).toThrow(/distinct ids/);
    expect(bad({ best: "nope" })).toThrow(/best is "nope"/);
    expect(() => parseSweepManifest("{", "x")).toThrow(SyntaxError);
  });

  it("picks the best configuration by validation accuracy, the first of equals", () => {
    expect(bestRun(manifest.runs)).toBe(manifest.best);
    const tied = manifest.runs.map((r) => ({ ...r, bestValAccuracy: 0.5 }));
    expect(bestRun(tied)).toBe(manifest.runs[0].id);
    expect(bestRun(manifest.runs.map((r) => ({ ...r, bestValAccuracy: null })))).toBeNull();
    const failed = manifest.runs.map((r) =>
      r.id === manifest.best ? { ...r, status: "failed" as const } : r,
    );
    expect(bestRun(failed)).not.toBe(manifest.best);
    expect(bestRun(failed)).not.toBeNull();
  });
});

describe("sweep log", () => {
  it("splits interleaved tagged records back into each configuration's log", () => {
    const { logs } = sampleSweep([0.01, 0.1]);
    const [a, b] = [...logs.entries()];
    let text = "";
    for (let i = 0; i < a[1].length; i++)
      text += formatSweepRecord(a[0], a[1][i]) + formatSweepRecord(b[0], b[1][i]);
    const read = parseSweepLog(text);
    expect([...read.keys()]).toEqual([a[0], b[0]]);
    expect(read.get(a[0])?.records).toEqual(a[1]);
    expect(read.get(b[0])?.records).toEqual(b[1]);
  });

  it("tags formatted lines with run first", () => {
    expect(tagRunLogLine("x", '{"type":"a"}\n{"type":"b"}\n')).toBe(
      '{"run":"x","type":"a"}\n{"run":"x","type":"b"}\n',
    );
  });

  it("refuses a line without a run id and leaves out an interrupted last line", () => {
    const { logs } = sampleSweep([0.1]);
    const [id, records] = [...logs.entries()][0];
    const text = records.map((r) => formatSweepRecord(id, r)).join("");
    expect(() => parseSweepLog(`${text}{"type":"epoch"}\n`, "s.jsonl")).toThrow(
      /^Cannot read s.jsonl line 5: run is missing, expected the configuration's id$/,
    );
    expect(parseSweepLog(`${text}{"run":"${id}","ty`).get(id)?.records).toHaveLength(records.length);
    expect(() => parseSweepLog(formatSweepRecord(id, records[1]))).toThrow(
      /expected a run-start record first/,
    );
  });
});
