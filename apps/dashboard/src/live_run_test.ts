import { formatRecord, type RunLogRecord, type RunStartRecord } from "@mnist/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveLog } from "./live_run.ts";
import { configLine, duration } from "./runs_list.ts";

const start: RunStartRecord = {
  type: "run-start",
  version: "1.2",
  time: "2026-01-01T00:00:00.000Z",
  config: { epochs: 3 },
  seed: 0,
  backend: "cpu",
};
const epoch = (n: number): RunLogRecord => ({
  type: "epoch",
  epoch: n,
  trainAccuracy: 0.5,
  testAccuracy: 0.5,
  trainLoss: 1,
  testLoss: 1,
  seconds: 1,
});

/**
 * A log on a server that honours `Range: bytes=N-` as `mnist dashboard` does; `grow` is called before
 * each answer with the number of requests so far and returns the whole log as it stands then.
 */
function serveLog(grow: (request: number) => string) {
  const ranges: string[] = [];
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    const bytes = new TextEncoder().encode(grow(ranges.length));
    const range = new Headers(init.headers).get("range") ?? "";
    ranges.push(range);
    const from = Number(/^bytes=(\d+)-$/.exec(range)?.[1]);
    if (from >= bytes.length)
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${bytes.length}` } });
    return new Response(bytes.slice(from), { status: 206 });
  });
  return ranges;
}

/** Follows until the follower ends; resolves with what it delivered and why it ended. */
function follow(text: string, running?: () => boolean) {
  const offset = new TextEncoder().encode(text).length;
  return new Promise<{ records: RunLogRecord[]; why: string }>((resolve) => {
    const records: RunLogRecord[] = [];
    new LiveLog({
      url: "http://127.0.0.1:1/runs/a/run.jsonl",
      offset,
      start,
      intervalMs: 1,
      onRecords: (r) => records.push(...r),
      onEnd: (why) => resolve({ records, why }),
      running,
    });
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("LiveLog", () => {
  it("asks only for new bytes, takes whole lines (a line cut mid-write waits), and ends with run-end", async () => {
    const first = formatRecord(start) + formatRecord(epoch(1));
    const second = formatRecord(epoch(2));
    const end = formatRecord({ type: "run-end", time: "t", seconds: 3, testAccuracy: 0.5 });
    const stages = [first, first, first + second.slice(0, 20), first + second, first + second + end];
    const ranges = serveLog((i) => stages[Math.min(i, stages.length - 1)]);
    const { records, why } = await follow(first);
    expect(why).toBe("ended");
    expect(records.map((r) => r.type)).toEqual(["epoch", "run-end"]);
    expect((records[0] as { epoch: number }).epoch).toBe(2);
    const offsets = ranges.map((r) => Number(r.slice(6, -1)));
    expect(offsets[0]).toBe(new TextEncoder().encode(first).length);
    // The cut line is kept and not asked for again: each request starts past what was received.
    expect(offsets[3]).toBe(offsets[0] + 20);
    expect(offsets[4]).toBe(offsets[0] + new TextEncoder().encode(second).length);
  });

  it("ends when the writer is gone and nothing more came, and says when the log was replaced", async () => {
    const text = formatRecord(start) + formatRecord(epoch(1));
    serveLog(() => text);
    expect((await follow(text, () => false)).why).toBe("ended");
    serveLog(() => formatRecord(start));
    expect((await follow(text, () => true)).why).toBe("replaced");
  });

  it("stops on a malformed line, naming it", async () => {
    const text = formatRecord(start);
    serveLog(() => `${text}{"type":"epoch"}\n`);
    const { records, why } = await follow(text, () => true);
    expect(records).toEqual([]);
    expect(why).toMatch(/^Cannot read \/runs\/a\/run\.jsonl line 2: /);
  });
});

describe("run list cells", () => {
  it("says durations and configurations in a few words", () => {
    expect([0.42, 12.4, 185, 3725].map(duration)).toEqual(["0.4 s", "12 s", "3 min 05 s", "1 h 02 min"]);
    const config = { preset: "tutorial", loss: "mse", optimizer: "sgd", lr: 0.05, batchSize: 100, epochs: 3 };
    expect(configLine(config)).toBe("tutorial · mse · sgd · lr 0.05 · batch 100");
    expect(configLine({ ...config, preset: null, lr: null })).toBe("mse · sgd · batch 100");
  });
});
