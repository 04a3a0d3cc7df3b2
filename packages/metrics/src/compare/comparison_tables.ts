/**
 * The tables of a comparison as text: final metrics side by side (the best run of each row marked)
 * and configuration values, so that the HTML comparison and the dashboard show the same cells.
 *
 * Runtime-neutral.
 * @module
 */

import { formatNumber, formatPercent } from "../_format.ts";
import type { ComparedRun, RunComparison } from "./compare_runs.ts";

/** One row of the final-metrics table. */
export interface MetricRow {
  /** What the row shows, e.g. `final test accuracy`. */
  readonly label: string;
  /** One cell per run, in run order. */
  readonly cells: readonly string[];
  /** Per run: whether it has the row's best value (higher accuracy, lower loss); none for counts, times and status. */
  readonly best: readonly boolean[];
}

type Metric = {
  readonly label: string;
  readonly value: (r: ComparedRun) => number;
  readonly text: (v: number, r: ComparedRun) => string;
  readonly better?: "high" | "low";
};

/**
 * The final metrics of every run, one row per metric: status, epochs, duration, final train / val /
 * test accuracy and loss (val rows only when a run has a validation split), best test accuracy and
 * its epoch. With two or more runs, the best value of each accuracy and loss row is marked.
 *
 * @param c The comparison (see `compareRunLogs`).
 * @returns The rows, in display order.
 * @example
 * ```ts
 * import { compareRunLogs, finalMetricRows } from "@mnist/metrics";
 * const run = (acc: number) => [
 *   { type: "run-start", version: "1.2", time: "t", config: {}, seed: 0, backend: "cpu" } as const,
 *   { type: "epoch", epoch: 1, trainAccuracy: acc, testAccuracy: acc, trainLoss: 0.3, testLoss: 0.3, seconds: 1 } as const,
 * ];
 * const rows = finalMetricRows(compareRunLogs([{ name: "a", records: run(0.8) }, { name: "b", records: run(0.9) }]));
 * const test = rows.find((r) => r.label === "final test accuracy")!;
 * if (test.cells.join() !== "80.00%,90.00%" || test.best.join() !== "false,true") throw new Error(JSON.stringify(test));
 * ```
 */
export function finalMetricRows(c: RunComparison): MetricRow[] {
  const pct = (v: number) => formatPercent(v);
  const loss = (v: number) => formatNumber(v, 5);
  const hasVal = c.runs.some((r) => Number.isFinite(r.finals.valAccuracy));
  const val = (m: Metric): Metric[] => (hasVal ? [m] : []);
  const metrics: Metric[] = [
    { label: "status", value: () => Number.NaN, text: (_, r) => r.finals.status },
    { label: "epochs", value: (r) => r.finals.epochs, text: (v) => String(v) },
    {
      label: "duration",
      value: (r) => r.finals.seconds,
      text: (v) => (Number.isFinite(v) ? `${formatNumber(v, 3)} s` : "–"),
    },
    { label: "final train accuracy", value: (r) => r.finals.trainAccuracy, text: pct, better: "high" },
    ...val({ label: "final val accuracy", value: (r) => r.finals.valAccuracy, text: pct, better: "high" }),
    { label: "final test accuracy", value: (r) => r.finals.testAccuracy, text: pct, better: "high" },
    { label: "final train loss", value: (r) => r.finals.trainLoss, text: loss, better: "low" },
    ...val({ label: "final val loss", value: (r) => r.finals.valLoss, text: loss, better: "low" }),
    { label: "final test loss", value: (r) => r.finals.testLoss, text: loss, better: "low" },
    {
      label: "best test accuracy",
      value: (r) => r.finals.bestTestAccuracy,
      text: (v, r) => (r.finals.bestEpoch === undefined ? "–" : `${pct(v)} (epoch ${r.finals.bestEpoch})`),
      better: "high",
    },
  ];
  return metrics.map((m) => {
    const values = c.runs.map(m.value);
    const finite = values.filter(Number.isFinite);
    const best =
      m.better === undefined || c.runs.length < 2 || finite.length === 0
        ? Number.NaN
        : m.better === "high"
          ? Math.max(...finite)
          : Math.min(...finite);
    return {
      label: m.label,
      cells: values.map((v, i) => m.text(v, c.runs[i])),
      best: values.map((v) => v === best),
    };
  });
}

/**
 * A configuration value as table text: strings bare, an absent or `null` value as "–", anything else
 * as JSON (cut at 120 characters).
 *
 * @param value The value from a run-start record's `config`.
 * @returns The text.
 */
export function configValueText(value: unknown): string {
  if (value === undefined || value === null) return "–";
  if (typeof value === "string") return value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * How many settings differ, as a sentence for above the configuration table.
 *
 * @param c The comparison.
 * @returns E.g. "2 settings differ (highlighted, marked ≠)." or "The runs share every setting."
 */
export function configSummary(c: RunComparison): string {
  const n = c.config.filter((r) => r.differs).length;
  if (n === 0) return "The runs share every setting.";
  return `${n} setting${n === 1 ? "" : "s"} differ${n === 1 ? "s" : ""} (highlighted, marked ≠).`;
}
