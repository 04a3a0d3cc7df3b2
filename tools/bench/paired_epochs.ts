/**
 * Two training runs timed epoch by epoch in turn (A B A B …) on one backend, each epoch on both
 * clocks, so that load drifting over the minutes a benchmark takes moves both sides of a pair alike
 * and the ratio of a pair says what the variant costs.
 * @module
 */
import { type TrainEvent, type TrainOptions, train } from "@mnist/softmax";
import { clockOf } from "./stats.ts";

/** Milliseconds of one stretch on the wall clock and in process CPU time. */
export interface BothClocks {
  readonly wall: number;
  readonly cpu: number;
}

/** One epoch: its steps up to reading its loss back (`train`), and the evaluation after it. */
export interface EpochTimes {
  readonly train: BothClocks;
  readonly eval: BothClocks;
}

const cpuClock = clockOf("cpu");

/**
 * One run's epochs, pulled one at a time. The trainer takes one clock; this one reads both and
 * returns wall time, and the readings are matched to each epoch event by the times the event carries.
 */
class EpochPuller {
  readonly #ticks: BothClocks[] = [];
  readonly #events: AsyncGenerator<TrainEvent>;

  constructor(options: Omit<TrainOptions, "clock">) {
    const clock = () => {
      const cpu = cpuClock();
      const wall = performance.now();
      this.#ticks.push({ wall, cpu });
      return wall;
    };
    this.#events = train({ ...options, clock });
  }

  /** Trains the next epoch and evaluates it. */
  async next(): Promise<EpochTimes> {
    for (;;) {
      const { value, done } = await this.#events.next();
      if (done === true) {
        throw new RangeError("Cannot time an epoch: the run ended, expected another epoch");
      }
      if (value.type !== "epoch") continue;
      // The trainer reads its clock when the epoch starts, once its loss is read back, and after the
      // evaluation, just before it yields the event.
      const [t0, t1, t2] = this.#ticks.slice(-3);
      if (
        t2 === undefined ||
        (t1.wall - t0.wall) / 1000 !== value.trainSeconds ||
        (t2.wall - t0.wall) / 1000 !== value.seconds
      ) {
        throw new RangeError(
          `Cannot time epoch ${value.epoch}: the last clock readings do not give its ${value.trainSeconds} s of training and ${value.seconds} s in all, expected the trainer to read the clock at the epoch's start, end of training and end of evaluation`,
        );
      }
      const span = (a: BothClocks, b: BothClocks) => ({ wall: b.wall - a.wall, cpu: b.cpu - a.cpu });
      return { train: span(t0, t1), eval: span(t1, t2) };
    }
  }

  /** Ends the run early (the trainer frees what it placed on the backend). */
  async close(): Promise<void> {
    await this.#events.return(undefined);
  }
}

/** What {@link pairedEpochs} runs: two runs of the same config, differing in their training data. */
export interface PairedEpochsOptions {
  readonly a: Omit<TrainOptions, "clock">;
  readonly b: Omit<TrainOptions, "clock">;
  /** Pairs trained before the timed ones. */
  readonly warmup: number;
  /** Timed pairs. */
  readonly reps: number;
}

/**
 * Trains `warmup + reps` epochs of each run, alternating: epoch 1 of `a`, epoch 1 of `b`, epoch 2 of
 * `a`, … Both runs' `config.epochs` are replaced by `warmup + reps`.
 * @returns the timed pairs, in order.
 */
export async function pairedEpochs(o: PairedEpochsOptions): Promise<Array<[EpochTimes, EpochTimes]>> {
  const epochs = o.warmup + o.reps;
  const open = (x: Omit<TrainOptions, "clock">) =>
    new EpochPuller({ ...x, config: { ...x.config, epochs }, checkpointEvery: 0 });
  const [a, b] = [open(o.a), open(o.b)];
  try {
    const pairs: Array<[EpochTimes, EpochTimes]> = [];
    for (let i = 0; i < epochs; i++) {
      const pair: [EpochTimes, EpochTimes] = [await a.next(), await b.next()];
      if (i >= o.warmup) pairs.push(pair);
    }
    return pairs;
  } finally {
    await a.close();
    await b.close();
  }
}
