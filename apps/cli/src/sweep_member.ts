/**
 * One configuration of `mnist sweep`: its values, its status, and its run directory, written by the
 * same {@link RunRecorder} and {@link RunDirectory} as `mnist train` (run log, a checkpoint per epoch,
 * final model, charts, report), so `eval`, `predict`, `report` and `train --resume` work on it as on
 * any run.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import type { EpochRecord } from "@mnist/metrics";
import type { SweepRun, SweepRunStatus } from "@mnist/metrics/sweep";
import type { TrainConfig, TrainEvent } from "@mnist/softmax";
import type { BackendChoice } from "@mnist/tensor";
import { type ResumePoint, RunDirectory } from "./run_dir.ts";
import { RunRecorder } from "./run_recorder.ts";
import type { SweepValue } from "./sweep_flags.ts";
import { BestEpoch, type ValidationSettings } from "./validation_flags.ts";

/** What every configuration of a sweep shares when it trains. */
export interface MemberContext {
  readonly choice: BackendChoice;
  /** The verified data (known from the first run-start event on). */
  readonly dataset: () => DatasetIdentity | undefined;
  readonly validation: ValidationSettings;
  /** The data directory, which a run directory must not be. */
  readonly dataDir: string;
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
  /** Where it continues from, when resumed. */
  resume: ResumePoint | undefined;
  status: SweepRunStatus = "pending";
  message: string | undefined;
  /** Its run directory (a fresh one for every {@link SweepMember.claim}). */
  out: RunDirectory;
  readonly #echo: (text: string) => Promise<void>;
  #recorder: RunRecorder | undefined;
  #ctx: MemberContext | undefined;
  /** The epochs of a resumed run before it trains again (a done one's are all of them). */
  #earlier: EpochRecord[] = [];

  constructor(options: {
    id: string;
    dir: string;
    values: Readonly<Record<string, SweepValue>>;
    config: TrainConfig;
    runConfig: Readonly<Record<string, unknown>>;
    echo: (text: string) => Promise<void>;
  }) {
    this.id = options.id;
    this.values = options.values;
    this.config = options.config;
    this.runConfig = options.runConfig;
    this.#echo = options.echo;
    this.out = new RunDirectory(options.dir, options.echo);
  }

  /** Its epoch records so far. */
  get epochs(): readonly EpochRecord[] {
    return this.#recorder?.epochs ?? this.#earlier;
  }

  /** The epoch with the best validation accuracy so far. */
  get best(): EpochRecord | undefined {
    return this.#recorder?.best ?? new BestEpoch(undefined, this.#earlier).best;
  }

  /** Epochs with a checkpoint. */
  get lastCheckpoint(): number {
    return this.#recorder?.lastCheckpoint ?? this.resume?.epoch ?? 0;
  }

  /** Why its run should stop after the last epoch (`--patience` ran out), read by `stopAfter`. */
  get stopReason(): string | undefined {
    return this.#recorder?.stopReason;
  }

  /** Claims its run directory (again) to train: new, or its earlier run to continue from `resume`. */
  async claim(ctx: MemberContext): Promise<void> {
    this.out = new RunDirectory(this.out.path, this.#echo);
    await this.out.claim({ flag: "--out", reuse: true, dataDir: ctx.dataDir, sweepMember: true });
    this.#ctx = ctx;
    this.#recorder = this.#newRecorder(ctx);
  }

  #newRecorder(ctx: MemberContext): RunRecorder {
    const resumed = this.resume?.state ? { resumedAfterEpoch: this.resume.epoch } : {};
    return new RunRecorder(this.out, {
      config: this.config,
      runConfig: { ...this.runConfig, ...resumed },
      keep: ctx.validation.keep,
      patience: ctx.validation.patience,
      choice: ctx.choice,
      resume: this.resume,
    });
  }

  /** Continues from `resume` (its epochs so far count towards the best). */
  resumeFrom(resume: ResumePoint): void {
    this.resume = resume;
    // Already claimed (a group resumes from an earlier epoch than this run's newest): record from there.
    this.#recorder = this.#recorder && this.#ctx && this.#newRecorder(this.#ctx);
    this.#earlier = resume.log.records.filter(
      (r): r is EpochRecord => r.type === "epoch" && r.epoch <= resume.epoch,
    );
  }

  /** Records one of its trainer events; returns the epoch record when the event ended an epoch. */
  async handle(event: TrainEvent, ctx: MemberContext): Promise<EpochRecord | undefined> {
    const recorder = this.#recorder;
    if (recorder === undefined) throw new Error(`Cannot record ${this.id}: its run directory is not claimed`);
    if (event.type === "run-start") {
      this.status = "running";
      recorder.dataset = ctx.dataset();
    }
    const epoch = await recorder.record(event);
    if (event.type === "run-end") {
      await this.out.writeReport();
      this.status = "done";
    }
    return epoch;
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
    const best = this.best;
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
}
