/**
 * The `run-end` record of a finished run, from its last epoch record: the trainer (CLI) and the
 * dashboard write the same final metrics.
 *
 * Runtime-neutral.
 * @module
 */
import type { EpochRecord, RunEndRecord } from "./run_log.ts";

/** What the last epoch record does not say. */
export interface RunEndOptions {
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  /** Epochs completed (default: the last epoch record's epoch). */
  readonly epochs?: number;
  /** ISO 8601 time the run ended (default: now). */
  readonly time?: string;
  /** Why the run stopped before its configured epochs. */
  readonly stopped?: string;
  /** The epoch whose weights are the final model, when `last` is that epoch's record rather than the last. */
  readonly keptEpoch?: number;
}

/**
 * Builds the `run-end` record of a run from its last epoch record: the final accuracies, losses and
 * test confusion matrix. Without an epoch record (nothing evaluated), `testAccuracy` is NaN (written
 * as `null`) and the other metrics are left out.
 *
 * @param last The run's last epoch record, if any.
 * @param options Run time, epochs completed and end time.
 * @returns The record.
 * @example
 * ```ts
 * import { runEndRecord } from "@mnist/metrics";
 * const end = runEndRecord(
 *   { type: "epoch", epoch: 3, trainAccuracy: 0.9, testAccuracy: 0.91, trainLoss: 0.3, testLoss: 0.29, seconds: 1 },
 *   { seconds: 3.5, time: "2024-01-01T00:00:00.000Z" },
 * );
 * if (end.testAccuracy !== 0.91 || end.epochs !== 3) throw new Error("unexpected");
 * ```
 */
export function runEndRecord(last: EpochRecord | undefined, options: RunEndOptions): RunEndRecord {
  const time = options.time ?? new Date().toISOString();
  const epochs = options.epochs ?? last?.epoch;
  const extra = {
    ...(options.stopped === undefined ? {} : { stopped: options.stopped }),
    ...(options.keptEpoch === undefined ? {} : { keptEpoch: options.keptEpoch }),
  };
  if (last === undefined) {
    return { type: "run-end", time, seconds: options.seconds, testAccuracy: Number.NaN, epochs, ...extra };
  }
  return {
    type: "run-end",
    time,
    seconds: options.seconds,
    testAccuracy: last.testAccuracy,
    trainAccuracy: last.trainAccuracy,
    testLoss: last.testLoss,
    trainLoss: last.trainLoss,
    epochs,
    ...extra,
    confusion: last.confusion,
  };
}
