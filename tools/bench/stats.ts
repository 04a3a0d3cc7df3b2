/**
 * Timing and summary statistics for the benchmark harness: warm-up, repetitions, median and spread.
 * @module
 */
import process from "node:process";

/** Median and spread of repeated measurements of one quantity. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median: the relative spread of the repetitions. */
  readonly spread: number;
  readonly reps: number;
}

/** Summarises samples (at least one). */
export function summarise(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const [min, max] = [s[0], s[s.length - 1]];
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, reps: s.length };
}

/**
 * What a measurement counts: `"wall"` time, or this process's `"cpu"` time (user + system, all
 * threads), which a busy shared machine disturbs far less; for single-threaded CPU work they agree
 * on an idle machine.
 */
export type Clock = "wall" | "cpu";

/** How often to run a measured function, and with which clock. */
export interface MeasureOptions {
  readonly warmup: number;
  readonly reps: number;
  readonly clock?: Clock;
}

/** Milliseconds on the given clock. */
export function now(clock: Clock = "wall"): number {
  if (clock === "wall") return performance.now();
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Runs `fn` `warmup` times unmeasured, then `reps` times, and returns the milliseconds of each rep.
 * @param fn one repetition; may be async (GPU work should end with a read so it is included).
 */
export async function measure(fn: () => unknown, options: MeasureOptions): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const t0 = now(options.clock);
    await fn();
    ms.push(now(options.clock) - t0);
  }
  return ms;
}
