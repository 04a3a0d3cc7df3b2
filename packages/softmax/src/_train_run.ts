/**
 * What a training run is made of below its events: the device buffers of a run, a step, the epoch
 * order, the replay that names the step where the loss went non-finite, and the checks of the data,
 * shared by `train` and `trainGroup`.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, DeviceDataset, Random, RowSelection, Tensor } from "@mnist/tensor";
import type { ResolvedConfig } from "./config.ts";
import type { Evaluation } from "./evaluate.ts";
import type { DeviceOptimizer } from "./optimizer.ts";
import { learningRate } from "./schedule.ts";
import type { TrainingState, TrainOptions } from "./trainer.ts";

/** The salt that separates the shuffling stream from the initialisation stream of a seed. */
export const SHUFFLE_SALT = 0x5eed;
/** How long the CPU path may run before it lets the event loop in (for abort and Ctrl-C). */
export const YIELD_MS = 50;

/** The device buffers and shape of a run, shared by the step loop and the NaN replay. */
export interface Run {
  readonly be: Backend;
  readonly config: ResolvedConfig;
  readonly trainDs: DeviceDataset;
  readonly w: Tensor<"f32">;
  readonly b: Tensor<"f32">;
  readonly z: Tensor<"f32">;
  readonly g: Tensor<"f32">;
  readonly gw: Tensor<"f32">;
  readonly gb: Tensor<"f32">;
  readonly orderT: Tensor<"u32">;
  readonly opt: DeviceOptimizer;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  readonly N: number;
  readonly B: number;
}

export function batchRows(run: Run, s: number): RowSelection {
  const offset = s * run.B;
  return { order: run.orderT, offset, count: Math.min(run.B, run.N - offset) };
}

/** Enqueues one forward/backward/update (`Backend.trainStep`); returns the learning rate used. */
export function trainStep(run: Run, rows: RowSelection, step: number, stats: Tensor<"f32">): number {
  const { be, config } = run;
  const lr = learningRate(config, { step, stepsPerEpoch: run.stepsPerEpoch, totalSteps: run.totalSteps });
  be.trainStep(config.loss, run.trainDs, rows, run, stats, run.opt.update(lr, step));
  return lr;
}

/**
 * Replays the epoch from its starting state, reading every step's loss, to name the step where the
 * loss first went non-finite. Costs one epoch, and only when training has already failed.
 */
export async function locateNonFinite(
  run: Run,
  saved: TrainingState,
  perm: Uint32Array,
  epochLossSum: number,
): Promise<RangeError> {
  const { be } = run;
  be.write(run.w, saved.model.weight);
  be.write(run.b, saved.model.bias);
  run.opt.load(saved.optimizer);
  be.write(run.orderT, perm);
  const stats = be.zeros("f32", 2);
  try {
    for (let s = 0; s < run.stepsPerEpoch; s++) {
      const step = saved.step + s + 1;
      const rows = batchRows(run, s);
      be.fill(stats, 0);
      const lr = trainStep(run, rows, step, stats);
      const [lossSum] = await be.read(stats);
      if (!Number.isFinite(lossSum)) return nonFinite(step, lossSum / rows.count, lr);
    }
  } finally {
    be.release(stats);
  }
  const first = saved.step + 1;
  return new RangeError(
    `Cannot continue training: the loss summed over steps ${first}–${saved.step + run.stepsPerEpoch} is ${epochLossSum} with learning rate ${run.config.lr}, expected a finite number`,
  );
}

export function nonFinite(step: number, loss: number, lr: number): RangeError {
  return new RangeError(
    `Cannot continue training: loss is ${loss} at step ${step} with learning rate ${lr}, expected a finite number`,
  );
}

export function epochOrder(
  options: Pick<TrainOptions, "order">,
  epoch: number,
  rng: Random,
  shuffle: boolean,
  n: number,
): Uint32Array {
  if (options.order === undefined) return shuffle ? rng.permutation(n) : identity(n);
  const order = options.order(epoch);
  if (order.length !== n) {
    throw new RangeError(`Cannot train epoch ${epoch}: the order holds ${order.length} rows, expected ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (order[i] >= n) {
      throw new RangeError(
        `Cannot train epoch ${epoch}: the order names row ${order[i]}, expected rows below ${n}`,
      );
    }
  }
  return order;
}

export function epochMetrics(trainEval: Evaluation, testEval: Evaluation, valEval: Evaluation | undefined) {
  const metrics = {
    trainAccuracy: trainEval.accuracy,
    testAccuracy: testEval.accuracy,
    trainLoss: trainEval.meanLoss,
    testLoss: testEval.meanLoss,
  };
  // Without a validation set the metrics (and the checkpoints that store them) are as before.
  return valEval === undefined
    ? metrics
    : { ...metrics, valAccuracy: valEval.accuracy, valLoss: valEval.meanLoss };
}

export function checkData(
  options: Pick<TrainOptions, "train" | "test" | "validation">,
  F: number,
  C: number,
): void {
  const { test, validation } = options;
  if (validation !== undefined && (validation.features !== F || validation.classes > C)) {
    throw new RangeError(
      `Cannot train: validation images are ${validation.features}→${validation.classes}, expected the train set's ${F}→${C}`,
    );
  }
  if (test.features !== F) {
    throw new RangeError(
      `Cannot train: test images have ${test.features} features, expected the train set's ${F}`,
    );
  }
  if (test.classes > C) {
    throw new RangeError(
      `Cannot train: the test set has ${test.classes} classes, expected at most the train set's ${C}`,
    );
  }
  if (options.train.count === 0)
    throw new RangeError("Cannot train: the train set is empty, expected at least one image");
}

export function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}
