/**
 * The benchmark harness shared by `mnist bench` and `pnpm bench`: measurements, figures, the table
 * both print, and the training rows timed on the trainer.
 *
 * Runtime-neutral.
 * @module
 */
export * from "./figures.ts";
export * from "./training.ts";
