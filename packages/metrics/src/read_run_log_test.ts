import { describe, expect, it } from "vitest";
import { sampleRun } from "./_test_fixtures.ts";
import { parseRunLog, RunLogParser, readRunLog } from "./read_run_log.ts";
import { formatRecord, RUN_LOG_VERSION } from "./run_log.ts";

const text = sampleRun(3, 5).map(formatRecord).join("");
const start = `${formatRecord(sampleRun(1, 0)[0])}`;

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === "string" ? enc.encode(ch) : ch);
      c.close();
    },
  });
}

describe("parseRunLog", () => {
  it("reads back every record formatRecord wrote", () => {
    const log = parseRunLog(text);
    expect(log.records).toEqual(sampleRun(3, 5));
    expect(log).toMatchObject({ version: "1.2", truncated: false, skipped: 0 });
  });

  it("accepts a log cut mid-line up to its last complete record", () => {
    for (const cut of [text.length - 2, text.length - 20, text.indexOf("\n", 400) + 7]) {
      const log = parseRunLog(text.slice(0, cut));
      expect(log.truncated).toBe(true);
      expect(log.records.length).toBe(text.slice(0, cut).split("\n").length - 1);
    }
  });

  it("reads a last line without newline when it is complete, and CRLF line ends", () => {
    expect(parseRunLog(text.trimEnd()).records.length).toBe(sampleRun(3, 5).length);
    expect(parseRunLog(text.replaceAll("\n", "\r\n")).records.length).toBe(sampleRun(3, 5).length);
  });

  it("names the line of an invalid record", () => {
    const bad = `${start}{"type":"epoch","epoch":1}\n`;
    expect(() => parseRunLog(bad)).toThrow(
      new TypeError(
        'Cannot read run.jsonl line 2: field "trainAccuracy" is missing, expected a number or null',
      ),
    );
    expect(() => parseRunLog(`${start}\n{oops}\n`, { source: "a/run.jsonl" })).toThrow(
      /^Cannot read a\/run.jsonl line 3: found "{oops}", expected one JSON object$/,
    );
    expect(() => parseRunLog(`${start}[1]\n`)).toThrow(/line 2: found \[1\], expected a JSON object/);
    expect(() => parseRunLog(`${start}{"type":"step","epoch":1,"step":-2,"loss":1,"lr":0.1}\n`)).toThrow(
      RangeError,
    );
  });

  it("requires run-start first and only once", () => {
    expect(() => parseRunLog(`{"type":"checkpoint","epoch":1,"path":"x"}\n`)).toThrow(
      /line 1: found a "checkpoint" record, expected a run-start record first/,
    );
    expect(() => parseRunLog(start + start)).toThrow(/line 2: found a second run-start record/);
    expect(() => parseRunLog("")).toThrow(/found no records/);
  });

  it("rejects a newer major version saying which version it supports, and skips unknown types of a newer minor", () => {
    expect(() => parseRunLog(start.replace(`"${RUN_LOG_VERSION}"`, '"2.0"'))).toThrow(
      /line 1: run-log version is 2\.0, expected 1\.x \(this reader supports version 1\.2/,
    );
    const newer = `${start.replace(`"${RUN_LOG_VERSION}"`, '"1.3"')}{"type":"gradient-norm","value":3}\n{"type":"step","epoch":1,"step":1,"loss":0.5,"lr":0.1,"extra":{"a":1}}\n`;
    const log = parseRunLog(newer);
    expect(log.skipped).toBe(1);
    expect(log.records[1]).toEqual({ type: "step", epoch: 1, step: 1, loss: 0.5, lr: 0.1 });
  });

  it("reads null metrics (JSON's NaN) as NaN", () => {
    const line = formatRecord({ type: "run-end", time: "t", seconds: 3, testAccuracy: Number.NaN });
    const log = parseRunLog(start + line);
    expect(log.records[1]).toMatchObject({ type: "run-end", testAccuracy: Number.NaN });
  });
});

describe("hostile run logs", () => {
  it("rejects huge numbers, deep nesting and over-long lines with errors naming the line", () => {
    expect(() => parseRunLog(`${start}{"type":"step","epoch":1e999,"step":1,"loss":1,"lr":1}\n`)).toThrow(
      /^Cannot read run.jsonl line 2: field "epoch" is Infinity, expected a non-negative integer$/,
    );
    expect(() => parseRunLog(`${start}{"type":"step","epoch":1,"step":1,"loss":1e308,"lr":1e999}\n`)).toThrow(
      /line 2: field "lr" is Infinity, expected a number in \[-Infinity, Infinity\]/,
    );
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    expect(() => parseRunLog(`${start}{"type":"x","a":${deep}}\n`)).toThrow(
      /line 2: nesting is deeper than 32, expected at most 32 levels/,
    );
    expect(() => parseRunLog(`${start}{"type":"x","s":"${"a".repeat(2 << 20)}"}\n`)).toThrow(
      /line 2: line is longer than 1048576 characters/,
    );
  });

  it("keeps markup as inert text and drops unknown keys such as __proto__", () => {
    const evil = `${start}{"type":"error","time":"<img src=x onerror=alert(1)>","message":"</script><script>alert(1)</script>","__proto__":{"polluted":1}}\n`;
    const log = parseRunLog(evil);
    const r = log.records[1] as Record<string, unknown>;
    expect(r.message).toBe("</script><script>alert(1)</script>");
    expect(Object.keys(r)).toEqual(["type", "time", "message"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stops a 1 GB line in a stream without buffering it", async () => {
    const chunk = new Uint8Array(1 << 16).fill(0x61); // 64 KiB of "a"
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(`${start}{"type":"x","s":"`));
      },
      pull(c) {
        pulled++;
        if (pulled * chunk.length > 1 << 30) c.close();
        else c.enqueue(chunk);
      },
    });
    await expect(readRunLog(stream)).rejects.toThrow(/line 2: line is longer than 1048576 characters/);
    expect(pulled * chunk.length).toBeLessThan(4 << 20);
  });
});

describe("readRunLog", () => {
  it("reads a stream split anywhere, even inside multi-byte characters", async () => {
    const withUnicode = `${start}{"type":"error","time":"t","message":"Zahl ∞ — 数字"}\n`;
    const bytes = new TextEncoder().encode(withUnicode + text.slice(start.length));
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const log = await readRunLog(streamOf(chunks));
    expect(log.records[1]).toMatchObject({ message: "Zahl ∞ — 数字" });
    expect(log.records.length).toBe(sampleRun(3, 5).length + 1);
  });

  it("reports a truncated stream like a truncated text", async () => {
    const log = await readRunLog(streamOf([text.slice(0, -10)]));
    expect(log.truncated).toBe(true);
    expect(log.records.length).toBe(sampleRun(3, 5).length - 1);
  });
});

describe("RunLogParser", () => {
  it("returns records as their lines complete", () => {
    const p = new RunLogParser();
    const lines = text.split("\n");
    expect(p.push(lines[0])).toEqual([]);
    expect(p.push(`\n${lines[1].slice(0, 5)}`)).toHaveLength(1);
    expect(p.push(`${lines[1].slice(5)}\n`)).toHaveLength(1);
  });
});

describe("run-log format 1.2 (validation split)", () => {
  const epoch11 =
    '{"type":"epoch","epoch":1,"trainAccuracy":0.9,"testAccuracy":0.91,"trainLoss":0.3,"testLoss":0.29,"seconds":1}\n';
  const start11 =
    '{"type":"run-start","version":"1.1","time":"2025-01-01T00:00:00.000Z","config":{},"seed":0,"backend":"cpu"}\n';

  it("still reads a 1.1 log, whose epochs have no val metrics", () => {
    const log = parseRunLog(start11 + epoch11);
    expect(log.version).toBe("1.1");
    expect(log.records[1]).not.toHaveProperty("valAccuracy");
  });

  it("reads val metrics, the stop reason and the kept epoch, and checks their range", () => {
    const start12 = start11.replace('"1.1"', '"1.2"');
    const epoch = epoch11.replace('"seconds"', '"valAccuracy":0.92,"valLoss":0.28,"seconds"');
    const end =
      '{"type":"run-end","time":"t","seconds":2,"testAccuracy":0.91,"epochs":3,"stopped":"no validation improvement in 2 epochs","keptEpoch":1}\n';
    const log = parseRunLog(start12 + epoch + end);
    expect(log.records[1]).toMatchObject({ valAccuracy: 0.92, valLoss: 0.28 });
    expect(log.records[2]).toMatchObject({ stopped: "no validation improvement in 2 epochs", keptEpoch: 1 });
    expect(() => parseRunLog(start12 + epoch.replace("0.92", "1.5"))).toThrow(
      /field "valAccuracy" is 1.5, expected a number in \[0, 1\]/,
    );
  });
});
