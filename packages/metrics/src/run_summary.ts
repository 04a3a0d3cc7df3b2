/**
 * The run list's contract between `mnist dashboard` (which summarises each run directory's log) and
 * the dashboard page (which lists them), and the one rule for how a run's log ended, which the list,
 * the report and the comparison all show. Runtime-neutral.
 * @module
 */

/** Where a run stands: a live process holds its lock, its log ended, failed, or stopped without an end. */
export type RunStatus = "running" | "finished" | "failed" | "interrupted";

/**
 * How the `error` record of a run its user stopped (Ctrl-C) begins: such a run is interrupted, not
 * failed, and `--resume` continues it.
 */
export const INTERRUPTED_MESSAGE = "Interrupted by Ctrl-C";

/**
 * How a run's log ended, from its records: `finished` with a `run-end` record, `failed` with an
 * `error` record, `interrupted` with an error record that says the user stopped it
 * ({@link INTERRUPTED_MESSAGE}) or with neither record (the process was killed, or still runs).
 * @param records the log's records, in order.
 * @returns the status, and the error record's message where there is one.
 */
export function endedStatus(records: readonly { readonly type: string; readonly message?: string }[]): {
  readonly status: Exclude<RunStatus, "running">;
  readonly message: string | null;
} {
  if (records.some((r) => r.type === "run-end")) return { status: "finished", message: null };
  const message = records.find((r) => r.type === "error")?.message ?? null;
  if (message === null || message.startsWith(INTERRUPTED_MESSAGE)) return { status: "interrupted", message };
  return { status: "failed", message };
}

/**
 * One run as `mnist dashboard` lists it (`GET /api/runs`) and the dashboard's run list shows it: the
 * server's summary of a run directory's log.
 */
export interface RunSummary {
  /** The run directory relative to the runs directory, `/`-separated (`a` or `sweep/trial-1`). */
  readonly name: string;
  /** The run log's URL path on the server. */
  readonly log: string;
  /** Running (a live process holds its lock), finished, failed or interrupted. */
  readonly status: RunStatus;
  /** ISO 8601 start time from the run-start record. */
  readonly startedAt: string | null;
  /** The dataset's name (`mnist`, `fashion-mnist`, `custom`), null when the log records none. */
  readonly dataset: string | null;
  /** The settings a run list shows; null where the run-start record has none. */
  readonly config: {
    readonly preset: string | null;
    readonly loss: string | null;
    readonly optimizer: string | null;
    readonly lr: number | null;
    readonly batchSize: number | null;
    readonly epochs: number | null;
  };
  /** The backend kind the run trained on (`cpu`, `webgpu`). */
  readonly backend: string | null;
  /** Epoch records read so far (the last epoch number). */
  readonly epochsDone: number;
  /** The epochs the run was configured for. */
  readonly epochsTotal: number | null;
  /** The final test accuracy (run-end's, else the last epoch's). */
  readonly finalTestAccuracy: number | null;
  /** The highest test accuracy of any epoch. */
  readonly bestTestAccuracy: number | null;
  /** The final validation accuracy, with a validation split. */
  readonly finalValAccuracy: number | null;
  /** The highest validation accuracy of any epoch, with a validation split. */
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
