/**
 * The trainer: an async iterator of typed events over a training run on any {@link Backend}.
 *
 * Runtime-neutral: the same generator runs in Deno, Node and a browser Worker.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend, Tensor } from "@mnist/tensor";
import { Random } from "@mnist/tensor";
import { _evaluateOnDevice, EVAL_CHUNK } from "./_evaluate_device.ts";
import {
  batchRows,
  checkData,
  closeRunData,
  epochMetrics,
  locateNonFinite,
  nonFinite,
  openRunData,
  type Run,
  SHUFFLE_SALT,
  trainStep,
  YIELD_MS,
} from "./_train_run.ts";
import type { TrainingBatchSource } from "./batch_source.ts";
import { resolveConfig, type TrainConfig } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { DeviceOptimizer, type OptimizerTensors } from "./optimizer.ts";

/**
 * Everything needed to continue a run after an epoch, or after a step inside one: what a checkpoint
 * holds. Resuming from it gives the same weights, bit for bit on the CPU backend, as not stopping.
 */
export interface TrainingState {
  /** The config the run was started with. */
  readonly config: TrainConfig;
  /** The parameters after the last completed epoch (after step `step` when inside one). */
  readonly model: SoftmaxRegression;
  /** Optimiser state (see {@link OptimizerTensors} for names and layout). */
  readonly optimizer: OptimizerTensors;
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimiser steps completed. */
  readonly step: number;
  /**
   * State of the shuffling PRNG after the last completed epoch, which is its state at the start of
   * the next: inside an epoch, that epoch's shuffling is drawn again from it.
   */
  readonly rng: readonly number[];
  /**
   * Steps of epoch `epoch + 1` already trained, when the state was taken inside it (≥ 1, fewer than
   * an epoch's steps); absent after a whole epoch.
   */
  readonly epochStep?: number;
}

/** Emitted once before training. */
export interface RunStartEvent {
  /** Identifies the event. */
  readonly type: "run-start";
  /** The config, as given. */
  readonly config: TrainConfig;
  /** `"cpu"` or `"webgpu"`. */
  readonly backend: Backend["kind"];
  /** Inputs per image (784 for MNIST). */
  readonly features: number;
  /** Number of classes. */
  readonly classes: number;
  /** First epoch this run trains (1, or k + 1 when resuming after epoch k). */
  readonly startEpoch: number;
  /** Optimiser steps per epoch. */
  readonly stepsPerEpoch: number;
  /** Optimiser steps of the whole run, from epoch 1. */
  readonly totalSteps: number;
}

/** Emitted every `stepEvery` steps: the loss of that step's batch, computed before its update. */
export interface StepEvent {
  /** Identifies the event. */
  readonly type: "step";
  /** 1-based epoch of the step. */
  readonly epoch: number;
  /** 1-based global step. */
  readonly step: number;
  /** The batch's mean loss. */
  readonly loss: number;
  /** Fraction of the batch classified correctly before the update. */
  readonly batchAccuracy: number;
  /** The learning rate the step used. */
  readonly lr: number;
}

/** Emitted after every epoch with full-set train and test metrics. */
export interface EpochEvent {
  /** Identifies the event. */
  readonly type: "epoch";
  /** 1-based epoch just completed. */
  readonly epoch: number;
  /** Global steps completed. */
  readonly step: number;
  /** Fraction of the training set classified correctly after the epoch. */
  readonly trainAccuracy: number;
  /** Fraction of the test set classified correctly after the epoch. */
  readonly testAccuracy: number;
  /** Mean loss over the training set after the epoch. */
  readonly trainLoss: number;
  /** Mean loss over the test set after the epoch. */
  readonly testLoss: number;
  /** Accuracy on {@link TrainOptions.validation}; only with a validation set. */
  readonly valAccuracy?: number;
  /** Mean loss on {@link TrainOptions.validation}; only with a validation set. */
  readonly valLoss?: number;
  /** Test-set confusion matrix `C×C`, row = true label, column = prediction. */
  readonly testConfusion: Uint32Array;
  /** Learning rate of the epoch's last step. */
  readonly lr: number;
  /** Time of the epoch on {@link TrainOptions.clock}, evaluation included. */
  readonly seconds: number;
  /** Time of the epoch's steps up to reading its loss sum back: {@link EpochEvent.seconds} without the evaluation. */
  readonly trainSeconds: number;
  /** The parameters after the epoch (a copy, safe to keep). */
  readonly model: SoftmaxRegression;
}

/**
 * Emitted after the epoch event every `checkpointEvery` epochs and after the last epoch; inside an
 * epoch every `checkpointEverySteps` steps, and where the signal stops the run with `checkpointOnAbort`.
 */
export interface CheckpointEvent {
  /** Identifies the event. */
  readonly type: "checkpoint";
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimiser steps completed. */
  readonly step: number;
  /** Encode with `encodeCheckpoint`. */
  readonly state: TrainingState;
  /** The metrics of the epoch event just before; empty inside an epoch (`state.epochStep` set). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** Emitted once after the last epoch. */
export interface RunEndEvent {
  /** Identifies the event. */
  readonly type: "run-end";
  /** The trained parameters. */
  readonly model: SoftmaxRegression;
  /** Epochs completed. */
  readonly epoch: number;
  /** Optimiser steps completed. */
  readonly step: number;
  /** Time of the whole run on {@link TrainOptions.clock}. */
  readonly seconds: number;
  /** Why the run ended before `config.epochs`: what {@link TrainOptions.stopAfter} returned. */
  readonly stopped?: string;
}

/** Any trainer event. */
export type TrainEvent = RunStartEvent | StepEvent | EpochEvent | CheckpointEvent | RunEndEvent;

/** What {@link train} needs. */
export interface TrainOptions {
  /** The backend to train on; the caller keeps ownership. */
  readonly backend: Backend;
  /** The training set, in memory or as a batch source (e.g. `streamBatchSource`, for sets larger than memory). */
  readonly train: Dataset | TrainingBatchSource;
  /** The test set, evaluated after every epoch. */
  readonly test: Dataset;
  /**
   * Rows held out of `train` (see `validationSplit`), evaluated after every epoch as the epoch
   * event's `valAccuracy` and `valLoss`.
   */
  readonly validation?: Dataset;
  /** Loss, optimiser, learning rate, batch size, epochs, seed… */
  readonly config: TrainConfig;
  /** Starting parameters; default: `SoftmaxRegression.init` with `config.seed` (ignored with `resume`). */
  readonly model?: SoftmaxRegression;
  /** Continues a run from a checkpoint's state; `config.epochs` is still the total. */
  readonly resume?: TrainingState;
  /** Stops the run between steps with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Explicit row order of each epoch (1-based), a permutation-sized `Uint32Array` of train row
   * indices; overrides `config.shuffle`. Batches are consecutive slices of it. Only with a `train` in memory.
   */
  readonly order?: (epoch: number) => Uint32Array;
  /** Emit a {@link StepEvent} every this many steps; 0 (default) emits none (each one reads the device). */
  readonly stepEvery?: number;
  /** Emit a {@link CheckpointEvent} every this many epochs (and after the last); default 1, 0 only at the end. */
  readonly checkpointEvery?: number;
  /**
   * Emit a {@link CheckpointEvent} inside an epoch after every step whose global number is a multiple
   * of this (not after an epoch's last step, which the epoch's checkpoint follows); default 0: none.
   * Each one reads the parameters and optimiser state back from the device.
   */
  readonly checkpointEverySteps?: number;
  /**
   * When the signal stops the run, first emit a {@link CheckpointEvent} of the state after the last
   * step taken (unless the last checkpoint already holds it); default false.
   */
  readonly checkpointOnAbort?: boolean;
  /**
   * Called after every epoch's event: a reason (e.g. "no validation improvement in 3 epochs") ends
   * the run after that epoch, with its checkpoint, and becomes the run-end event's `stopped`.
   */
  readonly stopAfter?: (event: EpochEvent) => string | undefined;
  /** Milliseconds for the `seconds` of the events (a benchmark may count CPU time); default `performance.now`. */
  readonly clock?: () => number;
}

/**
 * Trains softmax regression, yielding events as it goes.
 * @param options backend, data, config and run controls
 * @returns an async iterator of {@link TrainEvent}s
 * @throws {RangeError} when the config is invalid, the data does not fit the model, or the loss
 *   becomes NaN or infinite (the message names the step, the loss and the learning rate).
 * @throws the signal's reason when aborted.
 * @example
 * ```ts ignore
 * for await (const e of train({ backend, train, test, config: TUTORIAL })) {
 *   if (e.type === "epoch") console.log(e.epoch, e.testAccuracy);
 * }
 * ```
 */
export async function* train(options: TrainOptions): AsyncGenerator<TrainEvent> {
  const { backend: be, signal } = options;
  const config = resolveConfig(options.config);
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const F = options.train.features;
  const C = options.train.classes;
  checkData(options, F, C);
  const resume = options.resume;
  const start = resume ? resume.model : (options.model ?? SoftmaxRegression.init(F, C, config.seed));
  if (start.features !== F || start.classes !== C) {
    throw new RangeError(
      `Cannot train: the model is ${start.features}→${start.classes}, expected the data's ${F}→${C}`,
    );
  }
  const N = options.train.count;
  const B = config.batchSize;
  const stepsPerEpoch = Math.ceil(N / B);
  const totalSteps = stepsPerEpoch * config.epochs;
  const resumeStep = resume?.epochStep ?? 0;
  if (
    resume !== undefined &&
    (resume.step !== resume.epoch * stepsPerEpoch + resumeStep || resumeStep >= stepsPerEpoch)
  ) {
    throw new RangeError(
      `Cannot resume training: the checkpoint is at step ${resume.step} after epoch ${resume.epoch}${resumeStep === 0 ? "" : ` and ${resumeStep} steps`}, expected ${resume.epoch} × ${stepsPerEpoch}${resumeStep === 0 ? "" : ` + ${resumeStep}`} = ${resume.epoch * stepsPerEpoch + resumeStep} (${N} training images in batches of ${B}${resumeStep === 0 ? "" : `, ${resumeStep} below ${stepsPerEpoch}`})`,
    );
  }
  const rng = resume ? Random.fromState(resume.rng) : new Random(config.seed ^ SHUFFLE_SALT);
  const stepEvery = options.stepEvery ?? 0;
  const checkpointEvery = options.checkpointEvery ?? 1;
  const checkpointEverySteps = options.checkpointEverySteps ?? 0;

  const data = openRunData(be, options, [B, F, C], "train");
  const { trainData, testDs, valDs } = data;
  const w = be.upload("f32", start.weight);
  const b = be.upload("f32", start.bias);
  const z = be.zeros("f32", Math.max(B, EVAL_CHUNK) * C);
  const g = be.zeros("f32", B * C);
  const gw = be.zeros("f32", F * C);
  const gb = be.zeros("f32", C);
  const epochStats = be.zeros("f32", 2);
  const stepStats = be.zeros("f32", 2);
  const orderT = be.zeros("u32", trainData.maxSegmentRows);
  const opt = new DeviceOptimizer(be, config, { weight: F * C, bias: C });
  if (resume) opt.load(resume.optimizer);
  const run: Run = {
    be,
    config,
    trainData,
    w,
    b,
    z,
    g,
    gw,
    gb,
    orderT,
    opt,
    stepsPerEpoch,
    totalSteps,
    N,
    B,
  };
  try {
    let step = resume?.step ?? 0;
    const startEpoch = (resume?.epoch ?? 0) + 1;
    // Host copy of the state at the start of the epoch: replayed to find the step that went non-finite.
    let saved: TrainingState = resume ?? {
      config: options.config,
      model: start.clone(),
      optimizer: await opt.save(),
      epoch: 0,
      step: 0,
      rng: rng.state(),
    };
    yield {
      type: "run-start",
      config: options.config,
      backend: be.kind,
      features: F,
      classes: C,
      startEpoch,
      stepsPerEpoch,
      totalSteps,
    };
    let lastYield = performance.now();
    let stopped: string | undefined;
    let checkpointed = step;
    let lastMetrics: Readonly<Record<string, number>> = {};
    // The state after `step` inside `epoch`; none once the loss went non-finite (the epoch's end then
    // names the step: replaying now would read the set while the epoch's next read is in flight).
    const midEpoch = async (
      epoch: number,
      epochRng: readonly number[],
    ): Promise<TrainingState | undefined> => {
      const [lossSum] = await be.read(epochStats);
      if (!Number.isFinite(lossSum)) return undefined;
      const model = new SoftmaxRegression(F, C, await be.read(w), await be.read(b));
      const inEpoch = step - (epoch - 1) * stepsPerEpoch;
      const state = {
        config: options.config,
        model,
        optimizer: await opt.save(),
        epoch: epoch - 1,
        step,
        rng: epochRng,
      };
      return inEpoch === 0 ? state : { ...state, epochStep: inEpoch };
    };
    for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
      if (signal?.aborted && options.checkpointOnAbort && step !== checkpointed) {
        yield { type: "checkpoint", epoch: saved.epoch, step, state: saved, metrics: lastMetrics };
        checkpointed = step;
      }
      signal?.throwIfAborted();
      const t0 = clock();
      const epochRng = rng.state();
      let lr = config.lr;
      let first = true;
      const from = epoch === startEpoch ? resumeStep * B : 0;
      for await (const segment of trainData.epoch(epoch, rng, config.shuffle, from)) {
        be.write(orderT, segment.order);
        if (first) be.fill(epochStats, 0);
        first = false;
        for (let offset = 0; offset < segment.order.length; offset += B) {
          if (performance.now() - lastYield > YIELD_MS) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
          if (signal?.aborted && options.checkpointOnAbort && step !== checkpointed) {
            const state = await midEpoch(epoch, epochRng);
            // At an epoch's first step the state is that epoch's start: the epoch before's metrics hold.
            const metrics = state?.epochStep === undefined ? lastMetrics : {};
            if (state !== undefined) yield { type: "checkpoint", epoch: state.epoch, step, state, metrics };
          }
          signal?.throwIfAborted();
          step++;
          const report = stepEvery > 0 && step % stepEvery === 0;
          if (report) be.fill(stepStats, 0);
          const rows = batchRows(run, segment.order.length, offset);
          lr = trainStep(run, segment.dataset, rows, step, report ? stepStats : epochStats);
          if (report) {
            const [lossSum, correct] = await be.read(stepStats);
            const loss = lossSum / rows.count;
            if (!Number.isFinite(loss)) throw nonFinite(step, loss, lr);
            yield { type: "step", epoch, step, loss, batchAccuracy: correct / rows.count, lr };
          }
          if (checkpointEverySteps > 0 && step % checkpointEverySteps === 0 && step % stepsPerEpoch !== 0) {
            const state = await midEpoch(epoch, epochRng);
            if (state !== undefined) {
              saved = state;
              yield { type: "checkpoint", epoch: state.epoch, step, state, metrics: {} };
              checkpointed = step;
            }
          }
        }
      }
      const [epochLossSum] = await be.read(epochStats);
      const trainSeconds = (clock() - t0) / 1000;
      if (!Number.isFinite(epochLossSum)) {
        throw await locateNonFinite(run, saved, epoch, epochRng, epochLossSum);
      }

      // The evaluations and the parameter reads are all recorded before any is awaited, so that one
      // wait for the device serves them all (a WebGPU read in Deno waits ≈ 11 ms however little there
      // is to do). Each chunk's forward pass and loss are recorded together, so sharing `z` is safe,
      // and each evaluation sums into its own stats in its own order: the figures do not change.
      const [trainEval, testEval, valEval, weights, bias] = await Promise.all([
        trainData.evaluate(config.loss, w, b, z),
        _evaluateOnDevice(be, testDs, config.loss, w, b, z, true),
        valDs === undefined ? undefined : _evaluateOnDevice(be, valDs, config.loss, w, b, z, false),
        be.read(w),
        be.read(b),
      ]);
      if (!Number.isFinite(trainEval.meanLoss)) throw nonFinite(step, trainEval.meanLoss, lr);
      const model = new SoftmaxRegression(F, C, weights, bias);
      const metrics = epochMetrics(trainEval, testEval, valEval);
      lastMetrics = metrics;
      const event: EpochEvent = {
        type: "epoch",
        epoch,
        step,
        ...metrics,
        testConfusion: testEval.confusion ?? new Uint32Array(C * C),
        lr,
        seconds: (clock() - t0) / 1000,
        trainSeconds,
        model,
      };
      yield event;
      stopped = options.stopAfter?.(event);
      saved = { config: options.config, model, optimizer: await opt.save(), epoch, step, rng: rng.state() };
      const last = epoch === config.epochs || stopped !== undefined;
      if (last || (checkpointEvery > 0 && epoch % checkpointEvery === 0)) {
        yield { type: "checkpoint", epoch, step, state: saved, metrics };
        checkpointed = step;
      }
      lastYield = performance.now();
      if (stopped !== undefined) break;
    }
    yield {
      type: "run-end",
      model: saved.model,
      epoch: saved.epoch,
      step: saved.step,
      seconds: (clock() - started) / 1000,
      ...(stopped === undefined ? {} : { stopped }),
    };
  } finally {
    opt.release();
    for (const t of [w, b, z, g, gw, gb, epochStats, stepStats, orderT]) be.release(t as Tensor);
    closeRunData(be, data);
  }
}
