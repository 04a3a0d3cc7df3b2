/**
 * The training rows of the benchmark, timed on the trainer itself ({@link train}), so a figure
 * measures what `mnist train` runs: the epoch's steps, and the full-set evaluation after it.
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend } from "@mnist/tensor";
import type { TrainingBatchSource } from "../batch_source.ts";
import type { TrainConfig } from "../config.ts";
import { train } from "../trainer.ts";
import { type Clock, type Figure, rates } from "./figures.ts";

/** What {@link benchTraining} runs. */
export interface TrainingBenchOptions {
  /** The backend to time; the caller keeps ownership. */
  readonly backend: Backend;
  /** The id printed in the backend column, e.g. `cpu-simd`. */
  readonly id: string;
  /** The training set, in memory or as a batch source (e.g. streamed from disk). */
  readonly train: Dataset | TrainingBatchSource;
  /** Said after the workload's set size, e.g. `streamed, 4×5343-image shards`. */
  readonly variant?: string;
  /** The test set (the trainer needs one; it is evaluated only during warm-up). */
  readonly test: Dataset;
  /** The run to time; its `epochs` is replaced by `warmup + reps`. */
  readonly config: TrainConfig;
  /** Epochs run before the timed ones (pipeline compilation, JIT). */
  readonly warmup: number;
  /** Timed epochs. */
  readonly reps: number;
  /** The clock to measure with (default: wall time). */
  readonly clock?: Clock;
}

/** `train epoch (60k, no eval)` for a 60,000-image train set. */
export function trainEpochWorkload(trainCount: number, variant?: string): string {
  return `train epoch (${count(trainCount)}${variant === undefined ? "" : `, ${variant}`}, no eval)`;
}

/** `eval 70k (train+test, after each epoch)` for 60,000 + 10,000 images. */
export function evalWorkload(trainCount: number, testCount: number, variant?: string): string {
  return `eval ${count(trainCount + testCount)} (train+test${variant === undefined ? "" : `, ${variant}`}, after each epoch)`;
}

/**
 * Trains `warmup + reps` epochs and times each of the last `reps`: the steps of the epoch up to
 * reading its loss back (`train epoch`), and the evaluation of both sets that follows (`eval`).
 * @returns ms and samples/s of each of the two workloads.
 */
export async function benchTraining(o: TrainingBenchOptions): Promise<Figure[]> {
  const trainMs: number[] = [];
  const evalMs: number[] = [];
  const config = { ...o.config, epochs: o.warmup + o.reps };
  const events = train({
    backend: o.backend,
    train: o.train,
    test: o.test,
    config,
    checkpointEvery: 0,
    clock: o.clock,
  });
  for await (const e of events) {
    if (e.type !== "epoch" || e.epoch <= o.warmup) continue;
    trainMs.push(e.trainSeconds * 1000);
    evalMs.push((e.seconds - e.trainSeconds) * 1000);
  }
  const [n, t] = [o.train.count, o.test.count];
  return [
    ...rates(o.id, trainEpochWorkload(n, o.variant), trainMs, n),
    ...rates(o.id, evalWorkload(n, t, o.variant), evalMs, n + t),
  ];
}

function count(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}
