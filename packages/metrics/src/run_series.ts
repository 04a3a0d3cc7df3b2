/**
 * Columnar series of a run (per epoch and per step), grown record by record, and the chart
 * definitions that the uPlot charts (`./plot`), the SVG charts (`./svg`) and the HTML report share.
 *
 * Runtime-neutral.
 * @module
 */

import type { RunLogRecord } from "./run_log.ts";

/** A value on a chart; `null` is a gap (a non-finite metric). */
export type ChartValue = number | null;

const value = (x: number | undefined): ChartValue => (x === undefined || !Number.isFinite(x) ? null : x);

/**
 * The run's metrics as columns, appended to in place (arrays only grow), so a live chart can hand
 * the same arrays to its plotting library on every frame.
 *
 * @example
 * ```ts
 * import { RunSeries } from "@mnist/metrics";
 * const s = new RunSeries();
 * s.append({ type: "epoch", epoch: 1, trainAccuracy: 0.8, testAccuracy: 0.82, trainLoss: 0.3, testLoss: 0.28, seconds: 1 });
 * if (s.epochs.length !== 1 || s.testAccuracy[0] !== 0.82) throw new Error("unexpected");
 * ```
 */
export class RunSeries {
  /** Epoch numbers, the x values of the per-epoch charts. */
  readonly epochs: number[] = [];
  /** Train accuracy per epoch. */
  readonly trainAccuracy: ChartValue[] = [];
  /** Test accuracy per epoch. */
  readonly testAccuracy: ChartValue[] = [];
  /** Mean train loss per epoch. */
  readonly trainLoss: ChartValue[] = [];
  /** Mean test loss per epoch. */
  readonly testLoss: ChartValue[] = [];
  /** Validation accuracy per epoch (gaps without a split). */
  readonly valAccuracy: ChartValue[] = [];
  /** Mean validation loss per epoch (gaps without a split). */
  readonly valLoss: ChartValue[] = [];
  /**
   * Whether the run holds out a validation split (its run-start config names one, or an epoch has
   * val metrics): the charts then draw a val line, fixed from the run-start on so live charts keep
   * their series.
   */
  hasValidation = false;
  /** Learning rate at the end of each epoch. */
  readonly epochLr: ChartValue[] = [];
  /** Step numbers, the x values of the per-step charts. */
  readonly steps: number[] = [];
  /** Batch loss per logged step. */
  readonly stepLoss: ChartValue[] = [];
  /** Learning rate per logged step. */
  readonly stepLr: ChartValue[] = [];

  /**
   * Builds the series of a whole log.
   *
   * @param records Run-log records in order.
   * @returns The series.
   */
  static from(records: Iterable<RunLogRecord>): RunSeries {
    const s = new RunSeries();
    for (const r of records) s.append(r);
    return s;
  }

  /**
   * Adds one record.
   *
   * @param record Any run-log record; only epoch and step records add points.
   * @returns The charts whose data changed.
   */
  append(record: RunLogRecord): ChartKind[] {
    if (record.type === "epoch") {
      this.epochs.push(record.epoch);
      this.trainAccuracy.push(value(record.trainAccuracy));
      this.testAccuracy.push(value(record.testAccuracy));
      this.trainLoss.push(value(record.trainLoss));
      this.testLoss.push(value(record.testLoss));
      this.valAccuracy.push(value(record.valAccuracy));
      this.valLoss.push(value(record.valLoss));
      if (record.valAccuracy !== undefined) this.hasValidation = true;
      this.epochLr.push(value(record.lr));
      return this.steps.length === 0 ? ["accuracy", "loss", "lr"] : ["accuracy", "loss"];
    }
    if (record.type === "run-start" && typeof record.config.val === "number") this.hasValidation = true;
    if (record.type === "step") {
      this.steps.push(record.step);
      this.stepLoss.push(value(record.loss));
      this.stepLr.push(value(record.lr));
      return ["step-loss", "lr"];
    }
    return [];
  }
}

/** The charts of a run. */
export type ChartKind = "accuracy" | "loss" | "step-loss" | "lr";

/** All chart kinds, in display order. */
export const CHART_KINDS: readonly ChartKind[] = ["accuracy", "loss", "step-loss", "lr"];

/** One line of a chart. */
export interface ChartSeries {
  /** The legend's label. */
  readonly label: string;
  /** CSS colour. */
  readonly color: string;
  /** One value per x (`null` where there is none). */
  readonly values: readonly ChartValue[];
  /** Dash pattern (lengths of dashes and gaps in pixels); a solid line without one. */
  readonly dash?: readonly number[];
}

/** Everything needed to draw one chart, whatever draws it. */
export interface ChartData {
  /** Which chart. */
  readonly kind: ChartKind;
  /** The chart's title. */
  readonly title: string;
  /** The x axis label. */
  readonly xLabel: string;
  /** The y axis label. */
  readonly yLabel: string;
  /** How to show y values: `"percent"` for fractions in [0, 1], `"number"` otherwise. */
  readonly yFormat: "percent" | "number";
  /** The x values, shared by every series. */
  readonly x: readonly number[];
  /** The lines to draw. */
  readonly series: readonly ChartSeries[];
}

/** Colours of the series (colour-blind safe pair for train/test). */
export const CHART_COLORS = {
  train: "#1f6fd1",
  test: "#e0562b",
  val: "#9a6a00",
  step: "#7a4fc1",
  lr: "#15896f",
} as const;

/**
 * The data of one chart of a run, referencing the series' arrays (no copy).
 *
 * @param s The run's series.
 * @param kind Which chart.
 * @returns Title, axis labels, x values and the lines.
 */
export function chartData(s: RunSeries, kind: ChartKind): ChartData {
  switch (kind) {
    case "accuracy":
      return {
        kind,
        title: "Accuracy per epoch",
        xLabel: "epoch",
        yLabel: "accuracy",
        yFormat: "percent",
        x: s.epochs,
        series: [
          { label: "train", color: CHART_COLORS.train, values: s.trainAccuracy },
          ...valSeries(s, s.valAccuracy),
          { label: "test", color: CHART_COLORS.test, values: s.testAccuracy },
        ],
      };
    case "loss":
      return {
        kind,
        title: "Loss per epoch",
        xLabel: "epoch",
        yLabel: "mean loss",
        yFormat: "number",
        x: s.epochs,
        series: [
          { label: "train", color: CHART_COLORS.train, values: s.trainLoss },
          ...valSeries(s, s.valLoss),
          { label: "test", color: CHART_COLORS.test, values: s.testLoss },
        ],
      };
    case "step-loss":
      return {
        kind,
        title: "Loss per step",
        xLabel: "step",
        yLabel: "batch loss",
        yFormat: "number",
        x: s.steps,
        series: [{ label: "batch loss", color: CHART_COLORS.step, values: s.stepLoss }],
      };
    case "lr": {
      const bySteps = s.steps.length > 0;
      return {
        kind,
        title: "Learning rate",
        xLabel: bySteps ? "step" : "epoch",
        yLabel: "learning rate",
        yFormat: "number",
        x: bySteps ? s.steps : s.epochs,
        series: [{ label: "learning rate", color: CHART_COLORS.lr, values: bySteps ? s.stepLr : s.epochLr }],
      };
    }
  }
}

/** Whether a chart has at least one finite point. */
export function hasPoints(data: ChartData): boolean {
  return data.series.some((s) => s.values.some((v) => v !== null));
}

/** The val line of an epoch chart: none without a validation split, so such charts stay as they were. */
function valSeries(s: RunSeries, values: readonly ChartValue[]): ChartSeries[] {
  return s.hasValidation ? [{ label: "val", color: CHART_COLORS.val, values }] : [];
}
