/**
 * The sweep directory that `mnist sweep` writes and `mnist sweep --resume` reads — the one place
 * that knows its layout:
 * - `<id>/` — one normal run directory per configuration (see `run_dir.ts`);
 * - `sweep.json` — the manifest (`@mnist/metrics/sweep`), rewritten atomically as results come in;
 * - `sweep.jsonl` — every configuration's run-log records tagged with `"run": "<id>"`, appended as
 *   they are written (rewritten atomically when a sweep starts or resumes);
 * - `best/model.safetensors` + `best/model-meta.json` — the model of the configuration with the best
 *   validation accuracy (a model directory `eval` and `predict` take), and `best.json` naming it;
 * - `report.html` — the sweep report.
 * A sweep may start only in a new or empty directory, or (with `--resume` or `--force`) an earlier
 * sweep's; one writer at a time (the lock of `run_dir_guard.ts`).
 * @module
 */
import { join } from "node:path";
import { writeFileAtomic } from "@mnist/idx/fs";
import type { RunLogRecord } from "@mnist/metrics";
import {
  parseSweepManifest,
  renderSweepReportHtml,
  type SweepManifest,
  tagRunLogLine,
} from "@mnist/metrics/sweep";
import { readChecked, readCheckedText } from "./checked_fs.ts";
import { loadRunLog, MODEL_META, RUN_LOG } from "./run_dir.ts";
import { type ClaimOptions, claimRunDir, type RunDirClaim, SWEEP_MANIFEST } from "./run_dir_guard.ts";
import { errorMessage, UsageError } from "./usage_error.ts";

/** The combined log's file name in a sweep directory. */
export const SWEEP_LOG = "sweep.jsonl";

/**
 * Reads a sweep directory's manifest.
 * @throws {UsageError} naming the file when it is missing, too large or not a sweep manifest.
 */
export async function loadSweepManifest(dir: string, flag = "--resume"): Promise<SweepManifest> {
  const path = join(dir, SWEEP_MANIFEST);
  const text = await readCheckedText(path, "sidecar", {
    root: dir,
    expected: 'the sweep.json of a sweep directory written by "mnist sweep"',
  });
  try {
    return parseSweepManifest(text, path);
  } catch (error) {
    throw new UsageError(`Cannot use ${flag} ${dir}: ${errorMessage(error)}`);
  }
}

/** A sweep directory being written by one sweep. */
export class SweepDirectory {
  readonly path: string;
  #claim: RunDirClaim | undefined;
  #log: Deno.FsFile | undefined;
  #stdout: ((text: string) => Promise<void>) | undefined;
  #encoder = new TextEncoder();
  #started = false;

  /**
   * @param path the sweep directory.
   * @param stdout called with every tagged log line (`--json` prints them).
   */
  constructor(path: string, stdout?: (text: string) => Promise<void>) {
    this.path = path;
    this.#stdout = stdout;
  }

  /** Checks that the sweep may write here and locks the directory (see `run_dir_guard.ts`). */
  async claim(options: Omit<ClaimOptions, "kind">): Promise<void> {
    this.#claim = await claimRunDir(this.path, { ...options, kind: "sweep" });
  }

  /** Writes the combined log afresh with `prior` (tagged lines of runs not trained again) and opens it. */
  async startLog(prior: string): Promise<void> {
    this.#started = true;
    const path = join(this.path, SWEEP_LOG);
    await writeFileAtomic(path, prior);
    this.#log = await Deno.open(path, { append: true });
    if (prior !== "") await this.#stdout?.(prior);
  }

  /** The echo of configuration `id`'s run directory: its lines, tagged, go to the combined log. */
  echo(id: string): (text: string) => Promise<void> {
    return async (text) => {
      const tagged = tagRunLogLine(id, text);
      await this.#log?.write(this.#encoder.encode(tagged));
      await this.#stdout?.(tagged);
    };
  }

  /** Writes `sweep.json`. */
  async writeManifest(manifest: SweepManifest): Promise<void> {
    await writeFileAtomic(join(this.path, SWEEP_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  }

  /**
   * Exports the model of configuration `run` (its final model, the best epoch's with `--keep best`)
   * as `best/` and names it in `best.json`.
   */
  async exportBest(manifest: SweepManifest, run: string): Promise<void> {
    const entry = manifest.runs.find((r) => r.id === run);
    if (entry === undefined) return;
    const from = join(this.path, entry.dir);
    const grant = { root: from, rootName: `the run directory ${from}` };
    const model = await readChecked(join(from, "model.safetensors"), "model", grant);
    const meta = JSON.parse(await readCheckedText(join(from, MODEL_META), "sidecar", grant));
    await Deno.mkdir(join(this.path, "best"), { recursive: true });
    await writeFileAtomic(join(this.path, "best", "model.safetensors"), model);
    const sweep = { run: entry.id, dir: entry.dir, values: entry.values };
    await writeFileAtomic(
      join(this.path, "best", MODEL_META),
      `${JSON.stringify({ ...meta, sweep }, null, 2)}\n`,
    );
    const best = {
      format: "mnist-sweep-best",
      ...sweep,
      bestValAccuracy: entry.bestValAccuracy,
      bestEpoch: entry.bestEpoch,
      model: "best/model.safetensors",
      config: entry.config,
    };
    await writeFileAtomic(join(this.path, "best.json"), `${JSON.stringify(best, null, 2)}\n`);
  }

  /** Writes `report.html` from the manifest and each configuration's run log. */
  async writeReport(manifest: SweepManifest): Promise<string> {
    return await writeSweepReport(this.path, manifest);
  }

  /** Closes the combined log and releases the directory (removing it again if this sweep created it and wrote nothing). */
  async close(): Promise<void> {
    this.#log?.close();
    this.#log = undefined;
    await this.#claim?.release(!this.#started);
    this.#claim = undefined;
  }
}

/** Whether `dir` holds a sweep (its `sweep.json`) rather than a run. */
export async function isSweepDir(dir: string): Promise<boolean> {
  return await Deno.lstat(join(dir, SWEEP_MANIFEST)).then(
    (info) => info.isFile,
    () => false,
  );
}

/**
 * Writes a sweep directory's `report.html` from its manifest (read when not given) and each
 * configuration's run log; returns the file written.
 */
export async function writeSweepReport(dir: string, manifest?: SweepManifest): Promise<string> {
  const m = manifest ?? (await loadSweepManifest(dir, "mnist report"));
  const logs = new Map<string, RunLogRecord[]>();
  for (const r of m.runs) {
    const path = memberLogPath(dir, r.dir);
    const exists = await Deno.lstat(path).then(
      () => true,
      () => false,
    );
    logs.set(r.id, exists ? (await loadRunLog(path, join(dir, r.dir))).records : []);
  }
  const file = join(dir, "report.html");
  await writeFileAtomic(file, renderSweepReportHtml(m, logs, { source: dir }));
  return file;
}

/** A configuration's run log in the sweep directory, when it has one. */
export function memberLogPath(sweepDir: string, dir: string): string {
  return join(sweepDir, dir, RUN_LOG);
}
