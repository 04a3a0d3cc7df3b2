/**
 * The results charts: `@mnist/metrics/plot`'s live charts — the four the CLI's report draws, from the
 * same definitions — sized to the page's grid and coloured for the page's theme. Appends only mark
 * charts dirty; `LiveRunCharts` redraws them once per animation frame.
 * @module
 */
import "uplot/dist/uPlot.min.css";
import { type ChartKind, chartData, type RunLogRecord } from "@mnist/metrics";
import { LiveRunCharts } from "@mnist/metrics/plot";
import type uPlot from "uplot";

const HEIGHT = 240;

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** `#rrggbb` mixed with white by `t` (0…1): the package's hues, lifted for a dark background. */
function lighten(hex: string, t: number): string {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16);
    return Math.round(v + (255 - v) * t)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** Sets axis, grid and series colours of a chart for the current theme (uPlot reads them per draw). */
function applyTheme(u: uPlot, kind: ChartKind, series: LiveRunCharts["series"]): void {
  const dark = getComputedStyle(document.documentElement).colorScheme === "dark";
  const fg = css("--fg");
  const grid = css("--grid");
  const bg = css("--bg");
  for (const axis of u.axes) {
    axis.stroke = () => fg;
    if (axis.grid) axis.grid.stroke = () => grid;
    if (axis.ticks) axis.ticks.stroke = () => grid;
  }
  const markers = u.root.querySelectorAll<HTMLElement>(".u-legend .u-series .u-marker");
  chartData(series, kind).series.forEach((s, i) => {
    // Lifted 40% towards white, the hues keep their order and reach over 7:1 on the dark background.
    const color = dark ? lighten(s.color, 0.4) : s.color;
    const line = u.series[i + 1];
    line.stroke = () => color;
    if (line.points) {
      line.points.fill = () => color;
      line.points.stroke = () => bg;
    }
    // Row 0 of the legend is the x value; series rows follow in order.
    const marker = markers[i + 1];
    if (marker) marker.style.borderColor = color;
  });
}

/** The run's charts in `target` (one `<div data-chart="kind">` each), reset for every new run. */
export class RunCharts {
  readonly #target: HTMLElement;
  readonly #stepsNote: HTMLElement;
  #live: LiveRunCharts;

  /**
   * @param target The grid the charts go in.
   * @param stepsNote Shown instead of the step-loss chart when a log has epochs but no steps.
   */
  constructor(target: HTMLElement, stepsNote: HTMLElement) {
    this.#target = target;
    this.#stepsNote = stepsNote;
    this.#live = this.#create(this.#width());
    new ResizeObserver(() => this.#fit()).observe(target);
  }

  /** The live charts of the current run (uPlot instances, series, redraw count). */
  get live(): LiveRunCharts {
    return this.#live;
  }

  /** Drops every point: a new run starts. */
  reset(): void {
    const width = this.#width();
    this.#live.destroy();
    this.#live = this.#create(width);
    this.#showSteps();
  }

  /** Appends a record; the charts it changes redraw on the next animation frame. */
  append(record: RunLogRecord): void {
    this.#live.append(record);
    if (record.type === "epoch" || record.type === "step") this.#showSteps();
  }

  /** Recolours the charts for the current theme. */
  redraw(): void {
    for (const [kind, u] of this.#live.charts) {
      applyTheme(u, kind, this.#live.series);
      u.redraw(false, true);
    }
  }

  #create(width: number): LiveRunCharts {
    const live = new LiveRunCharts(this.#target, { width, height: HEIGHT });
    for (const [kind, u] of live.charts) {
      const box = u.root.parentElement!;
      box.setAttribute("role", "figure");
      box.setAttribute("aria-label", chartData(live.series, kind).title);
      applyTheme(u, kind, live.series);
      u.redraw(false, true);
    }
    return live;
  }

  /** A grid cell's width: the cells share one track width, so the first one speaks for all. */
  #width(): number {
    const cell = this.#target.querySelector<HTMLElement>("[data-chart]");
    return Math.max(200, Math.floor(cell?.clientWidth || this.#target.clientWidth));
  }

  #fit(): void {
    const width = this.#width();
    const first = this.#live.charts.values().next().value;
    if (first && Math.abs(first.width - width) > 1) this.#live.resize(width, HEIGHT);
  }

  #showSteps(): void {
    const { steps, epochs } = this.#live.series;
    const none = steps.length === 0 && epochs.length > 0;
    this.#stepsNote.hidden = !none;
    const box = this.#target.querySelector<HTMLElement>('[data-chart="step-loss"]');
    if (box) box.hidden = none;
  }
}
