/**
 * Benchmark figures: repeated measurements of one quantity, their median and spread, and the table
 * that `mnist bench` and `pnpm bench` both print. A figure's workload name says what was timed, so
 * the same row means the same thing wherever it is printed.
 *
 * Runtime-neutral: the caller chooses the clock.
 * @module
 */

/** Median and spread of repeated measurements of one quantity. */
export interface Summary {
  /** The median of the repetitions. */
  readonly median: number;
  /** The smallest repetition. */
  readonly min: number;
  /** The largest repetition. */
  readonly max: number;
  /** (max − min) / median: the relative spread of the repetitions. */
  readonly spread: number;
  /** Number of repetitions. */
  readonly reps: number;
}

/** One reported number: the median (and spread) of a quantity over repetitions. */
export interface Figure {
  /** Stable key for comparing runs: `<backend>/<workload>/<unit>`. */
  readonly id: string;
  /** The backend column, e.g. `cpu-simd`. */
  readonly backend: string;
  /** What was measured, e.g. `train epoch (60k, no eval)`. */
  readonly workload: string;
  /** The unit, e.g. `images/s`. */
  readonly unit: string;
  /** Whether a higher or a lower value is better. */
  readonly better: "higher" | "lower";
  /** The measurements. */
  readonly value: Summary;
}

/** A clock in milliseconds (`performance.now` for wall time; a benchmark may pass CPU time). */
export type Clock = () => number;

/** How often to run a measured function, and with which clock. */
export interface MeasureOptions {
  /** Untimed runs first (JIT, pipeline compilation). */
  readonly warmup: number;
  /** Timed runs. */
  readonly reps: number;
  /** Default: wall time (`performance.now`). */
  readonly clock?: Clock;
}

/**
 * Summarises samples.
 * @throws {RangeError} when there are none.
 */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError("Cannot summarise: no samples, expected at least one");
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const [min, max] = [s[0], s[s.length - 1]];
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, reps: s.length };
}

/**
 * Runs `fn` `warmup` times unmeasured, then `reps` times.
 * @param fn one repetition; may be async (GPU work should end with a read so it is included).
 * @returns the milliseconds of each measured repetition.
 */
export async function measure(fn: () => unknown, options: MeasureOptions): Promise<number[]> {
  const clock = options.clock ?? (() => performance.now());
  for (let i = 0; i < options.warmup; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    const t0 = clock();
    await fn();
    ms.push(clock() - t0);
  }
  return ms;
}

/** A figure from its samples. */
export function figure(
  backend: string,
  workload: string,
  unit: string,
  better: "higher" | "lower",
  samples: readonly number[],
): Figure {
  return { id: `${backend}/${workload}/${unit}`, backend, workload, unit, better, value: summarise(samples) };
}

/**
 * Milliseconds and samples/s (and, when `flops` > 0, GFLOP/s) of a workload that processes
 * `samples` rows and `flops` floating-point operations per repetition.
 */
export function rates(
  backend: string,
  workload: string,
  ms: readonly number[],
  samples: number,
  flops = 0,
): Figure[] {
  const out = [
    figure(backend, workload, "ms", "lower", ms),
    figure(
      backend,
      workload,
      "samples/s",
      "higher",
      ms.map((t) => samples / (t / 1000)),
    ),
  ];
  if (flops > 0) {
    const gflops = ms.map((t) => flops / (t / 1000) / 1e9);
    out.push(figure(backend, workload, "GFLOP/s", "higher", gflops));
  }
  return out;
}

/** A number in a few significant digits: `1.24 M`, `62.0 k`, `487`, `20.50`. */
export function formatValue(v: number): string {
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)} M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)} k`;
  if (v >= 100) return v.toFixed(0);
  if (v >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** The figures as an aligned text table (backend, workload, median, min – max, spread, reps). */
export function formatFigures(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.backend,
    f.workload,
    `${formatValue(f.value.median)} ${f.unit}`,
    `${formatValue(f.value.min)} – ${formatValue(f.value.max)}`,
    `±${((f.value.spread * 100) / 2).toFixed(0)}%`,
    String(f.value.reps),
  ]);
  const head = ["backend", "workload", "median", "min – max", "spread", "reps"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
