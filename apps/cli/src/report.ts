/**
 * `mnist report RUN_DIR`: writes `accuracy.svg`, `loss.svg` and `report.html` from the run log, with the
 * charts and report of `@mnist/metrics`.
 * @module
 */
import type { Command } from "./command.ts";
import type { ParsedFlags } from "./flags.ts";
import { writeReport } from "./run_dir.ts";
import { isSweepDir, writeSweepReport } from "./sweep_dir.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist report RUN_DIR | SWEEP_DIR

Writes accuracy.svg, loss.svg (train against test, per epoch) and report.html (summary, configuration,
interactive charts, epoch table, confusion matrix; self-contained, opens offline) into RUN_DIR from its
run.jsonl. "mnist train" does this at the end. For a sweep directory (with its sweep.json), writes the
sweep's report.html from sweep.json and its runs' logs, as "mnist sweep" does at the end.

Examples:
  mnist report runs/2025-01-01-12-00-00-tutorial
  mnist report runs/lr-sweep`;

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
  summary: "write accuracy.svg, loss.svg and report.html for a run directory (or a sweep's report)",
  help: HELP,
  flags: {},
  positionals: 1,
  access: (flags) => ({ read: [runDir(flags)], write: [runDir(flags)], net: false }),
  async run(flags) {
    const dir = runDir(flags);
    const files = (await isSweepDir(dir)) ? [await writeSweepReport(dir)] : await writeReport(dir);
    for (const file of files) console.log(`wrote ${file}`);
    return 0;
  },
};
