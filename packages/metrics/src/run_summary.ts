/**
 * The run list's contract between `mnist dashboard` (which summarises each run directory's log) and
 * the dashboard page (which lists them). Runtime-neutral types only.
 * @module
 */

/** Where a run stands: a live process holds its lock, its log ended, failed, or stopped without an end. */
export type RunStatus = "running" | "finished" | "failed" | "interrupted";

/**
 * One run as `mnist dashboard` lists it (`GET /api/runs`) and the dashboard's run list shows it: the
 * server's summary of a run directory's log.
 */
export interface RunSummary {
  /** The run directory relative to the runs directory, `/`-separated (`a` or `sweep/trial-1`). */
  readonly name: string;
  /** The run log's URL path on the server. */
  readonly log: string;
  readonly status: RunStatus;
  /** ISO 8601 start time from the run-start record. */
  readonly startedAt: string | null;
  /** The dataset's name (`mnist`, `fashion-mnist`, `custom`), null when the log records none. */
  readonly dataset: string | null;
  readonly config: {
    readonly preset: string | null;
    readonly loss: string | null;
    readonly optimizer: string | null;
    readonly lr: number | null;
    readonly batchSize: number | null;
    readonly epochs: number | null;
  };
  readonly backend: string | null;
  /** Epoch records read so far (the last epoch number). */
  readonly epochsDone: number;
  /** The epochs the run was configured for. */
  readonly epochsTotal: number | null;
  /** The final test accuracy (run-end's, else the last epoch's). */
  readonly finalTestAccuracy: number | null;
  readonly bestTestAccuracy: number | null;
  readonly finalValAccuracy: number | null;
  readonly bestValAccuracy: number | null;
  /** Seconds of the whole run when it ended, else the seconds of its epochs so far. */
  readonly seconds: number;
  /** Why the run stopped early, or its error message. */
  readonly note: string | null;
  /** Whether a model file is there (`model.safetensors`). */
  readonly hasModel: boolean;
  /** What made the log unreadable, when it is. */
  readonly problem: string | null;
}
