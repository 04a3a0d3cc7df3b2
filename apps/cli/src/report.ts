/**
 * `mnist report RUN_DIR`: writes `accuracy.svg`, `loss.svg` and `report.html` from the run log, with the
 * charts and report of `@mnist/metrics`.
 * @module
 */
import { join } from "node:path";
import { type RunLog, readRunLog } from "@mnist/metrics";
import { renderReportHtml } from "@mnist/metrics/report";
import { renderAccuracySvg, renderLossSvg } from "@mnist/metrics/svg";
import { writeFileAtomic } from "./atomic.ts";
import type { Command } from "./command.ts";
import type { ParsedFlags } from "./flags.ts";
import { UsageError } from "./usage_error.ts";

/**
 * Reads and validates a run log with the `@mnist/metrics` reader; an interrupted last line is left out.
 * @throws {UsageError} when the file is missing, or with the reader's message naming the line when a
 *   record is invalid.
 */
export async function loadRunLog(path: string): Promise<RunLog> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    throw new UsageError(`Cannot read ${path}: not found, expected the run.jsonl of a run directory`);
  }
  try {
    return await readRunLog(file.readable, { source: path });
  } catch (error) {
    // The reader's errors are one sentence naming the line ("Cannot read <path> line 3: …").
    if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError)
      throw new UsageError(error.message);
    throw error;
  }
}

/** Writes the charts and the HTML report of the run in `dir`; returns the files written. */
export async function writeReport(dir: string): Promise<string[]> {
  const { records } = await loadRunLog(join(dir, "run.jsonl"));
  const files: [string, string][] = [
    [join(dir, "accuracy.svg"), `${renderAccuracySvg(records)}\n`],
    [join(dir, "loss.svg"), `${renderLossSvg(records)}\n`],
    [join(dir, "report.html"), renderReportHtml(records, { source: dir })],
  ];
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return files.map(([path]) => path);
}

const HELP = `Usage: mnist report RUN_DIR

Writes accuracy.svg, loss.svg (train against test, per epoch) and report.html (summary, configuration,
interactive charts, epoch table, confusion matrix; self-contained, opens offline) into RUN_DIR from its
run.jsonl. "mnist train" does this at the end.

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
