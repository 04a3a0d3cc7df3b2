/**
 * `@mnist/metrics/svg`: the run's charts rendered headless as SVG strings (no DOM), for the CLI.
 *
 * Runtime-neutral.
 * @module
 */

import { datasetLabel } from "../dataset_label.ts";
import type { RunLogRecord } from "../run_log.ts";
import { type ChartKind, chartData, RunSeries } from "../run_series.ts";
import { renderChartSvg, type SvgChartOptions } from "./render_chart_svg.ts";

export { plotArea, renderChartSvg, type SvgChartOptions } from "./render_chart_svg.ts";

/**
 * Renders one chart of a run log as SVG.
 *
 * @param records The run's records (as read by `parseRunLog`).
 * @param kind `"accuracy"`, `"loss"`, `"step-loss"` or `"lr"`.
 * @param options Size and font.
 * @returns A standalone `<svg>` document.
 */
export function renderRunChartSvg(
  records: Iterable<RunLogRecord>,
  kind: ChartKind,
  options?: SvgChartOptions,
): string {
  const list = [...records];
  const data = chartData(RunSeries.from(list), kind);
  // The title names the data, so a chart read on its own cannot be taken for another dataset's.
  const label = datasetLabel(list);
  return renderChartSvg(label === undefined ? data : { ...data, title: `${data.title} — ${label}` }, options);
}

/**
 * Accuracy vs epoch, train against test, as SVG.
 *
 * @example
 * ```ts
 * import { renderAccuracySvg } from "@mnist/metrics/svg";
 * const svg = renderAccuracySvg([
 *   { type: "epoch", epoch: 1, trainAccuracy: 0.8, testAccuracy: 0.82, trainLoss: 0.3, testLoss: 0.28, seconds: 1 },
 * ]);
 * if (!svg.includes('data-series="test"')) throw new Error(svg);
 * ```
 */
export function renderAccuracySvg(records: Iterable<RunLogRecord>, options?: SvgChartOptions): string {
  return renderRunChartSvg(records, "accuracy", options);
}

/** Mean loss vs epoch, train against test, as SVG. */
export function renderLossSvg(records: Iterable<RunLogRecord>, options?: SvgChartOptions): string {
  return renderRunChartSvg(records, "loss", options);
}

/** Batch loss vs step, as SVG. */
export function renderStepLossSvg(records: Iterable<RunLogRecord>, options?: SvgChartOptions): string {
  return renderRunChartSvg(records, "step-loss", options);
}

/** Learning rate vs step (or epoch when the log has no step records), as SVG. */
export function renderLearningRateSvg(records: Iterable<RunLogRecord>, options?: SvgChartOptions): string {
  return renderRunChartSvg(records, "lr", options);
}
