/**
 * The overlaid charts of a comparison: accuracy and loss per epoch, one colour per run, train solid,
 * validation dotted and test dashed, each legend label ending in the series' last value so that the
 * legend says where every run ended without hovering.
 *
 * Runtime-neutral.
 * @module
 */

import { formatNumber, formatPercent } from "../_format.ts";
import type { ChartData, ChartSeries, ChartValue } from "../run_series.ts";
import type { RunComparison } from "./compare_runs.ts";

/** The charts a comparison overlays. */
export type ComparisonChartKind = "accuracy" | "loss";

/** Both comparison charts, in display order. */
export const COMPARISON_CHART_KINDS: readonly ComparisonChartKind[] = ["accuracy", "loss"];

/** Dash patterns by split: train solid, validation dotted, test dashed. */
export const SPLIT_DASH = { train: undefined, val: [2, 4], test: [8, 5] } as const;

/** Options of {@link comparisonChartData}. */
export interface ComparisonChartOptions {
  /** A colour per run in place of each run's own (e.g. lightened for a dark page). */
  readonly colors?: readonly string[];
}

/**
 * The data of one overlaid chart: the x values are the union of the runs' epochs, and a run without
 * a value at an epoch has a gap there.
 *
 * @param comparison The runs (see `compareRunLogs`).
 * @param kind `"accuracy"` or `"loss"`.
 * @param options Colours in place of the runs' own.
 * @returns The chart, drawable by `renderChartSvg` or `@mnist/metrics/plot`.
 * @example
 * ```ts
 * import { compareRunLogs, comparisonChartData } from "@mnist/metrics";
 * const run = (lr: number, acc: number) => [
 *   { type: "run-start", version: "1.2", time: "t", config: { lr }, seed: 0, backend: "cpu" } as const,
 *   { type: "epoch", epoch: 1, trainAccuracy: acc, testAccuracy: acc, trainLoss: 0.1, testLoss: 0.1, seconds: 1 } as const,
 * ];
 * const data = comparisonChartData(compareRunLogs([{ name: "a", records: run(0.1, 0.8) }, { name: "b", records: run(0.5, 0.9) }]), "accuracy");
 * console.log(data.series.map((s) => s.label)); // [ "a train 80.00%", "a test 80.00%", "b train 90.00%", "b test 90.00%" ]
 * ```
 */
export function comparisonChartData(
  comparison: RunComparison,
  kind: ComparisonChartKind,
  options: ComparisonChartOptions = {},
): ChartData {
  const epochs = new Set<number>();
  for (const run of comparison.runs) for (const e of run.series.epochs) epochs.add(e);
  const x = [...epochs].sort((a, b) => a - b);
  const column = new Map(x.map((e, i) => [e, i]));
  const percent = kind === "accuracy";
  const format = (v: number) => (percent ? formatPercent(v) : formatNumber(v, 5));
  const series: ChartSeries[] = [];
  comparison.runs.forEach((run, r) => {
    const s = run.series;
    const splits: { split: keyof typeof SPLIT_DASH; values: readonly ChartValue[] }[] = [
      { split: "train", values: percent ? s.trainAccuracy : s.trainLoss },
      ...(s.hasValidation ? [{ split: "val" as const, values: percent ? s.valAccuracy : s.valLoss }] : []),
      { split: "test", values: percent ? s.testAccuracy : s.testLoss },
    ];
    for (const { split, values } of splits) {
      const aligned: ChartValue[] = new Array(x.length).fill(null);
      s.epochs.forEach((e, i) => {
        aligned[column.get(e)!] = values[i];
      });
      const last = values.findLast((v) => v !== null);
      const dash = SPLIT_DASH[split];
      series.push({
        label: `${run.name} ${split} ${last == null ? "–" : format(last)}`,
        color: options.colors?.[r] ?? run.color,
        values: aligned,
        ...(dash ? { dash } : {}),
      });
    }
  });
  return {
    kind,
    title: percent ? "Accuracy per epoch" : "Loss per epoch",
    xLabel: "epoch",
    yLabel: percent ? "accuracy" : "mean loss",
    yFormat: percent ? "percent" : "number",
    x,
    series,
  };
}
