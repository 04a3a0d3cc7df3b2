/**
 * The WebGPU-over-CPU training-epoch ratio of `pnpm bench`, taken on paired epochs: a tutorial run on
 * each backend, their epochs alternating (CPU, WebGPU, CPU, …), so that a machine whose speed drifts
 * over the seconds a benchmark takes (load, frequency) moves both sides of a pair alike. Each pair's
 * ratio is the WebGPU epoch's wall time over the CPU epoch's; the figure is their median. (Timed
 * separately, the two rows of the same run have given ratios 1.6× apart on this kind of machine.)
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { TrainConfig } from "@mnist/softmax";
import { type Figure, figure, formatValue, summarise } from "@mnist/softmax/bench";
import type { Backend } from "@mnist/tensor";
import { pairedEpochs } from "./paired_epochs.ts";

/** What {@link pairedBackendRatio} compares. */
export interface BackendPairOptions {
  readonly cpu: Backend;
  /** The row id of the other backend, e.g. `webgpu`. */
  readonly id: string;
  readonly other: Backend;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly config: TrainConfig;
  readonly warmup: number;
  readonly reps: number;
}

/**
 * Trains the tutorial on both backends in alternating epochs.
 * @returns the pairs' ratios as a figure, and the line that states them.
 */
export async function pairedBackendRatio(o: BackendPairOptions): Promise<{ figure: Figure; line: string }> {
  const common = { train: o.train, test: o.test, config: o.config };
  const pairs = await pairedEpochs({
    a: { ...common, backend: o.cpu },
    b: { ...common, backend: o.other },
    warmup: Math.min(o.warmup, 1),
    reps: o.reps,
  });
  const ratios = pairs.map(([cpu, other]) => other.train.wall / cpu.train.wall);
  const ms = (k: 0 | 1) => formatValue(summarise(pairs.map((p) => p[k].train.wall)).median);
  const median = summarise(ratios).median;
  const line = `${o.id} ÷ cpu-simd train epoch, paired epochs, wall clock: ${median.toFixed(1)}× (median of ${ratios.length} pairs: ${ratios.map((r) => r.toFixed(1)).join(", ")}×; epochs ${ms(1)} against ${ms(0)} ms; goal ≤ 8×)`;
  return {
    figure: figure(o.id, "train epoch ÷ cpu-simd's, paired epochs, wall clock", "×", "lower", ratios),
    line,
  };
}
