/**
 * One configuration of `mnist sweep`: turns its trainer events into a normal run directory, written
 * by the same {@link RunDirectory} as `mnist train` (run log, a checkpoint per epoch, final model,
 * charts, report), so `eval`, `predict`, `report` and `train --resume` work on it as on any run.
 * @module
 */
import { join } from "node:path";
import type { DatasetIdentity } from "@mnist/idx";
import { type EpochRecord, runLogRecord } from "@mnist/metrics";
import type { SweepRun, SweepRunStatus } from "@mnist/metrics/sweep";
import type { SoftmaxRegression, TrainConfig, TrainEvent } from "@mnist/softmax";
import type { BackendChoice } from "@mnist/tensor";
import { loadModel } from "./model_file.ts";
import { checkpointDir, type ResumePoint, RunDirectory } from "./run_dir.ts";
import type { SweepValue } from "./sweep_flags.ts";
import { BestEpoch, type ValidationSettings } from "./validation_flags.ts";

/** What every configuration of a sweep shares when it records its events. */
export interface MemberContext {
  readonly choice: BackendChoice;
  /** The verified data (known from the first run-start event on). */
  readonly dataset: () => DatasetIdentity | undefined;
  readonly validation: ValidationSettings;
}

/** A configuration being trained (or resumed, or already done) and its run directory. */
export class SweepMember {
  readonly id: string;
  readonly values: Readonly<Record<string, SweepValue>>;
  readonly config: TrainConfig;
  /**
   * The run-start `config`: the training config and the CLI's settings, as `mnist train` writes it
   * (completed once the data, and with it the validation count, is known).
   */
  runConfig: Readonly<Record<string, unknown>>;
  /** Why its run should stop after the last epoch (`--patience` ran out), read by `stopAfter`. */
  stopReason: string | undefined;
  /** Its run directory (a fresh one for every {@link SweepMember.claim}). */
  out: RunDirectory;
  readonly #echo: (text: string) => Promise<void>;
  /** Where it continues from, when resumed. */
  resume: ResumePoint | undefined;
  status: SweepRunStatus = "pending";
  message: string | undefined;
  readonly epochs: EpochRecord[] = [];
  #tracker: BestEpoch;
  readonly #patience: number | undefined;
  #bestModel: SoftmaxRegression | undefined;
  #lastCheckpoint = 0;

  constructor(options: {
    id: string;
    dir: string;
    values: Readonly<Record<string, SweepValue>>;
    config: TrainConfig;
    runConfig: Readonly<Record<string, unknown>>;
    echo: (text: string) => Promise<void>;
    patience?: number;
  }) {
    this.id = options.id;
    this.values = options.values;
    this.config = options.config;
    this.runConfig = options.runConfig;
    this.#echo = options.echo;
    this.out = new RunDirectory(options.dir, options.echo);
    this.#patience = options.patience;
    this.#tracker = new BestEpoch(options.patience);
  }

  /** The epoch with the best validation accuracy so far. */
  get best(): EpochRecord | undefined {
    return this.#tracker.best;
  }

  /** Epochs with a checkpoint. */
  get lastCheckpoint(): number {
    return this.#lastCheckpoint;
  }

  /** Claims its run directory (again) for training: new, or its earlier run to continue. */
  async claim(dataDir: string): Promise<void> {
    this.out = new RunDirectory(this.out.path, this.#echo);
    await this.out.claim({ flag: "--out", reuse: true, dataDir });
  }

  /** Continues from `resume` (its epochs so far count towards the best). */
  resumeFrom(resume: ResumePoint): void {
    this.resume = resume;
    this.#lastCheckpoint = resume.epoch;
    this.epochs.length = 0;
    for (const r of resume.log.records)
      if (r.type === "epoch" && r.epoch <= resume.epoch) this.epochs.push(r);
    this.#tracker = new BestEpoch(this.#patience, this.epochs);
  }

  /**
   * Records one of its trainer events; returns the epoch record when the event ended an epoch.
   * @param backend the backend's kind and adapter.
   */
  async handle(
    event: TrainEvent,
    backend: { kind: string; adapter: object | null },
    ctx: MemberContext,
  ): Promise<EpochRecord | undefined> {
    const { out } = this;
    const dataset = ctx.dataset();
    switch (event.type) {
      case "run-start": {
        this.status = "running";
        const start = runLogRecord(
          { type: "run-start", config: this.config, backend: backend.kind },
          {
            time: this.resume?.time,
            config: {
              ...this.runConfig,
              ...(this.resume?.state ? { resumedAfterEpoch: this.resume.epoch } : {}),
            },
            backendReason: ctx.choice.reason,
            adapter: backend.adapter ? { ...backend.adapter } : null,
            dataset,
            software: { deno: Deno.version.deno, v8: Deno.version.v8, "@mnist/cli": "0.1.0" },
          },
        );
        await out.start(start, this.resume);
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
          backend: backend.kind as "cpu" | "webgpu",
          dataset,
          metrics: event.metrics,
        });
        this.#lastCheckpoint = event.epoch;
        await out.record(runLogRecord(event, { path }));
        return undefined;
      }
      case "run-end": {
        const kept = ctx.validation.keep === "best" ? this.#tracker.best : undefined;
        const final = kept ?? this.epochs.at(-1);
        const model = kept === undefined ? event.model : await this.#keptModel(kept.epoch);
        await out.saveModel(model, {
          config: this.runConfig,
          seed: this.config.seed,
          backend: backend.kind,
          dataset,
          epoch: event.epoch,
          ...(kept === undefined ? {} : { keptEpoch: kept.epoch, kept: "best validation accuracy" }),
          ...(event.stopped === undefined ? {} : { stopped: event.stopped }),
          metrics: final ?? null,
        });
        await out.record(runLogRecord(event, { lastEpoch: final, keptEpoch: kept?.epoch }));
        await out.writeReport();
        this.status = "done";
        return undefined;
      }
    }
  }

  /** Ends a started run that was interrupted (Ctrl-C) or failed, leaving a valid log and report. */
  async stop(status: "interrupted" | "failed", message: string): Promise<void> {
    this.status = status;
    this.message = status === "failed" ? message : undefined;
    if (!this.out.started) return;
    await this.out.record({ type: "error", time: new Date().toISOString(), message });
    await this.out.writeReport().catch(() => {});
  }

  /** Its entry in `sweep.json`. */
  summary(dir: string): SweepRun {
    const best = this.#tracker.best;
    return {
      id: this.id,
      dir,
      values: this.values,
      config: this.runConfig,
      status: this.status,
      bestValAccuracy: best?.valAccuracy ?? null,
      bestEpoch: best?.epoch ?? null,
      bestValLoss: best?.valLoss ?? null,
      ...(this.message === undefined ? {} : { message: this.message }),
    };
  }

  // The best epoch's weights: in memory when this process trained it, else its checkpoint (resumed).
  async #keptModel(epoch: number): Promise<SoftmaxRegression> {
    if (this.#bestModel !== undefined && this.#tracker.best?.epoch === epoch) return this.#bestModel;
    return (await loadModel(join(this.out.path, checkpointDir(epoch), "model.safetensors"), "--resume"))
      .model;
  }
}
