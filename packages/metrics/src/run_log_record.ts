/**
 * The one mapping from training events to run-log records. It takes plain shapes — what
 * `@mnist/softmax`'s `train()` yields, or what any other training loop can build — so this package
 * imports neither the trainer nor a backend, and the CLI, the dashboard and a library user's own loop
 * write the same records.
 *
 * Runtime-neutral.
 * @module
 */
import { ConfusionMatrix } from "./confusion_matrix.ts";
import { runEndRecord } from "./run_end_record.ts";
import {
  type CheckpointRecord,
  type EpochRecord,
  RUN_LOG_VERSION,
  type RunDataset,
  type RunEndRecord,
  type RunStartRecord,
  type StepRecord,
} from "./run_log.ts";

/**
 * A run starts (the trainer's `run-start` event: its configuration and backend kind).
 * @typeParam Config the configuration's type: any fields (lr, batch size, …) beside the seed.
 */
export interface RunStartEventLike<Config extends { readonly seed: number } = { readonly seed: number }> {
  /** Identifies the event. */
  readonly type: "run-start";
  /** The configuration (recorded whole); its seed is also recorded on its own. */
  readonly config: Config;
  /** The backend kind, e.g. `cpu`. */
  readonly backend: string;
}

/** A training step: the loss of its batch, before the update. */
export interface StepEventLike {
  /** Identifies the event. */
  readonly type: "step";
  /** Epoch of the step, counting from 1. */
  readonly epoch: number;
  /** Global step, counting from 1. */
  readonly step: number;
  /** The batch's mean loss. */
  readonly loss: number;
  /** The learning rate of the step. */
  readonly lr: number;
  /** Fraction of the batch classified correctly (recorded as `accuracy`). */
  readonly batchAccuracy?: number;
}

/** An epoch ended: full-set metrics and, optionally, the flat `C×C` test confusion counts (row = label). */
export interface EpochEventLike {
  /** Identifies the event. */
  readonly type: "epoch";
  /** Epoch just completed, counting from 1. */
  readonly epoch: number;
  /** Fraction of the training set classified correctly. */
  readonly trainAccuracy: number;
  /** Fraction of the test set classified correctly. */
  readonly testAccuracy: number;
  /** Mean loss over the training set. */
  readonly trainLoss: number;
  /** Mean loss over the test set. */
  readonly testLoss: number;
  /** Accuracy on the held-out validation rows (only with a validation split). */
  readonly valAccuracy?: number;
  /** Mean loss on the held-out validation rows (only with a validation split). */
  readonly valLoss?: number;
  /** Seconds the epoch took. */
  readonly seconds: number;
  /** Learning rate at the end of the epoch. */
  readonly lr?: number;
  /** Flat `C×C` test confusion counts, row = true label. */
  readonly testConfusion?: ArrayLike<number>;
}

/** A checkpoint was taken after `epoch`. */
export interface CheckpointEventLike {
  /** Identifies the event. */
  readonly type: "checkpoint";
  /** Epochs completed. */
  readonly epoch: number;
}

/** The run finished after `epoch`, taking `seconds`. */
export interface RunEndEventLike {
  /** Identifies the event. */
  readonly type: "run-end";
  /** Epochs completed. */
  readonly epoch: number;
  /** Seconds the whole run took. */
  readonly seconds: number;
  /** Why the run ended early, if it did. */
  readonly stopped?: string;
}

/** Any event {@link runLogRecord} maps; `@mnist/softmax`'s `TrainEvent`s have these shapes. */
export type TrainingEventLike =
  | RunStartEventLike
  | StepEventLike
  | EpochEventLike
  | CheckpointEventLike
  | RunEndEventLike;

/** What a record says that its event does not know; each field is used by the event types named. */
export interface RunLogRecordContext {
  /** `run-start`, `run-end`: ISO 8601 time (default now). */
  readonly time?: string;
  /** `run-start`: the configuration to record (default the event's), e.g. with a preset name added. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** `run-start`: why this backend was chosen. */
  readonly backendReason?: string;
  /** `run-start`: GPU adapter info, or null without one. */
  readonly adapter?: Readonly<Record<string, unknown>> | null;
  /** `run-start`: SHA-256 (hex) of each dataset file. */
  readonly datasets?: Readonly<Record<string, string>>;
  /** `run-start`: the data trained on (its `classNames` are the record's `classes` unless given). */
  readonly dataset?: RunDataset;
  /** `run-start`: software versions. */
  readonly software?: Readonly<Record<string, string>>;
  /** `run-start`: class names, index = label. */
  readonly classes?: readonly string[];
  /** `checkpoint` (required): where it was written, relative to the run directory. */
  readonly path?: string;
  /** `run-end`: the epoch record whose metrics are the final ones (the last, or the kept one). */
  readonly lastEpoch?: EpochRecord;
  /** `run-end`: the epoch whose weights are the final model, when not the last (`--keep best`). */
  readonly keptEpoch?: number;
}

/**
 * Maps a training event to its run-log record: `run-start`, `step`, `epoch` (the flat confusion counts
 * become `confusion[actual][predicted]` rows), `checkpoint` and `run-end` (final metrics from
 * `context.lastEpoch`). Write each with `formatRecord`; render the collected records with
 * `@mnist/metrics/report`.
 *
 * @param event A trainer event, or any object of the same shape.
 * @param context What the record needs beyond the event (see {@link RunLogRecordContext}).
 * @returns The record, ready for `formatRecord`.
 * @throws {TypeError} For a `checkpoint` event without `context.path`.
 * @throws {RangeError} When `testConfusion` does not hold a square number of counts.
 * @example
 * ```ts
 * import { runLogRecord } from "@mnist/metrics";
 * const epoch = runLogRecord({
 *   type: "epoch", epoch: 1, trainAccuracy: 0.5, testAccuracy: 0.75, trainLoss: 0.4, testLoss: 0.3,
 *   seconds: 1, lr: 0.1, testConfusion: [3, 1, 0, 4],
 * });
 * if (epoch.type !== "epoch" || epoch.confusion?.[0][1] !== 1) throw new Error("unexpected");
 * // Your own loop's configuration, recorded whole: any fields beside the seed.
 * const start = runLogRecord({ type: "run-start", config: { lr: 0.1, seed: 0 }, backend: "my-loop" });
 * if (start.config.lr !== 0.1 || start.seed !== 0) throw new Error("unexpected");
 * ```
 */
export function runLogRecord<Config extends { readonly seed: number }>(
  event: RunStartEventLike<Config>,
  context?: RunLogRecordContext,
): RunStartRecord;
/** A step's record. */
export function runLogRecord(event: StepEventLike, context?: RunLogRecordContext): StepRecord;
/** An epoch's record (confusion counts as rows). */
export function runLogRecord(event: EpochEventLike, context?: RunLogRecordContext): EpochRecord;
/** A checkpoint's record (`context.path` required). */
export function runLogRecord(event: CheckpointEventLike, context: RunLogRecordContext): CheckpointRecord;
/** The `run-end` record (final metrics from `context.lastEpoch`). */
export function runLogRecord(event: RunEndEventLike, context?: RunLogRecordContext): RunEndRecord;
/** Any event's record. */
export function runLogRecord(
  event: TrainingEventLike,
  context?: RunLogRecordContext,
): RunStartRecord | StepRecord | EpochRecord | CheckpointRecord | RunEndRecord;
export function runLogRecord(
  event: TrainingEventLike,
  context: RunLogRecordContext = {},
): RunStartRecord | StepRecord | EpochRecord | CheckpointRecord | RunEndRecord {
  switch (event.type) {
    case "run-start":
      return runStart(event, context);
    case "step": {
      const { epoch, step, loss, lr, batchAccuracy } = event;
      return batchAccuracy === undefined
        ? { type: "step", epoch, step, loss, lr }
        : { type: "step", epoch, step, loss, lr, accuracy: batchAccuracy };
    }
    case "epoch":
      return epochRecord(event);
    case "checkpoint":
      if (context.path === undefined) {
        throw new TypeError(
          `Cannot record checkpoint after epoch ${event.epoch}: no path, expected context.path relative to the run directory`,
        );
      }
      return { type: "checkpoint", epoch: event.epoch, path: context.path };
    case "run-end":
      return runEndRecord(context.lastEpoch, {
        seconds: event.seconds,
        epochs: event.epoch,
        time: context.time,
        stopped: event.stopped,
        keptEpoch: context.keptEpoch,
      });
  }
}

function runStart(event: RunStartEventLike, c: RunLogRecordContext): RunStartRecord {
  // Optional fields only when given, in the order the format lists them.
  const classes = c.classes ?? c.dataset?.classNames;
  return {
    type: "run-start",
    version: RUN_LOG_VERSION,
    time: c.time ?? new Date().toISOString(),
    config: c.config ?? event.config,
    seed: event.config.seed,
    backend: event.backend,
    ...(c.backendReason === undefined ? {} : { backendReason: c.backendReason }),
    ...(c.adapter === undefined ? {} : { adapter: c.adapter }),
    ...(c.datasets === undefined ? {} : { datasets: c.datasets }),
    ...(c.dataset === undefined ? {} : { dataset: c.dataset }),
    ...(c.software === undefined ? {} : { software: c.software }),
    ...(classes === undefined ? {} : { classes }),
  };
}

function epochRecord(event: EpochEventLike): EpochRecord {
  const { epoch, trainAccuracy, testAccuracy, trainLoss, testLoss, seconds, lr, testConfusion } = event;
  const { valAccuracy, valLoss } = event;
  const record: EpochRecord = {
    type: "epoch",
    epoch,
    trainAccuracy,
    testAccuracy,
    trainLoss,
    testLoss,
    ...(valAccuracy === undefined ? {} : { valAccuracy }),
    ...(valLoss === undefined ? {} : { valLoss }),
    seconds,
  };
  const withLr = lr === undefined ? record : { ...record, lr };
  if (testConfusion === undefined) return withLr;
  const classes = Math.round(Math.sqrt(testConfusion.length));
  return { ...withLr, confusion: ConfusionMatrix.fromCounts(testConfusion, classes).toRows() };
}
