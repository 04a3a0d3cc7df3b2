/**
 * The results charts: `@mnist/metrics/plot`'s live charts — the four the CLI's report draws, from the
 * same definitions — sized to the page's grid and created in the page's theme. Appends only mark
 * charts dirty; `LiveRunCharts` redraws them once per animation frame.
 * @module
 */
import "uplot/dist/uPlot.min.css";
import { CHART_COLORS, chartData, type RunLogRecord } from "@mnist/metrics";
import { type ChartTheme, LiveRunCharts } from "@mnist/metrics/plot";

const HEIGHT = 240;

/** `#rrggbb` mixed with white by `t` (0…1): the package's hues, lifted for a dark background. */
export function lighten(hex: string, t: number): string {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16);
    return Math.round(v + (255 - v) * t)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** The chart colours of the page's current theme, from its CSS variables. */
export function pageTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const css = (name: string) => style.getPropertyValue(name).trim();
  const grid = css("--grid");
  // Lifted 40% towards white, the hues keep their order and reach over 7:1 on the dark background.
  const series =
    style.colorScheme === "dark"
      ? Object.fromEntries(Object.entries(CHART_COLORS).map(([role, c]) => [role, lighten(c, 0.4)]))
      : CHART_COLORS;
  return { text: css("--fg"), axis: grid, grid, background: css("--bg"), series };
}

/** The run's charts in `target` (one `<div data-chart="kind">` each), reset for every new run. */
export class RunCharts {
  readonly #target: HTMLElement;
  readonly #stepsNote: HTMLElement;
  readonly #live: LiveRunCharts;
  #legendFrame = 0;
  /** Every record appended since the last reset, so that a new smoothing can redraw them all. */
  #records: RunLogRecord[] = [];
  /** Weight of the past in the per-step loss's moving average (0: raw values). */
  #smoothing = 0;
  #ema = { value: 0, count: 0 };

  /**
   * @param target The grid the charts go in.
   * @param stepsNote Shown instead of the step-loss chart when a log has epochs but no steps.
   */
  constructor(target: HTMLElement, stepsNote: HTMLElement) {
    this.#target = target;
    this.#stepsNote = stepsNote;
    this.#live = this.#create(this.#width());
    this.#showSteps();
    new ResizeObserver(() => this.#fit()).observe(target);
  }

  /** The live charts of the current run (uPlot instances, series, redraw count). */
  get live(): LiveRunCharts {
    return this.#live;
  }

  /** Drops every point: a new run starts. */
  reset(): void {
    this.#records = [];
    this.#ema = { value: 0, count: 0 };
    this.#live.reset();
    this.#showSteps();
  }

  /**
   * Smooths the per-step loss with an exponential moving average (bias-corrected, as TensorBoard
   * does); `weight` 0 shows the raw values. Every step drawn so far is redrawn.
   */
  setSmoothing(weight: number): void {
    this.#smoothing = Math.min(0.999, Math.max(0, weight));
    const records = this.#records;
    this.reset();
    this.append(records);
  }

  /**
   * Shows the per-step loss on a logarithmic y axis, where the slow tail of training stays readable
   * next to the first steps' loss an order of magnitude higher.
   */
  setLogScale(on: boolean): void {
    this.#live.setLogScale("step-loss", on);
    this.#latestInLegends();
  }

  /** Appends records; the charts they change redraw on the next animation frame. */
  append(records: RunLogRecord | readonly RunLogRecord[]): void {
    const list = Array.isArray(records) ? (records as readonly RunLogRecord[]) : [records as RunLogRecord];
    this.#records.push(...list);
    this.#live.append(this.#smoothing > 0 ? list.map((r) => this.#smooth(r)) : list);
    this.#showSteps();
    this.#latestInLegends();
  }

  #smooth(r: RunLogRecord): RunLogRecord {
    if (r.type !== "step" || !Number.isFinite(r.loss)) return r;
    const a = this.#smoothing;
    const e = this.#ema;
    e.value = a * e.value + (1 - a) * r.loss;
    e.count++;
    return { ...r, loss: e.value / (1 - a ** e.count) };
  }

  /**
   * Shows each series' latest value in its legend without hovering. Scheduled after the charts'
   * own redraw frame (frame callbacks run in the order they were requested).
   */
  #latestInLegends(): void {
    if (this.#legendFrame) return;
    this.#legendFrame = requestAnimationFrame(() => {
      this.#legendFrame = 0;
      for (const u of this.#live.charts.values()) {
        const n = u.data[0]?.length ?? 0;
        // Not while the pointer is over a chart: then the legend follows the cursor.
        if (n > 0 && u.cursor.idx == null) u.setLegend({ idx: n - 1 });
      }
    });
  }

  /** Redraws the charts in the page's current theme. */
  redraw(): void {
    this.#live.setTheme(pageTheme());
    this.#latestInLegends();
  }

  #create(width: number): LiveRunCharts {
    const live = new LiveRunCharts(this.#target, { width, height: HEIGHT, theme: pageTheme() });
    for (const [kind, u] of live.charts) {
      const box = u.root.parentElement!;
      box.setAttribute("role", "figure");
      box.setAttribute("aria-label", chartData(live.series, kind).title);
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
    // Axes from the start, and a line saying why they are empty.
    this.#target.dataset.empty = String(steps.length === 0 && epochs.length === 0);
    const none = steps.length === 0 && epochs.length > 0;
    this.#stepsNote.hidden = !none;
    const box = this.#target.querySelector<HTMLElement>('[data-chart="step-loss"]');
    if (box) box.hidden = none;
  }
}
