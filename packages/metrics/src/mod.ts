/**
 * `@mnist/metrics`: the run-log schema and reader, metrics (accuracy, mean loss, confusion matrix,
 * per-class precision/recall/F1, top confusions) and the run's chart series, shared by the trainer,
 * the CLI and the dashboard. Charts: `@mnist/metrics/svg` (headless), `@mnist/metrics/report`
 * (self-contained HTML), `@mnist/metrics/plot` (uPlot, browser only).
 *
 * Runtime-neutral.
 * @module
 */

export * from "./accuracy.ts";
export * from "./confusion_matrix.ts";
export * from "./dataset_label.ts";
export * from "./read_run_log.ts";
export * from "./run_end_record.ts";
export * from "./run_log.ts";
export * from "./run_log_record.ts";
export * from "./run_series.ts";
