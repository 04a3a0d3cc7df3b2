/**
 * `@mnist/metrics/plot`: the run's charts drawn with uPlot in the browser — accuracy and loss per
 * epoch (train against test), loss per step and the learning rate — with labelled axes, legends and
 * cursor values. {@link LiveRunCharts} takes records as training produces them and redraws at most
 * once per animation frame, however many records arrive in between.
 *
 * @example
 * ```ts
 * import { chartData, parseRunLog, RunSeries } from "@mnist/metrics";
 * import { uplotData, uplotOptions } from "@mnist/metrics/plot";
 * const log = parseRunLog(
 *   '{"type":"run-start","version":"1.0","time":"t","config":{},"seed":1,"backend":"cpu"}\n' +
 *     '{"type":"epoch","epoch":1,"trainAccuracy":0.9,"testAccuracy":0.91,"trainLoss":0.3,"testLoss":0.29,"seconds":2}\n',
 * );
 * const data = chartData(RunSeries.from(log.records), "accuracy");
 * const options = uplotOptions(data, { width: 640, height: 300 });
 * console.log(options.series.length, uplotData(data).length); // 3 3
 * // In a page: createChart(document.getElementById("chart")!, data), or LiveRunCharts while training.
 * ```
 *
 * Browser only (DOM, `requestAnimationFrame`); the page must include `uplot/dist/uPlot.min.css`.
 * @module
 */

import uPlot from "uplot";
import type { RunLogRecord } from "../run_log.ts";
import { CHART_KINDS, type ChartData, type ChartKind, chartData, RunSeries } from "../run_series.ts";
import { type ChartTheme, resolveChartTheme } from "./chart_theme.ts";

export * from "./chart_theme.ts";

/** Size of a chart in CSS pixels. */
export interface ChartSize {
  /** Width (default: the target element's width, at least 320). */
  readonly width?: number;
  /** Height (default 300). */
  readonly height?: number;
}

/** Size and colours of a chart. */
export interface ChartOptions extends ChartSize {
  /** Colours (default: the light theme, series in `CHART_COLORS`). */
  readonly theme?: ChartTheme;
  /** A logarithmic y axis (base 10), for values that fall over orders of magnitude such as a loss. */
  readonly logScale?: boolean;
}

/**
 * Scale ranges while a chart has no data: uPlot draws no axes for an unranged scale, and the axes
 * and grid should be there from the start, before training produces its first point.
 */
const EMPTY_X: uPlot.Range.MinMax = [0, 1];
const EMPTY_Y: uPlot.Range.MinMax = [0, 1];
const EMPTY_LOG_Y: uPlot.Range.MinMax = [0.01, 10];

/** `v` is a power of ten, within rounding. */
function powerOfTen(v: number): boolean {
  return v > 0 && Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9;
}

/** Series with more points than this draw no markers: the line says it all. */
const MAX_MARKED_POINTS = 60;

/** Marker diameter in CSS pixels: larger when a series has so few points that a line barely shows. */
function pointSize(count: number): number {
  return count <= 3 ? 11 : 7;
}

function decimals(step: number): number {
  let d = 0;
  while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9 * 10 ** d) d++;
  return d;
}

function formatValue(v: number | null | undefined, percent: boolean): string {
  if (v == null || !Number.isFinite(v)) return "–";
  if (percent) return `${(v * 100).toFixed(2)}%`;
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

/**
 * uPlot options for a chart: title, labelled axes (percent ticks for accuracy), one legend entry per
 * series showing the value under the cursor, markers when there are few points (larger when very few),
 * drag to zoom, in the theme's colours.
 *
 * @param data The chart (see `chartData`).
 * @param size Width and height in CSS pixels.
 * @param theme Colours (default: the light theme).
 * @returns Options for `new uPlot(options, data, target)`.
 */
export function uplotOptions(
  data: ChartData,
  size: { width: number; height: number },
  theme: ChartTheme = {},
  logScale = false,
): uPlot.Options {
  const colors = resolveChartTheme(theme);
  const percent = data.yFormat === "percent";
  const grid = { stroke: colors.grid, width: 1 };
  const ticks = { stroke: colors.axis, width: 1 };
  const integerX = data.x.every((x) => Number.isInteger(x));
  // Log ticks fall on every 1…9 × 10^k: powers of ten are labelled, and 2 and 5 as well while the
  // axis spans at most two decades (the range is whole decades), so labels never crowd.
  const logValues = (u: uPlot, splits: number[]) => {
    const { min, max } = u.scales.y;
    const fine = min != null && max != null && Math.log10(max / min) <= 2 + 1e-9;
    return splits.map((v) => {
      const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
      return powerOfTen(v) || (fine && (mantissa === 2 || mantissa === 5))
        ? String(Number(v.toPrecision(1)))
        : "";
    });
  };
  const values = (_u: uPlot, splits: number[]) => {
    const d = decimals(splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1);
    return splits.map((v) =>
      percent
        ? `${(v * 100).toFixed(Math.max(0, d - 2))}%`
        : v !== 0 && Math.abs(v) < 1e-3
          ? v.toExponential(1)
          : v.toFixed(d),
    );
  };
  const fewPoints = (u: uPlot) => u.data[0].length <= MAX_MARKED_POINTS;
  const { htmlText } = colors;
  return {
    title: data.title,
    width: size.width,
    height: size.height,
    scales: {
      x: { time: false, range: (_u, min, max) => (min == null ? EMPTY_X : [min, max]) },
      y: logScale
        ? {
            distr: 3,
            log: 10,
            range: (_u, min, max) => (min == null ? EMPTY_LOG_Y : uPlot.rangeLog(min, max, 10, true)),
          }
        : { range: (_u, min, max) => (min == null ? EMPTY_Y : uPlot.rangeNum(min, max, 0.1, true)) },
    },
    series: [
      { label: data.xLabel, value: (_u, v) => (v == null ? "–" : String(v)) },
      ...data.series.map((s): uPlot.Series => {
        const color = colors.seriesColor(s);
        return {
          label: s.label,
          stroke: color,
          width: 2.5,
          value: (_u, v) => formatValue(v, percent),
          points: {
            show: fewPoints,
            size: pointSize(data.x.length),
            fill: color,
            stroke: colors.background,
          },
          ...(s.dash ? { dash: [...s.dash] } : {}),
        };
      }),
    ],
    axes: [
      {
        label: data.xLabel,
        labelSize: 24,
        stroke: colors.text,
        grid,
        ticks,
        ...(integerX
          ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5] }
          : {}),
      },
      {
        label: data.yLabel,
        labelSize: 24,
        stroke: colors.text,
        grid,
        ticks,
        size: 64,
        values: logScale ? logValues : values,
      },
    ],
    cursor: { drag: { x: true, y: false } },
    // A dashed series gets a dashed legend marker, so the legend tells train from test without colour.
    ...(data.series.some((s) => s.dash)
      ? { legend: { markers: { dash: (u: uPlot, i: number) => (u.series[i].dash ? "dashed" : "solid") } } }
      : {}),
    // Title and legend are HTML: they take the theme's text colour when it names one.
    ...(htmlText === undefined
      ? {}
      : {
          hooks: {
            init: [
              (u: uPlot) => {
                u.root.style.color = htmlText;
              },
            ],
          },
        }),
  };
}

/** uPlot's columnar data for a chart: `[x, ...series]`, sharing the chart's arrays. */
export function uplotData(data: ChartData): uPlot.AlignedData {
  return [data.x as number[], ...data.series.map((s) => s.values as (number | null)[])];
}

/**
 * Draws one chart into `target`.
 *
 * @param target Element the chart is appended to.
 * @param data The chart (see `chartData`).
 * @param options Width and height (width defaults to the target's width) and colours.
 * @returns The uPlot instance (call `destroy()` to remove it).
 */
export function createChart(target: HTMLElement, data: ChartData, options: ChartOptions = {}): uPlot {
  const width = options.width ?? Math.max(320, target.clientWidth);
  const size = { width, height: options.height ?? 300 };
  return new uPlot(uplotOptions(data, size, options.theme, options.logScale), uplotData(data), target);
}

/**
 * Draws a finished run log's charts, one `<div data-chart="…">` per chart kind with data.
 *
 * @param target Element the charts are appended to.
 * @param records The run's records.
 * @param options Size and colours of each chart.
 * @returns The charts by kind.
 */
export function createRunCharts(
  target: HTMLElement,
  records: Iterable<RunLogRecord>,
  options?: ChartOptions,
): Map<ChartKind, uPlot> {
  const live = new LiveRunCharts(target, { ...options });
  live.append(records);
  live.flush();
  return live.charts;
}

/** Options of {@link LiveRunCharts}. */
export interface LiveRunChartsOptions extends ChartOptions {
  /** Charts to show, in order (default all four). */
  readonly kinds?: readonly ChartKind[];
  /** Frame scheduler (default `requestAnimationFrame`); tests may inject one. */
  readonly requestFrame?: (callback: () => void) => number;
  /** Cancels a scheduled frame (default `cancelAnimationFrame`). */
  readonly cancelFrame?: (handle: number) => void;
}

/**
 * Live charts of a run in progress. `append` only records data and marks charts dirty; the charts
 * redraw together on the next animation frame, so appending a thousand steps between frames costs
 * one redraw per chart.
 */
export class LiveRunCharts {
  /** The uPlot instance of each chart. */
  readonly charts: Map<ChartKind, uPlot> = new Map();
  readonly #dirty = new Set<ChartKind>();
  readonly #requestFrame: (callback: () => void) => number;
  readonly #cancelFrame: (handle: number) => void;
  #series = new RunSeries();
  #theme: ChartTheme;
  readonly #logKinds = new Set<ChartKind>();
  #frame: number | undefined;
  #redraws = 0;

  /**
   * Creates the charts, empty, in `target`.
   * @param target Element the charts are appended to, each in a `<div data-chart="kind">`.
   * @param options Which charts, their size and colours, and the frame scheduler.
   */
  constructor(target: HTMLElement, options: LiveRunChartsOptions = {}) {
    this.#requestFrame = options.requestFrame ?? ((cb) => requestAnimationFrame(cb));
    this.#cancelFrame = options.cancelFrame ?? ((h) => cancelAnimationFrame(h));
    this.#theme = options.theme ?? {};
    for (const kind of options.kinds ?? CHART_KINDS) {
      const box = target.ownerDocument.createElement("div");
      box.dataset.chart = kind;
      target.append(box);
      this.charts.set(kind, createChart(box, chartData(this.#series, kind), options));
    }
  }

  /** The data shown, grown in place (a new, empty one after {@link reset}). */
  get series(): RunSeries {
    return this.#series;
  }

  /** Number of chart redraws so far (one per dirty chart per frame). */
  get redraws(): number {
    return this.#redraws;
  }

  /**
   * Adds records; the affected charts redraw on the next animation frame.
   *
   * @param records One record or many, in order.
   */
  append(records: RunLogRecord | Iterable<RunLogRecord>): void {
    const list = Symbol.iterator in records ? records : [records];
    for (const r of list) {
      for (const kind of this.#series.append(r)) if (this.charts.has(kind)) this.#dirty.add(kind);
    }
    this.#schedule();
  }

  /** Drops every point (a new run starts); the charts redraw empty on the next animation frame. */
  reset(): void {
    this.#series = new RunSeries();
    for (const kind of this.charts.keys()) this.#dirty.add(kind);
    this.#schedule();
  }

  /** Redraws the dirty charts now (also called by the scheduled frame). */
  flush(): void {
    if (this.#frame !== undefined) {
      this.#cancelFrame(this.#frame);
      this.#frame = undefined;
    }
    for (const kind of this.#dirty) {
      const u = this.charts.get(kind)!;
      const data = chartData(this.#series, kind);
      // The x label of the learning-rate chart switches to "step" once steps arrive.
      if (u.axes[0].label !== data.xLabel) {
        u.axes[0].label = data.xLabel;
        u.series[0].label = data.xLabel;
        const legend = u.root.querySelector(".u-legend .u-label");
        if (legend) legend.textContent = data.xLabel;
      }
      // uPlot reads the marker size on every draw.
      const size = pointSize(data.x.length);
      for (const s of u.series.slice(1)) if (s.points) s.points.size = size;
      u.setData(uplotData(data));
      this.#redraws++;
    }
    this.#dirty.clear();
  }

  /**
   * Redraws every chart in other colours (e.g. when the page switches to dark): each chart is built
   * anew in its place, with the same data and size.
   *
   * @param theme The new colours.
   */
  setTheme(theme: ChartTheme): void {
    this.#theme = theme;
    for (const kind of this.charts.keys()) this.#rebuild(kind);
  }

  /**
   * Switches one chart's y axis between linear and logarithmic. uPlot cannot change a scale's
   * distribution in place, so the chart is built anew in its place, with the same data and size.
   *
   * @param kind The chart (e.g. `"step-loss"`); ignored when it is not shown.
   * @param on Logarithmic when true.
   */
  setLogScale(kind: ChartKind, on: boolean): void {
    if (!this.charts.has(kind) || this.#logKinds.has(kind) === on) return;
    if (on) this.#logKinds.add(kind);
    else this.#logKinds.delete(kind);
    this.#rebuild(kind);
  }

  /** Whether `kind`'s y axis is logarithmic. */
  isLogScale(kind: ChartKind): boolean {
    return this.#logKinds.has(kind);
  }

  #rebuild(kind: ChartKind): void {
    const old = this.charts.get(kind)!;
    const box = old.root.parentElement!;
    const size = { width: old.width, height: old.height };
    old.destroy();
    const options = { ...size, theme: this.#theme, logScale: this.#logKinds.has(kind) };
    this.charts.set(kind, createChart(box, chartData(this.#series, kind), options));
    this.#dirty.delete(kind);
  }

  /** The colours the charts are drawn in. */
  get theme(): ChartTheme {
    return this.#theme;
  }

  /** Sets every chart's width (e.g. from a ResizeObserver). */
  resize(width: number, height?: number): void {
    for (const u of this.charts.values()) u.setSize({ width, height: height ?? u.height });
  }

  /** Removes the charts and cancels a pending redraw. */
  destroy(): void {
    if (this.#frame !== undefined) this.#cancelFrame(this.#frame);
    this.#frame = undefined;
    for (const u of this.charts.values()) {
      const box = u.root.parentElement;
      u.destroy();
      box?.remove();
    }
    this.charts.clear();
  }

  #schedule(): void {
    if (this.#dirty.size > 0 && this.#frame === undefined) {
      this.#frame = this.#requestFrame(() => {
        this.#frame = undefined;
        this.flush();
      });
    }
  }
}
