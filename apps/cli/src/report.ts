/**
 * `mnist report RUN_DIR`: writes `accuracy.svg`, `loss.svg` and `report.html` from the run log.
 * @module
 */
import { join } from "node:path";
import type { EpochRecord, RunStartRecord } from "@mnist/metrics";
import { writeFileAtomic } from "./atomic.ts";
import type { Command } from "./command.ts";
import type { ParsedFlags } from "./flags.ts";
import { epochCharts, htmlReport } from "./svg_chart.ts";
import { UsageError } from "./usage_error.ts";

/**
 * Reads the records of a run log, keeping complete lines only (an interrupted run may end mid-line).
 * @throws {UsageError} naming the file and line when a complete line is not a JSON object.
 */
export async function readRunLog(path: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    throw new UsageError(`Cannot read ${path}: not found, expected the run.jsonl of a run directory`);
  }
  const lines = text.split("\n");
  if (!text.endsWith("\n")) lines.pop(); // cut off mid-line
  const records: Record<string, unknown>[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(
        `Cannot read ${path}: line ${i + 1} is not JSON, expected one run-log record per line`,
      );
    }
    if (
      typeof value !== "object" ||
      value === null ||
      typeof (value as { type?: unknown }).type !== "string"
    ) {
      throw new UsageError(`Cannot read ${path}: line ${i + 1} has no "type", expected a run-log record`);
    }
    records.push(value as Record<string, unknown>);
  });
  return records;
}

/** Writes the charts and the HTML report of the run in `dir`; returns the files written. */
export async function writeReport(dir: string): Promise<string[]> {
  const records = await readRunLog(join(dir, "run.jsonl"));
  // A resumed run appends; the last record per epoch wins.
  const byEpoch = new Map<number, EpochRecord>();
  for (const r of records)
    if (r.type === "epoch") byEpoch.set(r.epoch as number, r as unknown as EpochRecord);
  const epochs = [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  const start = records.find((r) => r.type === "run-start") as RunStartRecord | undefined;
  const charts = epochCharts(epochs);
  const files = [join(dir, "accuracy.svg"), join(dir, "loss.svg"), join(dir, "report.html")];
  await writeFileAtomic(files[0], charts.accuracy);
  await writeFileAtomic(files[1], charts.loss);
  await writeFileAtomic(files[2], htmlReport(`MNIST softmax regression — ${dir}`, start ?? {}, epochs));
  return files;
}

const HELP = `Usage: mnist report RUN_DIR

Writes accuracy.svg, loss.svg (train against test, per epoch) and report.html (charts, table and
configuration, self-contained) into RUN_DIR from its run.jsonl. "mnist train" does this at the end.

Examples:
  mnist report runs/2025-01-01-12-00-00-tutorial`;

function runDir(flags: ParsedFlags): string {
  const dir = flags.positionals[0];
  if (dir === undefined)
    throw new UsageError(
      `Cannot run "mnist report": missing RUN_DIR, expected a run directory; see "mnist report --help"`,
    );
  return dir;
}

/** `mnist report`. */
export const reportCommand: Command = {
  name: "report",
  summary: "write accuracy.svg, loss.svg and report.html for a run directory",
  help: HELP,
  flags: {},
  positionals: 1,
  access: (flags) => ({ read: [runDir(flags)], write: [runDir(flags)], net: false }),
  async run(flags) {
    for (const file of await writeReport(runDir(flags))) console.log(`wrote ${file}`);
    return 0;
  },
};
