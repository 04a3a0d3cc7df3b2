/**
 * What a training run is made of below its events: its data opened on the device, the device
 * buffers of a run, a step on a batch of a source's segment, the replay that names the step where
 * the loss went non-finite, and the checks of the data, shared by `train` and `trainGroup`.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, DeviceDataset, RowSelection, Tensor } from "@mnist/tensor";
import { Random } from "@mnist/tensor";
import { isBatchSource, memoryBatchSource, type OpenBatchSource } from "./batch_source.ts";
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
  readonly trainData: OpenBatchSource;
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

/** A run's data on the device: the training batches (in memory or streamed), the test and validation sets. */
export interface RunData {
  readonly trainData: OpenBatchSource;
  readonly testDs: DeviceDataset;
  readonly valDs: DeviceDataset | undefined;
}

/**
 * Opens the training batch source for batches of `B` and uploads the test and validation sets;
 * {@link closeRunData} frees them.
 * @throws {RangeError} "Cannot <action>: …" when an explicit order comes with a batch source.
 */
export function openRunData(
  be: Backend,
  options: Pick<TrainOptions, "train" | "test" | "validation" | "order">,
  [B, F, C]: readonly [number, number, number],
  action: string,
): RunData {
  if (isBatchSource(options.train) && options.order !== undefined) {
    throw new RangeError(
      `Cannot ${action}: an explicit order needs the training set in memory, expected no order with a batch source`,
    );
  }
  const source = isBatchSource(options.train)
    ? options.train
    : memoryBatchSource(options.train, { order: options.order });
  const trainData = source.open(be, B);
  const testDs = be.uploadDataset(options.test.images, options.test.labels, F, C);
  const val = options.validation;
  const valDs = val === undefined ? undefined : be.uploadDataset(val.images, val.labels, F, C);
  return { trainData, testDs, valDs };
}

/** Closes what {@link openRunData} opened. */
export function closeRunData(be: Backend, { trainData, testDs, valDs }: RunData): void {
  trainData.close();
  be.releaseDataset(testDs);
  if (valDs !== undefined) be.releaseDataset(valDs);
}

/** The batch at `offset` of a segment of `length` rows whose order is in the run's order tensor. */
export function batchRows(run: Run, length: number, offset: number): RowSelection {
  return { order: run.orderT, offset, count: Math.min(run.B, length - offset) };
}

/** Enqueues one forward/backward/update (`Backend.trainStep`); returns the learning rate used. */
export function trainStep(
  run: Run,
  ds: DeviceDataset,
  rows: RowSelection,
  step: number,
  stats: Tensor<"f32">,
): number {
  const { be, config } = run;
  const lr = learningRate(config, { step, stepsPerEpoch: run.stepsPerEpoch, totalSteps: run.totalSteps });
  be.trainStep(config.loss, ds, rows, run, stats, run.opt.update(lr, step));
  return lr;
}

/** Where a run's loss first went non-finite: the step, the loss and learning rate there, and the run's one-line error. */
export interface NonFiniteLoss {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
  readonly message: string;
}

/**
 * Replays the epoch from the state saved in it or at its start, reading every step's loss, to name the step where the
 * loss first went non-finite. Costs one epoch, and only when training has already failed.
 */
export async function locateNonFinite(
  run: Run,
  saved: TrainingState,
  epoch: number,
  epochRng: readonly number[],
  epochLossSum: number,
): Promise<RangeError> {
  return new RangeError((await findNonFinite(run, saved, epoch, epochRng, epochLossSum)).message);
}

/** {@link locateNonFinite}'s finding as data (a group reports it as a member's event instead of throwing). */
export async function findNonFinite(
  run: Run,
  saved: TrainingState,
  epoch: number,
  epochRng: readonly number[],
  epochLossSum: number,
): Promise<NonFiniteLoss> {
  const { be } = run;
  be.write(run.w, saved.model.weight);
  be.write(run.b, saved.model.bias);
  run.opt.load(saved.optimizer);
  const stats = be.zeros("f32", 2);
  try {
    let step = saved.step;
    // The same shuffling state gives the same segments, so the replay trains the same batches; a
    // state saved inside the epoch resumes it where it was taken.
    const from = (saved.step - (epoch - 1) * run.stepsPerEpoch) * run.B;
    const rng = Random.fromState(epochRng);
    for await (const segment of run.trainData.epoch(epoch, rng, run.config.shuffle, from)) {
      be.write(run.orderT, segment.order);
      for (let offset = 0; offset < segment.order.length; offset += run.B) {
        step++;
        const rows = batchRows(run, segment.order.length, offset);
        be.fill(stats, 0);
        const lr = trainStep(run, segment.dataset, rows, step, stats);
        const [lossSum] = await be.read(stats);
        if (!Number.isFinite(lossSum)) return nonFiniteLoss(step, lossSum / rows.count, lr);
      }
    }
  } finally {
    be.release(stats);
  }
  const [first, last, lr] = [saved.step + 1, epoch * run.stepsPerEpoch, run.config.lr];
  return {
    step: last,
    loss: epochLossSum,
    lr,
    message: `Cannot continue training: the loss summed over steps ${first}–${last} is ${epochLossSum} with learning rate ${lr}, expected a finite number`,
  };
}

export function nonFiniteLoss(step: number, loss: number, lr: number): NonFiniteLoss {
  const message = `Cannot continue training: loss is ${loss} at step ${step} with learning rate ${lr}, expected a finite number`;
  return { step, loss, lr, message };
}

export function nonFinite(step: number, loss: number, lr: number): RangeError {
  return new RangeError(nonFiniteLoss(step, loss, lr).message);
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
