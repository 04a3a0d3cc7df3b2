/**
 * Training configuration, presets and validation.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "@mnist/tensor";

/** How the learning rate changes over a run (see `learningRate`). */
export type ScheduleKind = "constant" | "step" | "cosine";

/**
 * Everything that defines a training run. Fields marked optional have PyTorch's defaults
 * (see {@link resolveConfig}); the required ones are the tutorial's knobs.
 */
export interface TrainConfig {
  /** The loss: `mse` (on softmax probabilities, as the tutorial) or `cross-entropy`. */
  readonly loss: LossKind;
  /** The optimiser: SGD (with optional momentum, Nesterov, dampening) or Adam. */
  readonly optimizer: "sgd" | "adam";
  /** Base (peak) learning rate. */
  readonly lr: number;
  /** SGD momentum (0 = plain SGD). Ignored by Adam. */
  readonly momentum: number;
  /** SGD Nesterov momentum. Ignored by Adam. */
  readonly nesterov: boolean;
  /** L2 weight decay added to the gradient, as `torch.optim.SGD`/`Adam` `weight_decay` (applies to W and b). */
  readonly weightDecay: number;
  /** Images per optimiser step (the last batch of an epoch may be smaller). */
  readonly batchSize: number;
  /** Number of passes over the training set. */
  readonly epochs: number;
  /** Seeds the initial weights and the shuffling. */
  readonly seed: number;
  /** Whether to shuffle the training set every epoch (else storage order). */
  readonly shuffle: boolean;
  /** SGD dampening; default 0. */
  readonly dampening?: number;
  /** Adam β₁; default 0.9. */
  readonly beta1?: number;
  /** Adam β₂; default 0.999. */
  readonly beta2?: number;
  /** Adam ε; default 1e-8. */
  readonly eps?: number;
  /** Learning-rate schedule; default `"constant"`. */
  readonly schedule?: ScheduleKind;
  /** `"step"` schedule: multiply the rate by {@link TrainConfig.gamma} every this many epochs; default 1. */
  readonly stepEpochs?: number;
  /** `"step"` schedule factor; default 0.1. */
  readonly gamma?: number;
  /** `"cosine"` schedule: the rate it decays to at the last step; default 0. */
  readonly minLr?: number;
  /** Linear warm-up from `lr / warmupSteps` to `lr` over the first this many steps; default 0 (none). */
  readonly warmupSteps?: number;
}

/** A {@link TrainConfig} with every optional field filled in. */
export type ResolvedConfig = Required<TrainConfig>;

/** The tutorial's run: MSE on softmax against one-hot targets, SGD lr 0.05, batch 100, shuffled, 10 epochs. */
export const TUTORIAL: TrainConfig = {
  loss: "mse",
  optimizer: "sgd",
  lr: 0.05,
  momentum: 0,
  nesterov: false,
  weightDecay: 0,
  batchSize: 100,
  epochs: 10,
  seed: 0,
  shuffle: true,
};

/**
 * The strongest configuration found for this 1-layer model within about 10 s of CPU time
 * (see the package README, "How `best` was found", and `tools/search_best.ts`).
 */
export const BEST: TrainConfig = {
  loss: "cross-entropy",
  optimizer: "adam",
  lr: 0.003,
  momentum: 0,
  nesterov: false,
  weightDecay: 0,
  batchSize: 10,
  epochs: 6,
  seed: 0,
  shuffle: true,
  schedule: "cosine",
};

/** Named presets. */
export const PRESETS: Readonly<Record<string, TrainConfig>> = { tutorial: TUTORIAL, best: BEST };

/**
 * Fills in the optional fields of a config and checks every value.
 * @param config a full or partial-optional config
 * @returns the config with defaults applied
 * @throws {RangeError} naming the first field that is out of range.
 * @example
 * ```ts
 * import { resolveConfig, TUTORIAL } from "@mnist/softmax";
 * console.log(resolveConfig(TUTORIAL).beta2); // 0.999
 * ```
 */
export function resolveConfig(config: TrainConfig): ResolvedConfig {
  const r: ResolvedConfig = {
    dampening: 0,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    schedule: "constant",
    stepEpochs: 1,
    gamma: 0.1,
    minLr: 0,
    warmupSteps: 0,
    ...stripUndefined(config),
  } as ResolvedConfig;
  if (r.loss !== "mse" && r.loss !== "cross-entropy") fail("loss", r.loss, '"mse" or "cross-entropy"');
  if (r.optimizer !== "sgd" && r.optimizer !== "adam") fail("optimizer", r.optimizer, '"sgd" or "adam"');
  if (!(r.lr > 0 && Number.isFinite(r.lr))) fail("lr", r.lr, "a positive number");
  if (!(r.momentum >= 0 && r.momentum < 1)) fail("momentum", r.momentum, "a number in [0, 1)");
  if (!(r.dampening >= 0 && r.dampening <= 1)) fail("dampening", r.dampening, "a number in [0, 1]");
  if (r.nesterov && r.optimizer === "sgd" && (r.momentum === 0 || r.dampening !== 0)) {
    fail("nesterov", r.nesterov, "momentum > 0 and dampening 0 (as torch.optim.SGD)");
  }
  if (!(r.weightDecay >= 0 && Number.isFinite(r.weightDecay)))
    fail("weightDecay", r.weightDecay, "a number ≥ 0");
  if (!(Number.isInteger(r.batchSize) && r.batchSize >= 1)) fail("batchSize", r.batchSize, "an integer ≥ 1");
  if (!(Number.isInteger(r.epochs) && r.epochs >= 1)) fail("epochs", r.epochs, "an integer ≥ 1");
  if (!Number.isInteger(r.seed)) fail("seed", r.seed, "an integer");
  if (!(r.beta1 >= 0 && r.beta1 < 1)) fail("beta1", r.beta1, "a number in [0, 1)");
  if (!(r.beta2 >= 0 && r.beta2 < 1)) fail("beta2", r.beta2, "a number in [0, 1)");
  if (!(r.eps > 0)) fail("eps", r.eps, "a positive number");
  if (!["constant", "step", "cosine"].includes(r.schedule)) {
    fail("schedule", r.schedule, '"constant", "step" or "cosine"');
  }
  if (!(Number.isInteger(r.stepEpochs) && r.stepEpochs >= 1))
    fail("stepEpochs", r.stepEpochs, "an integer ≥ 1");
  if (!(r.gamma > 0 && r.gamma <= 1)) fail("gamma", r.gamma, "a number in (0, 1]");
  if (!(r.minLr >= 0 && r.minLr <= r.lr)) fail("minLr", r.minLr, `a number in [0, lr = ${r.lr}]`);
  if (!(Number.isInteger(r.warmupSteps) && r.warmupSteps >= 0)) {
    fail("warmupSteps", r.warmupSteps, "an integer ≥ 0");
  }
  return r;
}

function stripUndefined(config: TrainConfig): Partial<TrainConfig> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
}

function fail(field: string, found: unknown, expected: string): never {
  throw new RangeError(
    `Cannot use training config: ${field} is ${JSON.stringify(found)}, expected ${expected}`,
  );
}
