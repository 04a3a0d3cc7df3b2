/**
 * The sweep rows of the benchmark: a group of configurations trained as one (`trainGroup`) against
 * one run of the first of them, on the same data, so the ratio says what training K models together
 * costs over training one.
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend } from "@mnist/tensor";
import type { TrainConfig } from "../config.ts";
import { trainGroup } from "../train_group.ts";
import { train } from "../trainer.ts";
import type { Clock } from "./figures.ts";

/** What {@link timeGroup} runs. */
export interface GroupBenchOptions {
  /** The backend to time; the caller keeps ownership. */
  readonly backend: Backend;
  /** The training set (without the validation rows). */
  readonly train: Dataset;
  /** The test set, evaluated after every epoch. */
  readonly test: Dataset;
  /** The validation rows, evaluated after every epoch. */
  readonly validation: Dataset;
  /** The configurations, all with one `groupKey`; one of them times a single run. */
  readonly configs: readonly TrainConfig[];
  /** The clock to measure with (default: wall time). */
  readonly clock?: Clock;
}

/** How long a group took, and what it reached. */
export interface GroupTiming {
  /** Milliseconds from the first event to the last, uploads and every epoch's evaluation included. */
  readonly ms: number;
  /** The best last-epoch validation accuracy of the members. */
  readonly bestValAccuracy: number;
}

/**
 * `log:a..b:n`: `n` values spaced evenly on a log scale from `a` to `b` (as `mnist sweep --lr`).
 * @example
 * ```ts
 * import { logSpaced } from "@mnist/softmax/bench";
 * console.log(logSpaced(0.001, 1, 4).map((x) => +x.toPrecision(3))); // [ 0.001, 0.01, 0.1, 1 ]
 * ```
 */
export function logSpaced(from: number, to: number, n: number): number[] {
  if (n === 1) return [from];
  return Array.from({ length: n }, (_, i) => from * (to / from) ** (i / (n - 1)));
}

/**
 * Trains the configurations as one group and times it (no checkpoints kept).
 * @returns the time and the best validation accuracy.
 */
export async function timeGroup(o: GroupBenchOptions): Promise<GroupTiming> {
  const clock = o.clock ?? (() => performance.now());
  const t0 = clock();
  const last = new Map<number, number>();
  const { backend, train, test, validation, configs } = o;
  for await (const e of trainGroup({ backend, train, test, validation, configs, checkpointEvery: 0 })) {
    if (e.type === "epoch") last.set(e.member, e.valAccuracy ?? 0);
  }
  return { ms: clock() - t0, bestValAccuracy: Math.max(...last.values()) };
}

/**
 * Trains one configuration with `train` (what `mnist train` runs) and times it like {@link timeGroup}.
 * @returns the time and the last validation accuracy.
 */
export async function timeRun(
  o: Omit<GroupBenchOptions, "configs"> & { config: TrainConfig },
): Promise<GroupTiming> {
  const clock = o.clock ?? (() => performance.now());
  const t0 = clock();
  let acc = 0;
  const { backend, train: trainSet, test, validation, config } = o;
  for await (const e of train({ backend, train: trainSet, test, validation, config, checkpointEvery: 0 })) {
    if (e.type === "epoch") acc = e.valAccuracy ?? 0;
  }
  return { ms: clock() - t0, bestValAccuracy: acc };
}
