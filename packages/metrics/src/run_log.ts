/**
 * The run log: a versioned stream of JSON records (JSON Lines, `run.jsonl`) that the trainer writes
 * and the CLI and dashboard read. It is the contract between them.
 *
 * Runtime-neutral.
 * @module
 */

/** Major.minor version of the run-log format this code writes and reads. */
export const RUN_LOG_VERSION = "1.0";

/** First record: what is being run. */
export interface RunStartRecord {
  readonly type: "run-start";
  readonly version: string;
  readonly time: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly backend: string;
  readonly backendReason?: string;
  readonly adapter?: Readonly<Record<string, unknown>> | null;
  readonly datasets?: Readonly<Record<string, string>>;
  readonly software?: Readonly<Record<string, string>>;
}

/** A training step (optionally every N steps). */
export interface StepRecord {
  readonly type: "step";
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
}

/** End of an epoch: full-set metrics. Accuracies are fractions in [0, 1]; losses are means over the set. */
export interface EpochRecord {
  readonly type: "epoch";
  readonly epoch: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly seconds: number;
}

/** A checkpoint was written. */
export interface CheckpointRecord {
  readonly type: "checkpoint";
  readonly epoch: number;
  readonly path: string;
}

/** Last record of a finished run. */
export interface RunEndRecord {
  readonly type: "run-end";
  readonly time: string;
  readonly seconds: number;
  readonly testAccuracy: number;
}

/** Last record of a failed run. */
export interface ErrorRecord {
  readonly type: "error";
  readonly time: string;
  readonly message: string;
}

/** Any run-log record. */
export type RunLogRecord =
  | RunStartRecord
  | StepRecord
  | EpochRecord
  | CheckpointRecord
  | RunEndRecord
  | ErrorRecord;

/** Serialises one record as a JSON line (with trailing newline). */
export function formatRecord(record: RunLogRecord): string {
  return `${JSON.stringify(record)}\n`;
}
