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

/** What {@link pairedSweepEpochs} runs: one configuration alone and a group, on backends of their own. */
export interface PairedSweepOptions extends Omit<GroupBenchOptions, "backend" | "clock"> {
  /** The single run's configuration (with the group's `epochs`). */
  readonly config: TrainConfig;
  /** The backend of the single run. */
  readonly runBackend: Backend;
  /** The backend of the group. */
  readonly groupBackend: Backend;
}

/** Wall milliseconds of one epoch (training and its evaluation) of the run and of the group. */
export interface SweepEpochPair {
  /** The single run's epoch. */
  readonly run: number;
  /** The group's epoch (every member's). */
  readonly group: number;
}

/**
 * One config trained alone (`train`) and the group's as one group (`trainGroup`), epoch by epoch
 * in turn (run epoch 1, group epoch 1, run epoch 2, …) in one process, so that a machine whose speed
 * drifts over seconds slows both sides of a pair alike and each pair's ratio says what the group
 * costs. An epoch's time runs from the previous epoch's last event to its own (for the group, the
 * last member's), so its evaluation is included and the first epoch's also holds the upload.
 * @returns one pair per epoch, in order.
 */
export async function pairedSweepEpochs(o: PairedSweepOptions): Promise<SweepEpochPair[]> {
  const { train: trainSet, test, validation, configs, config } = o;
  const data = { train: trainSet, test, validation, checkpointEvery: 0 };
  const run = train({ backend: o.runBackend, ...data, config });
  const group = trainGroup({ backend: o.groupBackend, ...data, configs });
  /** Pulls events until `count` epoch events, then returns the milliseconds it took (0 once ended). */
  const epoch = async (events: AsyncGenerator<{ type: string }>, count: number): Promise<number> => {
    const t0 = performance.now();
    for (let seen = 0; seen < count; ) {
      const { value, done } = await events.next();
      if (done === true) return 0;
      if (value.type === "epoch") seen++;
    }
    return performance.now() - t0;
  };
  const pairs: SweepEpochPair[] = [];
  try {
    for (let e = 0; e < config.epochs; e++) {
      pairs.push({ run: await epoch(run, 1), group: await epoch(group, configs.length) });
    }
  } finally {
    await run.return(undefined);
    await group.return(undefined);
  }
  return pairs;
}
