/**
 * The in-browser half of the empty-axes and log-scale test: live charts before any data, then the
 * per-step loss switched to a log scale and back while data arrives; reports each chart's y-axis
 * ticks as uPlot labelled them.
 */

import type uPlot from "uplot";
import { sampleRun } from "../../src/_test_fixtures.ts";
import { LiveRunCharts } from "../../src/plot/mod.ts";

export interface ScaleResults {
  /** Per chart, before any data: the x and y tick labels. */
  readonly empty: Record<string, { x: string[]; y: string[] }>;
  readonly log: { distr: number | undefined; y: string[]; points: number };
  readonly linear: { distr: number | undefined; y: string[]; points: number };
}

/** The labels uPlot drew on axis `i` (kept on the axis after each draw; the canvas has no text nodes). */
function ticks(u: uPlot, i: number): string[] {
  const values = (u.axes[i] as { _values?: (string | number | null)[] })._values ?? [];
  return values.map((v) => String(v ?? ""));
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function run(): Promise<ScaleResults> {
  const target = document.createElement("div");
  target.id = "scales";
  target.style.width = "620px";
  document.body.append(target);
  const live = new LiveRunCharts(target, { width: 600, height: 240 });
  await nextFrame();
  const empty = Object.fromEntries([...live.charts].map(([k, u]) => [k, { x: ticks(u, 0), y: ticks(u, 1) }]));
  (globalThis as { __emptyDrawn?: boolean }).__emptyDrawn = true;
  await new Promise<void>((r) => {
    (globalThis as { __continue?: () => void }).__continue = r;
  });
  const records = sampleRun(10, 60);
  live.append(records.slice(0, 200));
  live.setLogScale("step-loss", true);
  live.append(records.slice(200));
  live.flush();
  // uPlot draws (and labels its axes) on the frame after a change.
  await nextFrame();
  await nextFrame();
  const state = () => {
    const u = live.charts.get("step-loss")!;
    return { distr: u.scales.y.distr, y: ticks(u, 1), points: u.data[0].length };
  };
  const log = state();
  (globalThis as { __logDrawn?: boolean }).__logDrawn = true;
  await new Promise<void>((r) => {
    (globalThis as { __continue?: () => void }).__continue = r;
  });
  live.setLogScale("step-loss", false);
  await nextFrame();
  await nextFrame();
  return { empty, log, linear: state() };
}

(globalThis as { __scales?: Promise<ScaleResults> }).__scales = run();
