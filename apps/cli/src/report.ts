/**
 * `mnist report RUN_DIR...`: with one run directory, writes its `accuracy.svg`, `loss.svg` and
 * `report.html` from the run log; with several, writes one comparison page of them (`--out`), with the
 * charts and reports of `@mnist/metrics`.
 * @module
 */
import { basename, join } from "node:path";
import { compareRunLogs } from "@mnist/metrics";
import { renderComparisonHtml } from "@mnist/metrics/report";
import type { Command } from "./command.ts";
import { type ParsedFlags, stringFlag } from "./flags.ts";
import { oneFileGrants, writeOneFile } from "./one_file_write.ts";
import { loadRunLog, RUN_LOG, writeReport } from "./run_dir.ts";
import { isSweepDir, writeSweepReport } from "./sweep_dir.ts";
import { UsageError } from "./usage_error.ts";

/** Where a comparison goes unless `--out` says otherwise: the current directory. */
export const DEFAULT_COMPARISON = "comparison.html";

const HELP = `Usage: mnist report RUN_DIR | SWEEP_DIR
       mnist report RUN_DIR RUN_DIR... [--out FILE]

With one run directory: writes accuracy.svg, loss.svg (train against test, per epoch) and report.html
(summary, configuration, interactive charts, epoch table, confusion matrix; self-contained, opens
offline) into RUN_DIR from its run.jsonl. "mnist train" does this at the end. With a sweep directory
(with its sweep.json): writes the sweep's report.html from sweep.json and its runs' logs, as "mnist
sweep" does at the end.

With two or more: writes one self-contained comparison page — accuracy and loss of every run overlaid
(one colour per run, train solid, test dashed, each legend entry with its last value), the runs'
configurations side by side with the settings that differ highlighted, and their final metrics side by
side. Runs are named by their directory. Runs trained on different data are compared all the same,
under a banner that says so. The run directories are only read.

Flags:
  --out FILE   where the comparison goes (default ${DEFAULT_COMPARISON} in the current directory;
               replaced if it exists); only with two or more run directories

Examples:
  mnist report runs/2025-01-01-12-00-00-tutorial
  mnist report runs/lr-sweep
  mnist report runs/lr-0.1 runs/lr-0.5 --out runs/lr-comparison.html`;

function runDirs(flags: ParsedFlags): string[] {
  const dirs = flags.positionals;
  if (dirs.length === 0)
    throw new UsageError(
      `Cannot run "mnist report": missing RUN_DIR, expected a run directory; see "mnist report --help"`,
    );
  if (dirs.length === 1 && stringFlag(flags, "out") !== undefined)
    throw new UsageError(
      `Cannot use --out with one run directory: a run's report goes into ${dirs[0]}, expected two or more RUN_DIRs to compare; see "mnist report --help"`,
    );
  return dirs;
}

function outFile(flags: ParsedFlags): string {
  return stringFlag(flags, "out") ?? DEFAULT_COMPARISON;
}

/** A run's name in the comparison: its directory's name. */
function runName(dir: string): string {
  return basename(dir) || dir;
}

async function writeComparison(dirs: string[], out: string): Promise<void> {
  const info = await Deno.stat(out).catch(() => undefined);
  if (info?.isDirectory)
    throw new UsageError(`Cannot use --out ${out}: it is a directory, expected an HTML file to write`);
  const runs = [];
  for (const dir of dirs) {
    const { records } = await loadRunLog(join(dir, RUN_LOG), dir);
    runs.push({ name: runName(dir), records, source: dir });
  }
  await writeOneFile(out, renderComparisonHtml(runs), "--out", "an HTML file in an existing directory");
  const comparison = compareRunLogs(runs);
  const names = comparison.runs.map((r) => r.name).join(", ");
  const differ = comparison.config.filter((r) => r.differs).map((r) => r.key);
  console.log(`wrote ${out}: ${runs.length} runs (${names})`);
  console.log(`settings that differ: ${differ.length ? differ.join(", ") : "none"}`);
  for (const r of comparison.runs) {
    const f = r.finals;
    const acc = Number.isFinite(f.testAccuracy) ? `${(f.testAccuracy * 100).toFixed(2)}%` : "–";
    console.log(
      `  ${r.name}: test accuracy ${acc} after ${f.epochs} epoch${f.epochs === 1 ? "" : "s"} (${f.status})`,
    );
  }
  if (comparison.dataNote) console.log(`note: ${comparison.dataNote}`);
}

/** `mnist report`. */
export const reportCommand: Command = {
  name: "report",
  summary:
    "write a run directory's charts and report.html (a sweep's report), or compare several runs in one page",
  help: HELP,
  flags: { out: { type: "string" } },
  positionals: Number.POSITIVE_INFINITY,
  access(flags) {
    const dirs = runDirs(flags);
    if (dirs.length === 1) return { read: dirs, write: dirs, net: false };
    // The page goes through one fixed temp name beside it (one_file_write.ts): exactly two paths.
    const page = oneFileGrants(outFile(flags));
    return { read: [...dirs, ...page], write: page, net: false };
  },
  async run(flags) {
    const dirs = runDirs(flags);
    if (dirs.length === 1) {
      const files = (await isSweepDir(dirs[0]))
        ? [await writeSweepReport(dirs[0])]
        : await writeReport(dirs[0]);
      for (const file of files) console.log(`wrote ${file}`);
      return 0;
    }
    await writeComparison(dirs, outFile(flags));
    return 0;
  },
};
