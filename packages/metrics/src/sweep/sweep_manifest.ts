/**
 * The sweep manifest (`sweep.json`): what a sweep trained, how its configurations were chosen, and
 * where each one's run directory is. The contract between `mnist sweep`, its report and the dashboard.
 *
 * Runtime-neutral.
 * @module
 */

import { describeValue } from "../_validate_record.ts";
import type { RunDataset } from "../run_log.ts";

/** The manifest's `format` field. */
export const SWEEP_FORMAT = "mnist-sweep";

/**
 * Major.minor version of the manifest this code writes and reads; a reader accepts any minor of its
 * major (newer minors only add optional fields).
 */
export const SWEEP_VERSION = "1.0";

/** A swept value: a number (lr, batch size…) or a name (loss, optimizer). */
export type SweepValue = number | string;

/** Where a configuration of the sweep stands. */
export type SweepRunStatus = "pending" | "running" | "done" | "interrupted" | "failed";

const STATUSES: readonly SweepRunStatus[] = ["pending", "running", "done", "interrupted", "failed"];

/** One configuration of a sweep. */
export interface SweepRun {
  /** Identifies the configuration in `sweep.jsonl` (its records' `run` field). */
  readonly id: string;
  /** Its run directory, relative to the sweep directory. */
  readonly dir: string;
  /** The swept settings' values, keyed like {@link SweepManifest.keys}. */
  readonly values: Readonly<Record<string, SweepValue>>;
  /** The full training configuration (as in the run's run-start record). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Where it stands: pending, running, done, interrupted (Ctrl-C) or failed. */
  readonly status: SweepRunStatus;
  /** The best validation accuracy over its epochs so far; `null` before the first epoch. */
  readonly bestValAccuracy: number | null;
  /** The epoch of {@link SweepRun.bestValAccuracy}; `null` before the first epoch. */
  readonly bestEpoch: number | null;
  /** The validation loss of that epoch. */
  readonly bestValLoss?: number | null;
  /** Why it failed, when it did. */
  readonly message?: string;
}

/** A sweep directory's `sweep.json`. */
export interface SweepManifest {
  /** Always {@link SWEEP_FORMAT}. */
  readonly format: typeof SWEEP_FORMAT;
  /** Manifest version, `"major.minor"`. */
  readonly version: string;
  /** When the sweep started (ISO 8601). */
  readonly time: string;
  /** `"grid"`: every combination of the values; `"random"`: {@link SweepManifest.samples} drawn from them. */
  readonly mode: "grid" | "random";
  /** The seed of the random draw (random mode only). */
  readonly sweepSeed?: number;
  /** The swept settings, as training-config field names (`lr`, `batchSize`, …), in flag order. */
  readonly keys: readonly string[];
  /** The data every configuration trained on. */
  readonly dataset?: RunDataset;
  /** The validation split: `count` training images held out, chosen by each configuration's seed. */
  readonly validation: { readonly count: number; readonly fraction?: number };
  /** Every configuration, in the order they were listed. */
  readonly runs: readonly SweepRun[];
  /** The id of the configuration with the best validation accuracy, once one has an epoch. */
  readonly best?: string | null;
}

type Json = Record<string, unknown>;

function fail(where: string, field: string, value: unknown, expected: string): never {
  throw new TypeError(`Cannot read ${where}: ${field} is ${describeValue(value)}, expected ${expected}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finiteOrNull(where: string, field: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  return fail(where, field, value, "a finite number or null");
}

function parseRun(where: string, i: number, value: unknown, keys: readonly string[]): SweepRun {
  const at = `runs[${i}]`;
  if (!isObject(value)) fail(where, at, value, "an object");
  const { id, dir, values, config, status } = value;
  if (typeof id !== "string" || id === "") fail(where, `${at}.id`, id, "a non-empty string");
  // The directory is joined to the sweep directory by readers: it must stay inside it.
  if (typeof dir !== "string" || !/^[\w.=@+,-]+$/.test(dir) || dir === "." || dir === "..")
    fail(where, `${at}.dir`, dir, "a directory name inside the sweep directory");
  if (!isObject(values)) fail(where, `${at}.values`, values, "an object");
  for (const key of keys) {
    const v = values[key];
    if (!(typeof v === "string" || (typeof v === "number" && Number.isFinite(v))))
      fail(where, `${at}.values.${key}`, v, "a finite number or a string");
  }
  if (!isObject(config)) fail(where, `${at}.config`, config, "an object");
  if (!STATUSES.includes(status as SweepRunStatus))
    fail(where, `${at}.status`, status, `one of ${STATUSES.join(", ")}`);
  const run: SweepRun = {
    id,
    dir,
    values: Object.fromEntries(keys.map((k) => [k, values[k] as SweepValue])),
    config,
    status: status as SweepRunStatus,
    bestValAccuracy: finiteOrNull(where, `${at}.bestValAccuracy`, value.bestValAccuracy ?? null),
    bestEpoch: finiteOrNull(where, `${at}.bestEpoch`, value.bestEpoch ?? null),
    ...(value.bestValLoss === undefined
      ? {}
      : { bestValLoss: finiteOrNull(where, `${at}.bestValLoss`, value.bestValLoss) }),
    ...(typeof value.message === "string" ? { message: value.message } : {}),
  };
  return run;
}

/**
 * Reads a `sweep.json`.
 *
 * @param text The file's text.
 * @param source Its name in error messages (default `"sweep.json"`).
 * @returns The manifest, with only the fields this version knows.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When a field is missing or mistyped, or the format is not a sweep's.
 * @throws {RangeError} When the major version differs from {@link SWEEP_VERSION}'s.
 * @example
 * ```ts
 * import { parseSweepManifest } from "@mnist/metrics/sweep";
 * const m = parseSweepManifest(JSON.stringify({
 *   format: "mnist-sweep", version: "1.0", time: "2024-05-01T12:00:00Z", mode: "grid", keys: ["lr"],
 *   validation: { count: 10000 },
 *   runs: [{ id: "01_lr=0.1", dir: "01_lr=0.1", values: { lr: 0.1 }, config: { lr: 0.1 }, status: "done", bestValAccuracy: 0.9, bestEpoch: 2 }],
 * }));
 * if (m.runs[0].values.lr !== 0.1) throw new Error("unexpected");
 * ```
 */
export function parseSweepManifest(text: string, source = "sweep.json"): SweepManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot read ${source}: ${(error as Error).message}, expected JSON`);
  }
  if (!isObject(value)) fail(source, "the document", value, "an object");
  if (value.format !== SWEEP_FORMAT) fail(source, "format", value.format, `"${SWEEP_FORMAT}"`);
  const version = value.version;
  if (typeof version !== "string" || !/^\d+\.\d+$/.test(version))
    fail(source, "version", version, 'a "major.minor" string');
  if (version.split(".")[0] !== SWEEP_VERSION.split(".")[0]) {
    throw new RangeError(
      `Cannot read ${source}: version is ${version}, expected ${SWEEP_VERSION.split(".")[0]}.x (this reader's ${SWEEP_VERSION})`,
    );
  }
  if (typeof value.time !== "string") fail(source, "time", value.time, "an ISO 8601 string");
  if (value.mode !== "grid" && value.mode !== "random")
    fail(source, "mode", value.mode, '"grid" or "random"');
  const keys = value.keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string"))
    fail(source, "keys", keys, "an array of setting names");
  const validation = value.validation;
  if (!isObject(validation) || typeof validation.count !== "number" || !(validation.count >= 1))
    fail(source, "validation", validation, "{ count: N ≥ 1 }");
  const runs = value.runs;
  if (!Array.isArray(runs)) fail(source, "runs", runs, "an array");
  const parsed = runs.map((r, i) => parseRun(source, i, r, keys));
  const ids = new Set<string>();
  for (const r of parsed) {
    if (ids.has(r.id)) fail(source, "runs", `id ${r.id} twice`, "distinct ids");
    ids.add(r.id);
  }
  const best = value.best ?? null;
  if (best !== null && !ids.has(best as string)) fail(source, "best", best, "the id of one of its runs");
  return {
    format: SWEEP_FORMAT,
    version,
    time: value.time,
    mode: value.mode,
    ...(typeof value.sweepSeed === "number" ? { sweepSeed: value.sweepSeed } : {}),
    keys,
    ...(isObject(value.dataset) ? { dataset: value.dataset as unknown as RunDataset } : {}),
    validation: {
      count: validation.count as number,
      ...(typeof validation.fraction === "number" ? { fraction: validation.fraction } : {}),
    },
    runs: parsed,
    best: best as string | null,
  };
}

/**
 * The configuration with the highest best validation accuracy (the first of equals), if any has one;
 * a failed configuration (whose run ended without a model) is never the best.
 *
 * @param runs The sweep's configurations.
 * @returns Its id, or `null`.
 */
export function bestRun(runs: readonly SweepRun[]): string | null {
  let best: SweepRun | undefined;
  for (const r of runs) {
    if (r.bestValAccuracy === null || r.status === "failed") continue;
    if (best === undefined || r.bestValAccuracy > (best.bestValAccuracy as number)) best = r;
  }
  return best?.id ?? null;
}
