/**
 * The benchmark harness shared by `mnist bench` and `pnpm bench`: measurements, figures, the table
 * both print, and the training rows timed on the trainer.
 *
 * @example
 * ```ts
 * import { figure, formatFigures, measure } from "@mnist/softmax/bench";
 * const samples = await measure(() => new Float32Array(1 << 16).fill(1), { warmup: 1, reps: 5 });
 * console.log(formatFigures([figure("host", "fill 64k floats", "ms", "lower", samples)]));
 * ```
 *
 * Runtime-neutral.
 * @module
 */
export * from "./figures.ts";
export * from "./sweep.ts";
export * from "./training.ts";
