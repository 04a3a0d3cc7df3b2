/**
 * A sweep's charts as SVG strings: validation accuracy against a swept value (log axis for the
 * learning rate, categories for names), a heat map over two swept values, and every configuration's
 * validation curves overlaid. Points and cells carry `data-run="<id>"` so a page can link them to runs.
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup as esc, formatNumber } from "../_format.ts";
import type { RunLogRecord } from "../run_log.ts";
import type { ChartValue } from "../run_series.ts";
import { logTicks, niceTicks, stepDecimals } from "../svg/_ticks.ts";
import { plotArea, renderChartSvg, type SvgChartOptions } from "../svg/render_chart_svg.ts";
import type { SweepManifest, SweepRun, SweepValue } from "./sweep_manifest.ts";

/** The swept settings in words, by training-config field. */
export const SWEEP_KEY_LABELS: Readonly<Record<string, string>> = {
  lr: "learning rate",
  batchSize: "batch size",
  momentum: "momentum",
  weightDecay: "weight decay",
  loss: "loss",
  optimizer: "optimizer",
  seed: "seed",
};

/** The label of a swept setting. */
export function sweepKeyLabel(key: string): string {
  return SWEEP_KEY_LABELS[key] ?? key;
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** The colour of the `i`-th configuration (a ten-colour palette, then evenly spaced hues). */
export function runColor(i: number, count: number): string {
  if (count <= PALETTE.length) return PALETTE[i];
  return `hsl(${Math.round((i * 360) / count)} 65% 45%)`;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const r2 = (v: number) => String(Math.round(v * 100) / 100);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** How a swept value is laid out on an axis. */
type Axis =
  | { kind: "log" | "linear"; min: number; max: number; ticks: number[]; decimals: number }
  | { kind: "category"; categories: SweepValue[] };

/** Sorted distinct values (numbers ascending, names as listed). */
function distinct(values: readonly SweepValue[]): SweepValue[] {
  const out = [...new Set(values)];
  return out.every((v) => typeof v === "number") ? out.sort((a, b) => (a as number) - (b as number)) : out;
}

function axisFor(key: string, values: readonly SweepValue[], categories = false): Axis {
  const numbers = values.filter((v): v is number => typeof v === "number");
  // Batch sizes and seeds are a few chosen values, not a continuum: spaced evenly, in order.
  const discrete = key === "batchSize" || key === "seed";
  if (categories || discrete || numbers.length !== values.length || numbers.length === 0)
    return { kind: "category", categories: distinct(values) };
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  // Learning rates (and decays spanning decades) are chosen on a log scale, so they are shown on one.
  if (lo > 0 && (key === "lr" || (key === "weightDecay" && hi / lo >= 10))) {
    const t = logTicks(lo, hi);
    return { kind: "log", min: t.min, max: t.max, ticks: t.values, decimals: 0 };
  }
  // A margin, so that the points at the ends are not drawn on the frame.
  const pad = (hi - lo) * 0.05;
  const t = niceTicks(lo - pad, hi + pad, 6);
  return { kind: "linear", min: t.min, max: t.max, ticks: t.values, decimals: stepDecimals(t.step) };
}

/** Position in [0, 1] along the axis. */
function fraction(axis: Axis, v: SweepValue): number {
  if (axis.kind === "category") return (axis.categories.indexOf(v) + 0.5) / axis.categories.length;
  const x = v as number;
  // A margin inside the outer ticks, so that points at the ends of the range are not drawn on the frame.
  if (axis.kind === "log")
    return 0.04 + (0.92 * (Math.log(x) - Math.log(axis.min))) / (Math.log(axis.max) - Math.log(axis.min));
  return (x - axis.min) / (axis.max - axis.min);
}

function tickText(axis: Axis, v: SweepValue): string {
  if (typeof v === "string") return v;
  if (axis.kind === "linear") return v.toFixed(axis.decimals);
  return formatNumber(v);
}

function frame(width: number, height: number, title: string, kind: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${esc(FONT)}" data-chart="${esc(kind)}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="72" y="26" font-size="17" font-weight="600" fill="#1a1a1a" data-role="title">${esc(title)}</text>`,
  ];
}

/** Configurations that have a validation accuracy. */
function measured(manifest: SweepManifest): SweepRun[] {
  return manifest.runs.filter((r) => r.bestValAccuracy !== null);
}

/**
 * Best validation accuracy of every configuration against one swept value, one point each.
 *
 * @param manifest The sweep.
 * @param key A swept setting (one of `manifest.keys`).
 * @param options Size.
 * @returns A standalone `<svg>`; its points are `<circle data-run="<id>">`, the best one `data-best`.
 * @example
 * ```ts
 * import { renderSweepScatterSvg } from "@mnist/metrics/sweep";
 * const run = (id: string, lr: number, acc: number) => ({ id, dir: id, values: { lr }, config: {}, status: "done" as const, bestValAccuracy: acc, bestEpoch: 1 });
 * const svg = renderSweepScatterSvg({ format: "mnist-sweep", version: "1.0", time: "t", mode: "grid", keys: ["lr"],
 *   validation: { count: 100 }, runs: [run("a", 0.01, 0.9), run("b", 0.1, 0.92)], best: "b" }, "lr");
 * if (svg.split("<circle").length !== 3) throw new Error(svg);
 * ```
 */
export function renderSweepScatterSvg(
  manifest: SweepManifest,
  key: string,
  options: SvgChartOptions = {},
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const area = plotArea(width, height);
  const runs = measured(manifest);
  const axis = axisFor(
    key,
    manifest.runs.map((r) => r.values[key]),
  );
  const accs = runs.map((r) => r.bestValAccuracy as number);
  const yt = niceTicks(accs.length ? Math.min(...accs) : 0, accs.length ? Math.max(...accs) : 1, 5);
  const px = (v: SweepValue) => area.x + fraction(axis, v) * area.width;
  const py = (y: number) => area.y + area.height - ((y - yt.min) / (yt.max - yt.min)) * area.height;
  const yDecimals = Math.max(0, stepDecimals(yt.step) - 2);
  const label = sweepKeyLabel(key);
  const out = frame(width, height, `Validation accuracy by ${label}`, `sweep-${key}`);
  out.push(`<g data-role="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const v of yt.values)
    out.push(`<line x1="${area.x}" x2="${area.x + area.width}" y1="${r2(py(v))}" y2="${r2(py(v))}"/>`);
  const xTicks = axis.kind === "category" ? axis.categories : axis.ticks;
  for (const v of xTicks)
    out.push(`<line y1="${area.y}" y2="${area.y + area.height}" x1="${r2(px(v))}" x2="${r2(px(v))}"/>`);
  out.push(`</g><g data-role="y-ticks" font-size="12" fill="#444444" text-anchor="end">`);
  for (const v of yt.values)
    out.push(`<text x="${area.x - 8}" y="${r2(py(v) + 4)}">${(v * 100).toFixed(yDecimals)}%</text>`);
  out.push(
    `</g><g data-role="x-ticks" data-scale="${axis.kind}" font-size="12" fill="#444444" text-anchor="middle">`,
  );
  for (const v of xTicks)
    out.push(`<text x="${r2(px(v))}" y="${area.y + area.height + 18}">${esc(tickText(axis, v))}</text>`);
  out.push(
    `</g>`,
    `<rect data-role="plot-area" x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" fill="none" stroke="#9a9a9a" stroke-width="1"/>`,
    `<text data-role="x-label" x="${area.x + area.width / 2}" y="${height - 12}" font-size="13" fill="#222222" text-anchor="middle">${esc(label)}${axis.kind === "log" ? " (log scale)" : ""}</text>`,
    `<text data-role="y-label" transform="translate(18 ${area.y + area.height / 2}) rotate(-90)" font-size="13" fill="#222222" text-anchor="middle">best validation accuracy</text>`,
  );
  if (runs.length === 0)
    out.push(
      `<text x="${area.x + area.width / 2}" y="${area.y + area.height / 2}" font-size="14" fill="#777777" text-anchor="middle">no epoch yet</text>`,
    );
  out.push(`<g data-role="points" stroke="#ffffff" stroke-width="1.5">`);
  for (const r of runs) {
    const best = r.id === manifest.best;
    const acc = r.bestValAccuracy as number;
    out.push(
      `<circle data-run="${esc(r.id)}"${best ? " data-best" : ""} cx="${r2(px(r.values[key]))}" cy="${r2(py(acc))}" r="${best ? 7 : 5.5}" fill="${best ? "#d62728" : "#1f77b4"}" fill-opacity="0.85"><title>${esc(r.id)}: ${pct(acc)} (epoch ${r.bestEpoch})</title></circle>`,
    );
  }
  out.push(`</g>`, `</svg>`);
  return out.join("\n");
}

/** Light yellow to dark blue by `t` in [0, 1]. */
function heat(t: number): string {
  const stops = [
    [255, 247, 188],
    [127, 205, 187],
    [44, 127, 184],
    [37, 52, 148],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i].map((a, k) => Math.round(a + (stops[i + 1][k] - a) * f));
  return `rgb(${c.join(",")})`;
}

/**
 * Best validation accuracy over two swept values: one cell per configuration, coloured and labelled.
 *
 * @param manifest The sweep.
 * @param xKey The swept setting across.
 * @param yKey The swept setting down.
 * @param options Size.
 * @returns A standalone `<svg>`; its cells are `<rect data-role="cell" data-run="<id>">`.
 */
export function renderSweepHeatmapSvg(
  manifest: SweepManifest,
  xKey: string,
  yKey: string,
  options: SvgChartOptions = {},
): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const area = { ...plotArea(width, height), x: 96 };
  area.width = width - area.x - 24;
  const xs = axisFor(
    xKey,
    manifest.runs.map((r) => r.values[xKey]),
    true,
  ) as Extract<Axis, { kind: "category" }>;
  const ys = axisFor(
    yKey,
    manifest.runs.map((r) => r.values[yKey]),
    true,
  ) as Extract<Axis, { kind: "category" }>;
  const cw = area.width / xs.categories.length;
  const ch = area.height / ys.categories.length;
  const runs = measured(manifest);
  const accs = runs.map((r) => r.bestValAccuracy as number);
  const lo = Math.min(...accs);
  const hi = Math.max(...accs);
  const out = frame(
    width,
    height,
    `Validation accuracy by ${sweepKeyLabel(xKey)} and ${sweepKeyLabel(yKey)}`,
    `sweep-heatmap`,
  );
  out.push(`<g data-role="x-ticks" font-size="12" fill="#444444" text-anchor="middle">`);
  for (const [i, v] of xs.categories.entries())
    out.push(
      `<text x="${r2(area.x + (i + 0.5) * cw)}" y="${area.y + area.height + 18}">${esc(tickText(xs, v))}</text>`,
    );
  out.push(`</g><g data-role="y-ticks" font-size="12" fill="#444444" text-anchor="end">`);
  for (const [j, v] of ys.categories.entries())
    out.push(
      `<text x="${area.x - 8}" y="${r2(area.y + (ys.categories.length - j - 0.5) * ch + 4)}">${esc(tickText(ys, v))}</text>`,
    );
  out.push(`</g><g data-role="cells" font-size="12" text-anchor="middle">`);
  for (const r of runs) {
    const i = xs.categories.indexOf(r.values[xKey]);
    const j = ys.categories.indexOf(r.values[yKey]);
    const acc = r.bestValAccuracy as number;
    const t = hi > lo ? (acc - lo) / (hi - lo) : 1;
    const x = area.x + i * cw;
    const y = area.y + (ys.categories.length - j - 1) * ch;
    out.push(
      `<rect data-role="cell" data-run="${esc(r.id)}" x="${r2(x)}" y="${r2(y)}" width="${r2(cw)}" height="${r2(ch)}" fill="${heat(t)}" stroke="#ffffff" stroke-width="${r.id === manifest.best ? 0 : 1}"><title>${esc(r.id)}: ${pct(acc)}</title></rect>`,
      `<text x="${r2(x + cw / 2)}" y="${r2(y + ch / 2 + 4)}" fill="${t > 0.55 ? "#ffffff" : "#1a1a1a"}"${r.id === manifest.best ? ' font-weight="700"' : ""}>${pct(acc)}</text>`,
    );
  }
  out.push(
    `</g>`,
    `<text data-role="x-label" x="${area.x + area.width / 2}" y="${height - 12}" font-size="13" fill="#222222" text-anchor="middle">${esc(sweepKeyLabel(xKey))}</text>`,
    `<text data-role="y-label" transform="translate(18 ${area.y + area.height / 2}) rotate(-90)" font-size="13" fill="#222222" text-anchor="middle">${esc(sweepKeyLabel(yKey))}</text>`,
    `</svg>`,
  );
  return out.join("\n");
}

/**
 * Every configuration's validation accuracy or loss per epoch, overlaid (no legend: the colours are
 * {@link runColor}'s, listed by the report's table).
 *
 * @param manifest The sweep.
 * @param logs Each configuration's run-log records, by id.
 * @param metric `"valAccuracy"` or `"valLoss"`.
 * @param options Size.
 * @returns A standalone `<svg>` with one `<g data-series="<id>">` per configuration.
 */
export function renderSweepCurvesSvg(
  manifest: SweepManifest,
  logs: ReadonlyMap<string, readonly RunLogRecord[]>,
  metric: "valAccuracy" | "valLoss",
  options: SvgChartOptions = {},
): string {
  const epochsOf = (id: string) => (logs.get(id) ?? []).flatMap((r) => (r.type === "epoch" ? [r] : []));
  const last = Math.max(1, ...manifest.runs.flatMap((r) => epochsOf(r.id).map((e) => e.epoch)));
  const x = Array.from({ length: last }, (_, i) => i + 1);
  const series = manifest.runs.map((r, i) => {
    const values: ChartValue[] = x.map(() => null);
    for (const e of epochsOf(r.id)) {
      const v = e[metric];
      if (v !== undefined && Number.isFinite(v)) values[e.epoch - 1] = v;
    }
    return { label: r.id, color: runColor(i, manifest.runs.length), values };
  });
  const accuracy = metric === "valAccuracy";
  return renderChartSvg(
    {
      kind: accuracy ? "accuracy" : "loss",
      title: accuracy ? "Validation accuracy per epoch" : "Validation loss per epoch",
      xLabel: "epoch",
      yLabel: accuracy ? "validation accuracy" : "validation loss",
      yFormat: accuracy ? "percent" : "number",
      x,
      series,
    },
    { ...options, legend: false },
  );
}
