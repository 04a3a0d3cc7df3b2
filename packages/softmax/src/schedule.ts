/**
 * Learning-rate schedules: constant, step and cosine, each with an optional linear warm-up.
 *
 * Runtime-neutral.
 * @module
 */
import type { ResolvedConfig } from "./config.ts";

/** Where a step sits in a run. */
export interface StepPosition {
  /** 1-based global step. */
  readonly step: number;
  /** Optimiser steps in one epoch. */
  readonly stepsPerEpoch: number;
  /** Optimiser steps in the whole run. */
  readonly totalSteps: number;
}

/**
 * The learning rate of one step.
 *
 * - warm-up (`warmupSteps = k > 0`): step `s ≤ k` uses `lr · s / k`;
 * - `constant`: `lr`;
 * - `step`: `lr · gamma^⌊epoch₀ / stepEpochs⌋`, `epoch₀` the 0-based epoch of the step (as `StepLR`
 *   stepped once per epoch);
 * - `cosine`: after warm-up, `minLr + (lr − minLr) · (1 + cos(π · t / T)) / 2` with `t` the 0-based
 *   step after warm-up and `T` the steps after warm-up, so the first step uses `lr`.
 *
 * @param config a resolved config
 * @param at the step and the run's shape
 * @returns the learning rate to use for that step
 * @example
 * ```ts
 * import { learningRate, resolveConfig, TUTORIAL } from "@mnist/softmax";
 * const config = resolveConfig({ ...TUTORIAL, schedule: "cosine" });
 * console.log(learningRate(config, { step: 1, stepsPerEpoch: 600, totalSteps: 6000 })); // 0.05
 * ```
 */
export function learningRate(config: ResolvedConfig, at: StepPosition): number {
  const { lr, warmupSteps: k } = config;
  const { step } = at;
  if (k > 0 && step <= k) return (lr * step) / k;
  switch (config.schedule) {
    case "step": {
      const epoch0 = Math.floor((step - 1) / at.stepsPerEpoch);
      return lr * config.gamma ** Math.floor(epoch0 / config.stepEpochs);
    }
    case "cosine": {
      const span = Math.max(1, at.totalSteps - k);
      const t = Math.min(step - k - 1, span);
      return config.minLr + ((lr - config.minLr) * (1 + Math.cos((Math.PI * t) / span))) / 2;
    }
    default:
      return lr;
  }
}
