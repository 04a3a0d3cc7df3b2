/**
 * A small SVG chart renderer: axes, ticks, grid, axis labels, legend and one polyline per series,
 * as a string, with no DOM. All text is escaped.
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup } from "../_format.ts";
import type { ChartData, ChartSeries, ChartValue } from "../run_series.ts";
import { niceTicks, stepDecimals } from "./_ticks.ts";

/** Size and font of an SVG chart. */
export interface SvgChartOptions {
  /** Width in pixels (default 640). */
  readonly width?: number;
  /** Height in pixels (default 400). */
  readonly height?: number;
  /** CSS font family (default a system sans-serif stack). */
  readonly fontFamily?: string;
}

/** Height of one legend row, in SVG user units. */
const LEGEND_ROW = 20;

/**
 * The plot rectangle of a chart of the given size, in SVG user units.
 *
 * @param width The chart's width.
 * @param height The chart's height.
 * @param legendRows Rows the legend takes (default 1); each further row moves the plot down.
 * @returns The rectangle.
 */
export function plotArea(
  width: number,
  height: number,
  legendRows = 1,
): { x: number; y: number; width: number; height: number } {
  const left = 72;
  const right = 24;
  const top = 62 + (legendRows - 1) * LEGEND_ROW;
  const bottom = 54;
  return { x: left, y: top, width: width - left - right, height: height - top - bottom };
}

/** Series with at most this many points get a marker on every point. */
const MARKER_LIMIT = 60;

const r2 = (v: number) => String(Math.round(v * 100) / 100);

function extent(values: Iterable<ChartValue | number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function formatTick(v: number, decimals: number, percent: boolean): string {
  if (percent) return `${(v * 100).toFixed(Math.max(0, decimals - 2))}%`;
  const a = Math.abs(v);
  if (v !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(1);
  return v.toFixed(decimals);
}

/**
 * Indices to draw for a series: all of them, or for dense series the first, minimum, maximum and
 * last point of each pixel column, which keeps the visible envelope.
 */
function visibleIndices(
  xs: readonly number[],
  ys: readonly ChartValue[],
  toPx: (x: number) => number,
  budget: number,
): number[] {
  const n = Math.min(xs.length, ys.length);
  if (n <= budget) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  let col = Number.NaN;
  let lo = -1;
  let hi = -1;
  let first = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    const set = [...new Set([first, lo, hi, last])].sort((a, b) => a - b);
    out.push(...set);
  };
  for (let i = 0; i < n; i++) {
    const y = ys[i];
    if (y === null) {
      flush();
      first = -1;
      out.push(i);
      col = Number.NaN;
      continue;
    }
    const c = Math.floor(toPx(xs[i]));
    if (c !== col || first < 0) {
      flush();
      col = c;
      first = lo = hi = last = i;
    } else {
      if (y < (ys[lo] as number)) lo = i;
      if (y > (ys[hi] as number)) hi = i;
      last = i;
    }
  }
  flush();
  return out;
}

/** ` stroke-dasharray="…"` for a dashed series; nothing for a solid one. */
function dashAttribute(dash: readonly number[] | undefined): string {
  return dash && dash.length > 0 ? ` stroke-dasharray="${dash.map(r2).join(" ")}"` : "";
}

/** Where each legend entry goes: left to right from `left`, a new row when one would pass `right`. */
function legendLayout(
  series: readonly ChartSeries[],
  left: number,
  right: number,
): { rows: number; at: { x: number; row: number }[] } {
  const at: { x: number; row: number }[] = [];
  let x = left;
  let row = 0;
  for (const s of series) {
    const w = 28 + 7.5 * s.label.length;
    if (x > left && x + w > right) {
      x = left;
      row++;
    }
    at.push({ x, row });
    x += w + 24;
  }
  return { rows: row + 1, at };
}

/**
 * Renders one chart as an SVG document.
 *
 * @param data The chart (see `chartData`).
 * @param options Size and font.
 * @returns A standalone `<svg>` string.
 * @example
 * ```ts
 * import { renderChartSvg } from "@mnist/metrics/svg";
 * const svg = renderChartSvg({
 *   kind: "loss", title: "Loss", xLabel: "epoch", yLabel: "loss", yFormat: "number", x: [1, 2],
 *   series: [{ label: "train", color: "#00f", values: [0.5, 0.4] }],
 * });
 * if (!svg.startsWith("<svg")) throw new Error(svg);
 * ```
 */
export function renderChartSvg(data: ChartData, options: SvgChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const font = options.fontFamily ?? "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
  const legend = legendLayout(data.series, 72, width - 24);
  const area = plotArea(width, height, legend.rows);
  const percent = data.yFormat === "percent";
  const integerX = data.x.every((x) => Number.isInteger(x));

  const [xlo, xhi] = extent(data.x);
  const [ylo, yhi] = extent(data.series.flatMap((s) => s.values));
  const empty = !Number.isFinite(ylo);
  const xt = niceTicks(xlo, xhi, Math.max(2, Math.floor(area.width / 80)), integerX);
  const yt = niceTicks(empty ? 0 : ylo, empty ? 1 : yhi, Math.max(2, Math.floor(area.height / 50)));
  const px = (x: number) => area.x + ((x - xt.min) / (xt.max - xt.min)) * area.width;
  const py = (y: number) => area.y + area.height - ((y - yt.min) / (yt.max - yt.min)) * area.height;
  const xDecimals = stepDecimals(xt.step);
  const yDecimals = stepDecimals(yt.step);

  const out: string[] = [];
  const title = escapeMarkup(data.title);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${escapeMarkup(font)}" data-chart="${escapeMarkup(data.kind)}">`,
    `<title>${title}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${area.x}" y="26" font-size="17" font-weight="600" fill="#1a1a1a" data-role="title">${title}</text>`,
  );

  // Legend: one swatch and label per series, left to right under the title, wrapping when full.
  out.push(`<g data-role="legend" font-size="13" fill="#333333">`);
  data.series.forEach((s, i) => {
    const label = escapeMarkup(s.label);
    const { x: lx, row } = legend.at[i];
    const y = 45 + row * LEGEND_ROW;
    out.push(
      `<line x1="${lx}" y1="${y}" x2="${lx + 22}" y2="${y}" stroke="${escapeMarkup(s.color)}" stroke-width="3" stroke-linecap="round"${dashAttribute(s.dash)}/>`,
      `<text x="${lx + 28}" y="${y + 4.5}">${label}</text>`,
    );
  });
  out.push(`</g>`);

  // Grid and ticks.
  out.push(`<g data-role="grid" stroke="#e6e6e6" stroke-width="1">`);
  for (const v of yt.values)
    out.push(`<line x1="${area.x}" x2="${area.x + area.width}" y1="${r2(py(v))}" y2="${r2(py(v))}"/>`);
  for (const v of xt.values)
    out.push(`<line y1="${area.y}" y2="${area.y + area.height}" x1="${r2(px(v))}" x2="${r2(px(v))}"/>`);
  out.push(`</g>`);
  out.push(`<g data-role="y-ticks" font-size="12" fill="#444444" text-anchor="end">`);
  for (const v of yt.values)
    out.push(`<text x="${area.x - 8}" y="${r2(py(v) + 4)}">${formatTick(v, yDecimals, percent)}</text>`);
  out.push(`</g><g data-role="x-ticks" font-size="12" fill="#444444" text-anchor="middle">`);
  for (const v of xt.values)
    out.push(
      `<text x="${r2(px(v))}" y="${area.y + area.height + 18}">${formatTick(v, xDecimals, false)}</text>`,
    );
  out.push(`</g>`);
  out.push(
    `<rect data-role="plot-area" x="${area.x}" y="${area.y}" width="${area.width}" height="${area.height}" fill="none" stroke="#9a9a9a" stroke-width="1"/>`,
    `<text data-role="x-label" x="${area.x + area.width / 2}" y="${height - 12}" font-size="13" fill="#222222" text-anchor="middle">${escapeMarkup(data.xLabel)}</text>`,
    `<text data-role="y-label" transform="translate(18 ${area.y + area.height / 2}) rotate(-90)" font-size="13" fill="#222222" text-anchor="middle">${escapeMarkup(data.yLabel)}</text>`,
  );
  if (empty) {
    out.push(
      `<text x="${area.x + area.width / 2}" y="${area.y + area.height / 2}" font-size="14" fill="#777777" text-anchor="middle">no data yet</text>`,
    );
  }

  // Series: a path broken at gaps, plus markers when there are few points.
  for (const s of data.series) {
    const color = escapeMarkup(s.color);
    const idx = visibleIndices(data.x, s.values, px, Math.max(2, area.width * 2));
    let d = "";
    let pen = false;
    const markers: string[] = [];
    for (const i of idx) {
      const y = s.values[i];
      if (y === null) {
        pen = false;
        continue;
      }
      const x = r2(px(data.x[i]));
      const yy = r2(py(y));
      d += `${pen ? "L" : "M"}${x} ${yy}`;
      pen = true;
      markers.push(`<circle cx="${x}" cy="${yy}" r="3.5"/>`);
    }
    const points = s.values.filter((v) => v !== null).length;
    out.push(
      `<g data-series="${escapeMarkup(s.label)}" data-points="${points}">`,
      `<path d="${d}" fill="none" stroke="${color}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"${dashAttribute(s.dash)}/>`,
    );
    if (points <= MARKER_LIMIT)
      out.push(`<g fill="${color}" stroke="#ffffff" stroke-width="1">${markers.join("")}</g>`);
    out.push(`</g>`);
  }
  out.push(`</svg>`);
  return out.join("\n");
}
