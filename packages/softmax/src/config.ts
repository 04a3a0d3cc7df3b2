/**
 * Training configuration and presets.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "@mnist/tensor";

/** Everything that defines a training run. */
export interface TrainConfig {
  readonly loss: LossKind;
  readonly optimizer: "sgd" | "adam";
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  readonly shuffle: boolean;
}

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

/** Named presets. */
export const PRESETS: Readonly<Record<string, TrainConfig>> = { tutorial: TUTORIAL };
