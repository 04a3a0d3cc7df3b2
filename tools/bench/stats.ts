/**
 * Timing and summary statistics for the benchmark harness: warm-up, repetitions, median and spread.
 * @module
 */

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

/** How often to run a measured function. */
export interface MeasureOptions {
  readonly warmup: number;
  readonly reps: number;
}

/**
 * Runs `fn` `warmup` times unmeasured, then `reps` times, and returns the milliseconds of each rep.
 * @param fn one repetition; may be async (GPU work should end with a read so it is included).
 */
export async function measure(fn: () => unknown, options: MeasureOptions): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}
