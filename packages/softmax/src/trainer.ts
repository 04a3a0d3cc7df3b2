/**
 * The trainer: an async iterator of typed events over a training run on any {@link Backend}.
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend, DeviceDataset, LossKind, Tensor } from "@mnist/tensor";
import type { TrainConfig } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { Random } from "./random.ts";

/** Full-set metrics of a model on one dataset. */
export interface Evaluation {
  readonly accuracy: number;
  readonly meanLoss: number;
}

/** Emitted once before training. */
export interface RunStartEvent {
  readonly type: "run-start";
  readonly config: TrainConfig;
}

/** Emitted after every epoch with full-set train and test metrics. */
export interface EpochEvent {
  readonly type: "epoch";
  readonly epoch: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly seconds: number;
  readonly model: SoftmaxRegression;
}

/** Emitted once after the last epoch. */
export interface RunEndEvent {
  readonly type: "run-end";
  readonly model: SoftmaxRegression;
  readonly seconds: number;
}

/** Any trainer event. */
export type TrainEvent = RunStartEvent | EpochEvent | RunEndEvent;

/** What {@link train} needs. */
export interface TrainOptions {
  readonly backend: Backend;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly config: TrainConfig;
  /** Starting parameters; default: `SoftmaxRegression.init` with `config.seed`. */
  readonly model?: SoftmaxRegression;
  readonly signal?: AbortSignal;
}

const EVAL_CHUNK = 1000;

/**
 * Trains softmax regression, yielding events as it goes.
 * @throws {RangeError} when the loss becomes NaN or infinite.
 */
export async function* train(options: TrainOptions): AsyncGenerator<TrainEvent> {
  const { backend: be, config } = options;
  const started = performance.now();
  const C = options.train.classes;
  const F = options.train.features;
  const model = options.model ?? SoftmaxRegression.init(F, C, config.seed);
  const rng = new Random(config.seed ^ 0x5eed);
  const trainDs = be.uploadDataset(options.train.images, options.train.labels, F, C);
  const testDs = be.uploadDataset(options.test.images, options.test.labels, F, C);
  const B = config.batchSize;
  const w = be.upload("f32", model.weight);
  const b = be.upload("f32", model.bias);
  const z = be.zeros("f32", Math.max(B, EVAL_CHUNK) * C);
  const g = be.zeros("f32", B * C);
  const gw = be.zeros("f32", F * C);
  const gb = be.zeros("f32", C);
  const vw = be.zeros("f32", F * C);
  const vb = be.zeros("f32", C);
  const running = be.zeros("f32", 2);
  const order = be.zeros("u32", trainDs.count);
  try {
    yield { type: "run-start", config };
    let step = 0;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      options.signal?.throwIfAborted();
      const t0 = performance.now();
      const perm = config.shuffle ? rng.permutation(trainDs.count) : identity(trainDs.count);
      be.write(order, perm);
      for (let offset = 0; offset < trainDs.count; offset += B) {
        const rows = { order, offset, count: Math.min(B, trainDs.count - offset) };
        step++;
        be.linearForward(trainDs, rows, w, b, z);
        be.lossAndGrad(config.loss, z, trainDs, rows, g, running, null);
        be.linearBackward(trainDs, rows, g, gw, gb);
        const p = {
          lr: config.lr,
          momentum: config.momentum,
          dampening: 0,
          nesterov: config.nesterov,
          weightDecay: config.weightDecay,
          step,
        };
        be.sgdStep(w, gw, config.momentum ? vw : null, p);
        be.sgdStep(b, gb, config.momentum ? vb : null, p);
      }
      const trainEval = await evaluateOn(be, trainDs, config.loss, w, b, z);
      const testEval = await evaluateOn(be, testDs, config.loss, w, b, z);
      if (!Number.isFinite(trainEval.meanLoss)) {
        throw new RangeError(
          `Cannot continue training: loss is ${trainEval.meanLoss} after epoch ${epoch} (step ${step}) with learning rate ${config.lr}`,
        );
      }
      const snapshot = new SoftmaxRegression(F, C, await be.read(w), await be.read(b));
      yield {
        type: "epoch",
        epoch,
        trainAccuracy: trainEval.accuracy,
        testAccuracy: testEval.accuracy,
        trainLoss: trainEval.meanLoss,
        testLoss: testEval.meanLoss,
        seconds: (performance.now() - t0) / 1000,
        model: snapshot,
      };
    }
    const final = new SoftmaxRegression(F, C, await be.read(w), await be.read(b));
    yield { type: "run-end", model: final, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const t of [w, b, z, g, gw, gb, vw, vb, running, order]) be.release(t);
    be.releaseDataset(trainDs);
    be.releaseDataset(testDs);
  }
}

async function evaluateOn(
  be: Backend,
  ds: DeviceDataset,
  loss: LossKind,
  w: Tensor<"f32">,
  b: Tensor<"f32">,
  z: Tensor<"f32">,
): Promise<Evaluation> {
  const stats = be.zeros("f32", 2);
  try {
    for (let offset = 0; offset < ds.count; offset += EVAL_CHUNK) {
      const rows = { order: null, offset, count: Math.min(EVAL_CHUNK, ds.count - offset) };
      be.linearForward(ds, rows, w, b, z);
      be.lossAndGrad(loss, z, ds, rows, null, stats, null);
    }
    const [lossSum, correct] = await be.read(stats);
    return { accuracy: correct / ds.count, meanLoss: lossSum / ds.count };
  } finally {
    be.release(stats);
  }
}

function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/**
 * Evaluates a model on a whole dataset: accuracy and mean loss.
 * @example
 * ```ts ignore
 * const { accuracy } = await evaluate(backend, model, test, "cross-entropy");
 * ```
 */
export async function evaluate(
  be: Backend,
  model: SoftmaxRegression,
  data: Dataset,
  loss: LossKind,
): Promise<Evaluation> {
  const ds = be.uploadDataset(data.images, data.labels, model.features, model.classes);
  const w = be.upload("f32", model.weight);
  const b = be.upload("f32", model.bias);
  const z = be.zeros("f32", EVAL_CHUNK * model.classes);
  try {
    return await evaluateOn(be, ds, loss, w, b, z);
  } finally {
    for (const t of [w, b, z]) be.release(t);
    be.releaseDataset(ds);
  }
}
