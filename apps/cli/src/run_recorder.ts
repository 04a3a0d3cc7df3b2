/**
 * The one mapping from a run's trainer events to its run directory, shared by `mnist train` and each
 * configuration of `mnist sweep`: the run log (run-start, steps, epochs, checkpoints, run-end), a
 * checkpoint per epoch, and the final model — the last epoch's, or with `--keep best` the epoch with
 * the best validation accuracy — with its sidecar. What is shown to the user stays with the command.
 * @module
 */
import { join } from "node:path";
import type { DatasetIdentity } from "@mnist/idx";
import { type EpochRecord, runLogRecord } from "@mnist/metrics";
import type { SoftmaxRegression, TrainConfig, TrainEvent } from "@mnist/softmax";
import type { BackendChoice } from "@mnist/tensor";
import { loadModel } from "./model_file.ts";
import { checkpointDir, type ResumePoint, type RunDirectory } from "./run_dir.ts";
import { BestEpoch } from "./validation_flags.ts";

/** What a {@link RunRecorder} writes with. */
export interface RunRecorderOptions {
  /** The training config (as given to the trainer). */
  readonly config: TrainConfig;
  /**
   * The run-start `config`: the training config with the CLI's settings (preset, limit, split…, and
   * `resumedAfterEpoch` when continuing from a checkpoint); the model's sidecar records it too.
   */
  readonly runConfig: Readonly<Record<string, unknown>>;
  /** Which weights become the final model. */
  readonly keep: "last" | "best";
  /** Stop after this many epochs without a better validation accuracy. */
  readonly patience?: number;
  readonly choice: BackendChoice;
  /** The run continued, when resuming: its epochs so far count. */
  readonly resume?: ResumePoint;
  /** More to record in every checkpoint's sidecar (a streamed run's layout). */
  readonly checkpoint?: Readonly<Record<string, unknown>>;
}

/** Writes one run's events into its run directory. */
export class RunRecorder {
  readonly out: RunDirectory;
  /** The run's epoch records, a resumed run's earlier ones first. */
  readonly epochs: EpochRecord[];
  /** The run-start `config` as written. */
  readonly runConfig: Readonly<Record<string, unknown>>;
  /** The verified data; set by the caller before the run-start event is recorded. */
  dataset: DatasetIdentity | undefined;
  /** Why the run should stop after the last epoch (`--patience` ran out), for `stopAfter`. */
  stopReason: string | undefined;
  readonly #options: RunRecorderOptions;
  readonly #tracker: BestEpoch;
  #bestModel: SoftmaxRegression | undefined;
  #lastCheckpoint: number;
  #lastCheckpointStep: number | undefined;

  constructor(out: RunDirectory, options: RunRecorderOptions) {
    this.out = out;
    this.#options = options;
    const { resume } = options;
    this.runConfig = options.runConfig;
    // The resumed run's epochs count: finishing a run whose last epoch was already trained reports it.
    this.epochs = (resume?.log.records ?? []).filter(
      (r): r is EpochRecord => r.type === "epoch" && r.epoch <= (resume?.epoch ?? 0),
    );
    this.#tracker = new BestEpoch(options.patience, this.epochs);
    this.#lastCheckpoint = resume?.epoch ?? 0;
    this.#lastCheckpointStep = resume?.state?.epochStep === undefined ? undefined : resume.step;
  }

  /** The epoch with the best validation accuracy so far. */
  get best(): EpochRecord | undefined {
    return this.#tracker.best;
  }

  /** The epoch whose weights the final model keeps with `--keep best`; `undefined` with `--keep last`. */
  get kept(): EpochRecord | undefined {
    return this.#options.keep === "best" ? this.#tracker.best : undefined;
  }

  /** Epochs with a checkpoint. */
  get lastCheckpoint(): number {
    return this.#lastCheckpoint;
  }

  /** The global step of the last checkpoint when it was taken inside an epoch (after {@link lastCheckpoint} epochs). */
  get lastCheckpointStep(): number | undefined {
    return this.#lastCheckpointStep;
  }

  /** Records one trainer event; returns the epoch record when the event ended an epoch. */
  async record(event: TrainEvent): Promise<EpochRecord | undefined> {
    const { out } = this;
    const { config, choice, resume } = this.#options;
    const { backend } = choice;
    const dataset = this.dataset;
    switch (event.type) {
      case "run-start": {
        const start = runLogRecord(
          { type: "run-start", config, backend: backend.kind },
          {
            time: resume?.time,
            config: this.runConfig,
            backendReason: choice.reason,
            adapter: backend.adapter ? { ...backend.adapter } : null,
            dataset,
            software: { deno: Deno.version.deno, v8: Deno.version.v8, "@mnist/cli": "0.1.0" },
          },
        );
        // The log is (re)written now, so a failure before leaves the directory untouched.
        await out.start(start, resume);
        return undefined;
      }
      case "step":
        await out.record(runLogRecord(event));
        return undefined;
      case "epoch": {
        const r = runLogRecord(event);
        this.epochs.push(r);
        await out.record(r);
        this.stopReason = this.#tracker.observe(r);
        if (this.#tracker.best?.epoch === r.epoch) this.#bestModel = event.model;
        return r;
      }
      case "checkpoint": {
        const path = await out.saveCheckpoint(event.state, {
          backend: backend.kind,
          dataset,
          metrics: event.metrics,
          ...this.#options.checkpoint,
        });
        this.#lastCheckpoint = event.epoch;
        this.#lastCheckpointStep = event.state.epochStep === undefined ? undefined : event.step;
        await out.record(runLogRecord(event, { path }));
        return undefined;
      }
      case "run-end": {
        const kept = this.kept;
        const final = kept ?? this.epochs.at(-1);
        const model = kept === undefined ? event.model : await this.#keptModel(kept.epoch);
        await out.saveModel(model, {
          config: this.runConfig,
          seed: config.seed,
          backend: backend.kind,
          dataset,
          epoch: event.epoch,
          ...(kept === undefined ? {} : { keptEpoch: kept.epoch, kept: "best validation accuracy" }),
          ...(event.stopped === undefined ? {} : { stopped: event.stopped }),
          metrics: final ?? null,
        });
        // Test accuracy null (NaN) only when no epoch was evaluated; a resume always evaluates one.
        await out.record(runLogRecord(event, { lastEpoch: final, keptEpoch: kept?.epoch }));
        return undefined;
      }
    }
  }

  // The best epoch's weights: in memory when this process trained it, else its checkpoint (resumed).
  async #keptModel(epoch: number): Promise<SoftmaxRegression> {
    if (this.#bestModel !== undefined && this.#tracker.best?.epoch === epoch) return this.#bestModel;
    return (await loadModel(join(this.out.path, checkpointDir(epoch), "model.safetensors"), "--resume"))
      .model;
  }
}
