/**
 * Several runs side by side: each run's series and final metrics, the union of their configurations
 * with a flag per key whether the runs differ in it, and whether they trained on the same data. The
 * HTML comparison (`@mnist/metrics/report`), the CLI and the dashboard all read this one model.
 *
 * Runtime-neutral.
 * @module
 */

import { datasetLabel } from "../dataset_label.ts";
import type { EpochRecord, RunLogRecord, RunStartRecord } from "../run_log.ts";
import { RunSeries } from "../run_series.ts";
import { endedStatus, type RunStatus } from "../run_summary.ts";

/** A run to compare: its name (e.g. the run directory's) and its records. */
export interface NamedRunLog {
  /** How the run is called in legends and tables, e.g. `lr-0.1`. */
  readonly name: string;
  /** The run's records (as read by `parseRunLog`; may be an interrupted run). */
  readonly records: readonly RunLogRecord[];
}

/** How a run ended, as far as its log says (a log alone cannot tell a live run from a stopped one). */
export type RunEnd = Exclude<RunStatus, "running">;

/** A run's final metrics: the run-end record's, else its last epoch's; NaN where there is none. */
export interface RunFinals {
  /** `finished` with a run-end record, `failed` with an error record, else `interrupted`. */
  readonly status: RunEnd;
  /** Epochs completed. */
  readonly epochs: number;
  /** Wall-clock seconds of the whole run (NaN without a run-end record). */
  readonly seconds: number;
  /** Final fraction of the training set classified correctly. */
  readonly trainAccuracy: number;
  /** Final fraction of the test set classified correctly. */
  readonly testAccuracy: number;
  /** Final mean training loss. */
  readonly trainLoss: number;
  /** Final mean test loss. */
  readonly testLoss: number;
  /** Final validation accuracy (NaN without a validation split). */
  readonly valAccuracy: number;
  /** Final mean validation loss (NaN without a validation split). */
  readonly valLoss: number;
  /** The epoch with the highest test accuracy, if any epoch ended. */
  readonly bestEpoch: number | undefined;
  /** That epoch's test accuracy (NaN without one). */
  readonly bestTestAccuracy: number;
}

/** One run of a comparison. */
export interface ComparedRun {
  /** Its name, unique within the comparison. */
  readonly name: string;
  /** Its records. */
  readonly records: readonly RunLogRecord[];
  /** Its run-start record, if the log has one. */
  readonly start: RunStartRecord | undefined;
  /** Its chart series. */
  readonly series: RunSeries;
  /** Its data in words (`MNIST`, `Fashion-MNIST`, …), or `undefined` when the log does not say. */
  readonly dataset: string | undefined;
  /** Its final metrics. */
  readonly finals: RunFinals;
  /** The colour of its lines in every chart of the comparison. */
  readonly color: string;
}

/** One row of the configuration table. */
export interface ConfigRow {
  /** The configuration key (`lr`, `batchSize`, …), or `backend` / `dataset` for the run-start's own fields. */
  readonly key: string;
  /** One value per run, in run order; `undefined` where a run does not set the key. */
  readonly values: readonly unknown[];
  /** Whether the runs differ in it (`null` and a missing key count as the same: not set). */
  readonly differs: boolean;
}

/** Several runs side by side. */
export interface RunComparison {
  /** The runs, in the order given. */
  readonly runs: readonly ComparedRun[];
  /** The union of the runs' configuration keys (first-seen order), then `backend` and `dataset`; keys no run sets are left out. */
  readonly config: readonly ConfigRow[];
  /** Whether every run records its data and all record the same files. */
  readonly sameData: boolean;
  /** One sentence when the runs' data differs or is not recorded for some of them (shown as a banner), else `undefined`. */
  readonly dataNote: string | undefined;
}

/**
 * Line colours of the runs, in order: distinct hues that stay apart for common colour-vision
 * deficiencies and read on white; a ninth run reuses the first colour.
 */
export const COMPARE_COLORS: readonly string[] = [
  "#1f6fd1",
  "#d1492a",
  "#15896f",
  "#8a4fc1",
  "#9a6a00",
  "#c2185b",
  "#4a5563",
  "#0f7fa8",
];

/**
 * Builds the comparison of several runs.
 *
 * @param runs The runs, each with a name and its records; names that repeat get ` (2)`, ` (3)`, … appended.
 * @returns Series, final metrics, configuration rows and the data check.
 * @throws {RangeError} When `runs` is empty.
 * @example
 * ```ts
 * import { compareRunLogs } from "@mnist/metrics";
 * const start = (lr: number) => ({ type: "run-start", version: "1.2", time: "t", config: { lr, epochs: 1 }, seed: 0, backend: "cpu" } as const);
 * const epoch = (acc: number) => ({ type: "epoch", epoch: 1, trainAccuracy: acc, testAccuracy: acc, trainLoss: 0.1, testLoss: 0.1, seconds: 1 } as const);
 * const c = compareRunLogs([
 *   { name: "a", records: [start(0.1), epoch(0.8)] },
 *   { name: "b", records: [start(0.5), epoch(0.9)] },
 * ]);
 * console.log(c.config.map((r) => `${r.key}${r.differs ? "*" : ""}`).join(" ")); // lr* epochs backend
 * ```
 */
export function compareRunLogs(runs: readonly NamedRunLog[]): RunComparison {
  if (runs.length === 0) {
    throw new RangeError("Cannot compare runs: found none, expected at least one run log");
  }
  const names = uniqueNames(runs.map((r) => r.name));
  const compared = runs.map((run, i): ComparedRun => {
    const start = run.records.find((r): r is RunStartRecord => r.type === "run-start");
    return {
      name: names[i],
      records: run.records,
      start,
      series: RunSeries.from(run.records),
      dataset: datasetLabel(run.records),
      finals: finalsOf(run.records),
      color: COMPARE_COLORS[i % COMPARE_COLORS.length],
    };
  });
  const keys = dataKeys(compared);
  const known = keys.filter((k) => k !== undefined);
  const sameData = known.length === keys.length && new Set(known).size === 1;
  return {
    runs: compared,
    config: configRows(compared),
    sameData,
    dataNote: dataNote(compared, keys),
  };
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function finalsOf(records: readonly RunLogRecord[]): RunFinals {
  const epochs = records.filter((r): r is EpochRecord => r.type === "epoch");
  const end = records.findLast((r) => r.type === "run-end");
  // The run-end's metrics are the final model's (the kept epoch's with --keep best); else the last epoch's.
  const kept = end?.type === "run-end" && end.keptEpoch !== undefined ? end.keptEpoch : undefined;
  const last = (kept === undefined ? undefined : epochs.findLast((e) => e.epoch === kept)) ?? epochs.at(-1);
  let best: EpochRecord | undefined;
  for (const e of epochs) if (best === undefined || e.testAccuracy > best.testAccuracy) best = e;
  const pick = (fromEnd: number | undefined, fromEpoch: number | undefined) =>
    fromEnd !== undefined && Number.isFinite(fromEnd) ? fromEnd : (fromEpoch ?? Number.NaN);
  const e = end?.type === "run-end" ? end : undefined;
  return {
    status: endedStatus(records).status,
    epochs: e?.epochs ?? epochs.at(-1)?.epoch ?? 0,
    seconds: e?.seconds ?? Number.NaN,
    trainAccuracy: pick(e?.trainAccuracy, last?.trainAccuracy),
    testAccuracy: pick(e?.testAccuracy, last?.testAccuracy),
    trainLoss: pick(e?.trainLoss, last?.trainLoss),
    testLoss: pick(e?.testLoss, last?.testLoss),
    valAccuracy: last?.valAccuracy ?? Number.NaN,
    valLoss: last?.valLoss ?? Number.NaN,
    bestEpoch: best?.epoch,
    bestTestAccuracy: best?.testAccuracy ?? Number.NaN,
  };
}

/** JSON with object keys sorted, so that `{a, b}` and `{b, a}` compare equal. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  // NaN and ±Infinity are not JSON: keep them apart from null and from each other.
  if (typeof value === "number" && !Number.isFinite(value)) return `#${value}`;
  return JSON.stringify(value) ?? String(value);
}

function configRows(runs: readonly ComparedRun[]): ConfigRow[] {
  const keys: string[] = [];
  for (const run of runs)
    for (const key of Object.keys(run.start?.config ?? {})) if (!keys.includes(key)) keys.push(key);
  const rows: { key: string; values: unknown[] }[] = keys.map((key) => ({
    key,
    values: runs.map((r) => r.start?.config[key]),
  }));
  if (!keys.includes("backend")) rows.push({ key: "backend", values: runs.map((r) => r.start?.backend) });
  if (!keys.includes("dataset")) rows.push({ key: "dataset", values: runs.map((r) => r.dataset) });
  return rows
    .filter((row) => row.values.some((v) => v !== undefined && v !== null))
    .map((row) => ({ ...row, differs: new Set(row.values.map(canonical)).size > 1 }));
}

/** What identifies a run's data: its dataset's file sums (or the older `datasets` sums), else `undefined`. */
function dataKeys(runs: readonly ComparedRun[]): (string | undefined)[] {
  return runs.map((r) => {
    const d = r.start?.dataset;
    if (d !== undefined)
      return Object.values(d.files)
        .map((f) => f.sha256)
        .sort()
        .join(",");
    const sums = r.start?.datasets;
    return sums === undefined ? undefined : Object.values(sums).sort().join(",");
  });
}

function dataNote(runs: readonly ComparedRun[], keys: readonly (string | undefined)[]): string | undefined {
  if (runs.length < 2) return undefined;
  const known = keys.filter((k) => k !== undefined);
  if (new Set(known).size > 1) {
    const groups = new Map<string, string[]>();
    runs.forEach((r, i) => {
      const label =
        r.dataset ?? (keys[i] === undefined ? "not recorded" : `data with sums ${keys[i]!.slice(0, 12)}…`);
      groups.set(label, [...(groups.get(label) ?? []), r.name]);
    });
    const parts = [...groups].map(([label, names]) => `${label} (${names.join(", ")})`);
    return `These runs trained on different data: ${parts.join("; ")}. Their accuracies and losses are not directly comparable.`;
  }
  const unknown = runs.filter((_, i) => keys[i] === undefined).map((r) => r.name);
  if (unknown.length > 0) {
    return `The data of ${unknown.join(", ")} is not recorded in ${unknown.length === 1 ? "its log" : "their logs"}: whether these runs trained on the same data cannot be checked.`;
  }
  return undefined;
}
