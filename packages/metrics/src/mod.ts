/**
 * `@mnist/metrics`: the run-log schema and reader, metrics (accuracy, mean loss, confusion matrix,
 * per-class precision/recall/F1, top confusions) and the run's chart series, shared by the trainer,
 * the CLI and the dashboard. Charts: `@mnist/metrics/svg` (headless), `@mnist/metrics/report`
 * (self-contained HTML), `@mnist/metrics/plot` (uPlot, browser only).
 *
 * @example
 * ```ts
 * import { ConfusionMatrix } from "@mnist/metrics";
 * const labels = [0, 1, 2, 2];
 * const predictions = [0, 2, 2, 2];
 * const m = new ConfusionMatrix(3);
 * for (let i = 0; i < labels.length; i++) m.add(labels[i], predictions[i]);
 * console.log(m.accuracy, m.topConfusions(1)); // 0.75 [ { actual: 1, predicted: 2, count: 1 } ]
 * ```
 *
 * Runtime-neutral.
 * @module
 */

export * from "./accuracy.ts";
export * from "./colour_map.ts";
export * from "./compare/mod.ts";
export * from "./confusion_matrix.ts";
export * from "./dataset_label.ts";
export * from "./read_run_log.ts";
export * from "./run_end_record.ts";
export * from "./run_log.ts";
export * from "./run_log_record.ts";
export * from "./run_series.ts";
export * from "./run_summary.ts";
