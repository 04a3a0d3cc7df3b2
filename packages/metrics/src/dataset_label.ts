/**
 * How charts and reports name the data of a run, from its `run-start` record.
 *
 * Runtime-neutral.
 * @module
 */
import type { RunLogRecord, RunStartRecord } from "./run_log.ts";

const KNOWN: Readonly<Record<string, string>> = { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST" };

/**
 * The dataset of a run as words: `MNIST`, `Fashion-MNIST`, `custom dataset data/shapes`, or
 * `undefined` when the log does not record it (format 1.0 logs), so that nothing is claimed.
 * @param records the run's records (the first `run-start` is used).
 * @example
 * ```ts
 * import { datasetLabel } from "@mnist/metrics";
 * console.log(datasetLabel([])); // undefined
 * ```
 */
export function datasetLabel(records: Iterable<RunLogRecord>): string | undefined {
  let start: RunStartRecord | undefined;
  for (const r of records) {
    if (r.type === "run-start") {
      start = r;
      break;
    }
  }
  const d = start?.dataset;
  if (d === undefined) return undefined;
  return KNOWN[d.name] ?? `${d.name === "custom" ? "custom dataset" : d.name} ${d.dir}`;
}

/**
 * The class names of a run: the `run-start` record's `classes`, else its dataset's `classNames`, else
 * `undefined` (callers then show label numbers).
 */
export function classNamesOf(start: RunStartRecord | undefined): readonly string[] | undefined {
  return start?.classes ?? start?.dataset?.classNames;
}
