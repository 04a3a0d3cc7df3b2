/**
 * The combined log of a sweep (`sweep.jsonl`, and `mnist sweep --json` on stdout): every
 * configuration's run-log records, interleaved as they happened, each tagged with `"run": "<id>"`.
 * Each configuration's records, read apart, are exactly its own `run.jsonl`.
 *
 * Runtime-neutral.
 * @module
 */

import { describeValue } from "../_validate_record.ts";
import { type RunLog, RunLogParser } from "../read_run_log.ts";
import { formatRecord, type RunLogRecord } from "../run_log.ts";

/**
 * One record as a line of the combined log: the run-log line with `"run"` first.
 *
 * @param run The configuration's id.
 * @param record The record.
 * @returns One line of JSON ending in `\n`.
 * @example
 * ```ts
 * import { formatSweepRecord } from "@mnist/metrics/sweep";
 * const line = formatSweepRecord("01_lr=0.1", { type: "checkpoint", epoch: 1, path: "c" });
 * if (line !== '{"run":"01_lr=0.1","type":"checkpoint","epoch":1,"path":"c"}\n') throw new Error(line);
 * ```
 */
export function formatSweepRecord(run: string, record: RunLogRecord): string {
  return tagRunLogLine(run, formatRecord(record));
}

/**
 * Tags an already formatted run-log line (or several, each ending in `\n`) with `"run"`.
 *
 * @param run The configuration's id.
 * @param lines Lines as `formatRecord` writes them.
 * @returns The tagged lines.
 */
export function tagRunLogLine(run: string, lines: string): string {
  const tag = `{"run":${JSON.stringify(run)},`;
  return lines
    .split("\n")
    .map((line) => (line.startsWith("{") ? `${tag}${line.slice(1)}` : line))
    .join("\n");
}

/**
 * Reads a combined sweep log into each configuration's run log, validated as `parseRunLog` does.
 *
 * @param text The content of `sweep.jsonl`.
 * @param source Its name in error messages (default `"sweep.jsonl"`).
 * @returns The run logs by configuration id, in order of first appearance.
 * @throws {SyntaxError} When a complete line is not JSON.
 * @throws {TypeError} When a line has no `run` id, or a configuration's records are not a valid run log.
 * @example
 * ```ts
 * import { formatSweepRecord, parseSweepLog } from "@mnist/metrics/sweep";
 * const start = { type: "run-start", version: "1.2", time: "t", config: {}, seed: 1, backend: "cpu" } as const;
 * const logs = parseSweepLog(formatSweepRecord("a", start) + formatSweepRecord("b", start));
 * if ([...logs.keys()].join() !== "a,b") throw new Error("unexpected");
 * ```
 */
export function parseSweepLog(text: string, source = "sweep.jsonl"): Map<string, RunLog> {
  const parsers = new Map<string, { parser: RunLogParser; records: RunLogRecord[] }>();
  const lines = text.split("\n");
  // A last line without its newline is an interrupted write: each run's parser decides, as for run.jsonl.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith("\r") ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === "") continue;
    const last = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (last) continue;
      throw new SyntaxError(
        `Cannot read ${source} line ${i + 1}: found ${describeValue(line)}, expected one JSON object`,
      );
    }
    const run = (value as { run?: unknown } | null)?.run;
    if (typeof run !== "string" || run === "") {
      throw new TypeError(
        `Cannot read ${source} line ${i + 1}: run is ${describeValue(run)}, expected the configuration's id`,
      );
    }
    let entry = parsers.get(run);
    if (entry === undefined) {
      entry = { parser: new RunLogParser({ source: `${source} (run ${run})` }), records: [] };
      parsers.set(run, entry);
    }
    entry.records.push(...entry.parser.push(`${line}\n`));
  }
  const logs = new Map<string, RunLog>();
  for (const [run, { parser, records }] of parsers) {
    const end = parser.finish();
    logs.set(run, { records, version: end.version, truncated: false, skipped: end.skipped });
  }
  return logs;
}
