/**
 * Messages between the page and the compute worker. Weights travel input-major (`W[F×C]`), as
 * `SoftmaxRegression` stores them.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import type { EpochRecord, StepRecord } from "@mnist/metrics";
import type { SoftmaxRegression, TrainConfig } from "@mnist/softmax";
import type { BackendPreference } from "@mnist/tensor";
import type { DataSource } from "./data.ts";
import type { DigestedLog } from "./log_digest.ts";
import type { RunData } from "./run_data.ts";

/** Model parameters on the wire (a `SoftmaxRegression` without its methods, which do not cross). */
export type WireModel = Pick<SoftmaxRegression, "features" | "classes" | "weight" | "bias">;

/**
 * Page → worker: train (a new run), resume (after the last finished epoch), stop, or acknowledge that
 * the page has shown an epoch (the worker reports epoch N only once the page has shown epoch N − 1, so
 * it is never more than one epoch ahead of what the user sees, and a Stop pressed on seeing epoch N
 * stops the run before epoch N + 1 is reported).
 */
export type TrainRequest =
  | {
      readonly type: "train";
      readonly source: DataSource;
      readonly config: TrainConfig;
      /** Use the first `trainCount` training images. */
      readonly trainCount: number;
      readonly prefer: BackendPreference;
      /** Emit a step record every this many steps. */
      readonly stepEvery: number;
    }
  | { readonly type: "resume" }
  | { readonly type: "stop" }
  | { readonly type: "shown"; readonly epoch: number };

/** Page → worker: predict every test image with a model. */
export interface EvaluateRequest {
  readonly type: "evaluate";
  readonly source: DataSource;
  readonly model: WireModel;
  /** What the run recorded about its data: the loaded files must match it (checked by SHA-256). */
  readonly expect?: RunData;
}

/** Page → worker: read a run log (a chosen file or an absolute URL), stream-parsed and thinned. */
export interface ReadLogRequest {
  readonly type: "read-log";
  readonly file?: File;
  readonly url?: string;
}

/**
 * Page → worker: train several configurations that share their batches (a small sweep, with
 * `trainGroup`), holding out `val` training images (chosen by the configurations' seed).
 */
export interface SweepRequest {
  readonly type: "sweep";
  readonly source: DataSource;
  readonly configs: readonly TrainConfig[];
  readonly trainCount: number;
  readonly val: number;
  readonly prefer: BackendPreference;
}

/** Any page → worker message. */
export type WorkerRequest = TrainRequest | EvaluateRequest | ReadLogRequest | SweepRequest;

/** Worker → page messages. */
export type WorkerMessage =
  | { readonly type: "status"; readonly text: string }
  | {
      readonly type: "backend";
      readonly kind: "cpu" | "webgpu";
      readonly reason: string;
      readonly adapter: Readonly<Record<string, unknown>> | null;
      readonly trainCount: number;
      readonly testCount: number;
      /** The identity of the data loaded for training. */
      readonly identity: DatasetIdentity;
    }
  /** A run-log step record, as the page logs it. */
  | { readonly type: "step"; readonly record: StepRecord }
  /**
   * A run-log epoch record, the global step it ended on, the model after it, and the seconds of the
   * epoch's steps alone (the record's `seconds` include evaluation), for comparing backends.
   */
  | {
      readonly type: "epoch";
      readonly record: EpochRecord;
      readonly step: number;
      readonly model: WireModel;
      readonly trainSeconds: number;
    }
  /** The run finished after `epoch`. */
  | { readonly type: "done"; readonly epoch: number; readonly seconds: number }
  /** Training stopped on request; it can resume after `epoch` (global step `step`). */
  | { readonly type: "stopped"; readonly epoch: number; readonly step: number }
  | {
      readonly type: "predictions";
      readonly predictions: Uint8Array;
      readonly labels: Uint8Array;
      readonly images: Uint8Array;
      /** Image rows and columns. */
      readonly shape: readonly [number, number];
      /** The data the predictions are of. */
      readonly identity: DatasetIdentity;
    }
  | ({
      readonly type: "log";
      readonly name: string;
      readonly truncated: boolean;
      readonly skipped: number;
      /** Bytes of the log read, through its last complete record. */
      readonly bytes: number;
    } & DigestedLog)
  /** A configuration of a small sweep finished an epoch (`member` indexes the request's configs). */
  | { readonly type: "sweep-epoch"; readonly member: number; readonly record: EpochRecord }
  /** A configuration of a small sweep diverged (non-finite loss) and left the group; the others go on. */
  | { readonly type: "sweep-failed"; readonly member: number; readonly message: string }
  /** Every configuration of the small sweep is done. */
  | { readonly type: "sweep-done"; readonly seconds: number }
  | { readonly type: "error"; readonly message: string };
