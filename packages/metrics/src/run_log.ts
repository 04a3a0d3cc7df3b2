/**
 * The run log: a versioned stream of JSON records (JSON Lines, `run.jsonl`) that the trainer writes
 * and the CLI and dashboard read. It is the contract between them; README "Run-log format v1"
 * documents every field.
 *
 * Runtime-neutral.
 * @module
 */

/**
 * Major.minor version of the run-log format this code writes and reads. A reader accepts any minor
 * version of its major (newer minors only add optional fields and record types) and rejects other
 * majors.
 */
export const RUN_LOG_VERSION = "1.2";

/**
 * Which data a run was trained on; the same JSON as `@mnist/idx`'s `DatasetIdentity` (this package
 * does not depend on `@mnist/idx`, so the shape is restated here).
 */
export interface RunDataset {
  /** "mnist", "fashion-mnist" or "custom". */
  readonly name: string;
  /** The directory as given when training. */
  readonly dir: string;
  /** Name and SHA-256 of the uncompressed file, for `trainImages`, `trainLabels`, `testImages`, `testLabels`. */
  readonly files: Readonly<Record<string, { readonly name: string; readonly sha256: string }>>;
  /** Rows and columns of every image. */
  readonly imageShape: readonly [number, number];
  readonly classCount: number;
  /** One name per class, in label order. */
  readonly classNames: readonly string[];
}

/** First record: what is being run. */
export interface RunStartRecord {
  readonly type: "run-start";
  /** Run-log format version, `"major.minor"`. */
  readonly version: string;
  /** ISO 8601 time the run started. */
  readonly time: string;
  /** The training configuration (preset, loss, optimiser, lr, batch size, epochs, …). */
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed: number;
  /** Backend kind, e.g. `"webgpu"` or `"cpu"`. */
  readonly backend: string;
  /** Why this backend was chosen (e.g. "no WebGPU adapter"). */
  readonly backendReason?: string;
  /** GPU adapter info when the backend has one. */
  readonly adapter?: Readonly<Record<string, unknown>> | null;
  /** SHA-256 (hex) of each dataset file, keyed by file name (format 1.0; 1.1 writes `dataset`). */
  readonly datasets?: Readonly<Record<string, string>>;
  /** The data the run trained on (format 1.1); a log without it trained on unknown data. */
  readonly dataset?: RunDataset;
  /** Software versions, keyed by name (`deno`, `@mnist/softmax`, …). */
  readonly software?: Readonly<Record<string, string>>;
  /** Class names, index = label (default: the digits "0"–"9"). */
  readonly classes?: readonly string[];
}

/** A training step (optionally every N steps). */
export interface StepRecord {
  readonly type: "step";
  /** Epoch the step belongs to, counting from 1. */
  readonly epoch: number;
  /** Optimiser step, counting from 1 across the whole run (not reset per epoch). */
  readonly step: number;
  /** Mean loss over the step's batch (NaN, written as `null`, when not finite). */
  readonly loss: number;
  /** Learning rate used for the step. */
  readonly lr: number;
  /** Fraction of the batch classified correctly. */
  readonly accuracy?: number;
}

/** End of an epoch: full-set metrics. Accuracies are fractions in [0, 1]; losses are means over the set. */
export interface EpochRecord {
  readonly type: "epoch";
  /** Epoch number, counting from 1. */
  readonly epoch: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Accuracy on the validation rows held out of the training set (format 1.2; only with a split). */
  readonly valAccuracy?: number;
  /** Mean loss on the validation rows (format 1.2; only with a split). */
  readonly valLoss?: number;
  /** Wall-clock seconds the epoch took (training and evaluation). */
  readonly seconds: number;
  /** Learning rate at the end of the epoch. */
  readonly lr?: number;
  /** Test-set confusion matrix: `confusion[actual][predicted]` = count. */
  readonly confusion?: readonly (readonly number[])[];
}

/** A checkpoint was written. */
export interface CheckpointRecord {
  readonly type: "checkpoint";
  readonly epoch: number;
  /** Path of the checkpoint, relative to the run directory. */
  readonly path: string;
  /** SHA-256 (hex) of the checkpoint file. */
  readonly sha256?: string;
}

/** Last record of a finished run. */
export interface RunEndRecord {
  readonly type: "run-end";
  readonly time: string;
  /** Wall-clock seconds of the whole run. */
  readonly seconds: number;
  /** Final test accuracy (NaN, written as `null`, when not evaluated). */
  readonly testAccuracy: number;
  readonly trainAccuracy?: number;
  readonly testLoss?: number;
  readonly trainLoss?: number;
  /** Epochs completed. */
  readonly epochs?: number;
  /** Why the run stopped before its configured epochs, e.g. early stopping (format 1.2). */
  readonly stopped?: string;
  /**
   * The epoch whose weights are the final model when it is not the last one (`--keep best`, format
   * 1.2); the final metrics are that epoch's.
   */
  readonly keptEpoch?: number;
  /** Final test-set confusion matrix: `confusion[actual][predicted]` = count. */
  readonly confusion?: readonly (readonly number[])[];
}

/** Last record of a failed run. */
export interface ErrorRecord {
  readonly type: "error";
  readonly time: string;
  /** One-sentence error message. */
  readonly message: string;
  readonly epoch?: number;
  readonly step?: number;
}

/** Any run-log record. */
export type RunLogRecord =
  | RunStartRecord
  | StepRecord
  | EpochRecord
  | CheckpointRecord
  | RunEndRecord
  | ErrorRecord;

/**
 * Serialises one record as a JSON line (with trailing newline). Non-finite numbers become `null`,
 * which readers turn back into NaN.
 *
 * @param record The record to write.
 * @returns One line of JSON ending in `\n`.
 * @example
 * ```ts
 * import { formatRecord } from "@mnist/metrics";
 * const line = formatRecord({ type: "checkpoint", epoch: 1, path: "model.json" });
 * if (line !== '{"type":"checkpoint","epoch":1,"path":"model.json"}\n') throw new Error(line);
 * ```
 */
export function formatRecord(record: RunLogRecord): string {
  return `${JSON.stringify(record)}\n`;
}
