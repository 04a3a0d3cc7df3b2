/**
 * The in-browser half of the chart-theme test: live charts created in a dark theme with one epoch
 * (very few points), then switched to another theme, then reset; reports what each step drew.
 */
import { sampleRun } from "../../src/_test_fixtures.ts";
import { LiveRunCharts } from "../../src/plot/mod.ts";
import { DARK } from "./_test_theme.ts";

export interface ThemeResults {
  readonly dark: ChartState;
  readonly light: ChartState;
  readonly afterReset: { readonly points: number; readonly lrLabel: string | null };
}

export interface ChartState {
  readonly pointSizes: number[];
  readonly seriesStrokes: string[];
  readonly markerColors: string[];
  readonly axisStroke: string;
  readonly gridStroke: string;
  readonly titleColor: string;
}

function state(live: LiveRunCharts): ChartState {
  const u = live.charts.get("accuracy")!;
  const value = (v: unknown) => String(typeof v === "function" ? v(u, 1) : v);
  return {
    pointSizes: u.series.slice(1).map((s) => s.points!.size!),
    seriesStrokes: u.series.slice(1).map((s) => value(s.stroke)),
    markerColors: [...u.root.querySelectorAll<HTMLElement>(".u-legend .u-series .u-marker")]
      .slice(1)
      .map((m) => getComputedStyle(m).borderTopColor),
    axisStroke: value(u.axes[0].stroke),
    gridStroke: value(u.axes[0].grid!.stroke),
    titleColor: getComputedStyle(u.root.querySelector(".u-title")!).color,
  };
}

async function run(): Promise<ThemeResults> {
  document.body.style.background = DARK.background;
  const target = document.createElement("div");
  target.id = "themed";
  document.body.append(target);
  const live = new LiveRunCharts(target, { width: 500, height: 260, theme: DARK, kinds: ["accuracy", "lr"] });
  const records = sampleRun(10, 60);
  live.append(records.filter((r) => r.type === "run-start" || (r.type === "epoch" && r.epoch === 1)));
  live.flush();
  const dark = state(live);
  (globalThis as { __darkDrawn?: boolean }).__darkDrawn = true;
  await new Promise<void>((resolve) => {
    (globalThis as { __continue?: () => void }).__continue = resolve;
  });
  live.setTheme({});
  const light = state(live);
  live.append(records.filter((r) => r.type === "step").slice(0, 5));
  live.flush();
  live.reset();
  live.flush();
  const lr = live.charts.get("lr")!;
  const label = lr.axes[0].label;
  return {
    dark,
    light,
    afterReset: { points: lr.data[0].length, lrLabel: typeof label === "string" ? label : null },
  };
}

(globalThis as { __themed?: Promise<ThemeResults> }).__themed = run();
