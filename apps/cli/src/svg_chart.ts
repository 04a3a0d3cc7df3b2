/**
 * Headless SVG line charts (accuracy and loss against epoch, train against test) and a self-contained
 * HTML report.
 *
 * Thin CLI-side version: `@mnist/metrics/svg` does not exist yet; swap this for it when it lands.
 * @module
 */
import type { EpochRecord } from "@mnist/metrics";

interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly number[];
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** Renders one line chart as an SVG document. */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  x: readonly number[];
  series: readonly Series[];
  format?: (y: number) => string;
}): string {
  const W = 640;
  const H = 400;
  const m = { left: 70, right: 20, top: 40, bottom: 60 };
  const { x, series } = options;
  const fmt = options.format ?? ((y: number) => String(y));
  const ys = series.flatMap((s) => s.values).filter(Number.isFinite);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const x0 = Math.min(...x, 0);
  const x1 = Math.max(...x, 1);
  const px = (v: number) => m.left + ((v - x0) / (x1 - x0)) * (W - m.left - m.right);
  const py = (v: number) => H - m.bottom - ((v - lo) / (hi - lo)) * (H - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>`,
  ];
  for (const t of niceTicks(lo, hi)) {
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.left - 6}" y="${py(t) + 4}" text-anchor="end">${esc(fmt(t))}</text>`);
  }
  for (const t of niceTicks(x0, x1, Math.min(10, x1 - x0)).filter(Number.isInteger)) {
    parts.push(`<text x="${px(t)}" y="${H - m.bottom + 18}" text-anchor="middle">${t}</text>`);
  }
  parts.push(
    `<rect class="plot-area" x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#444"/>`,
    `<text x="${(m.left + W - m.right) / 2}" y="${H - 22}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text transform="translate(18 ${(m.top + H - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const pts = s.values.map((v, j) => `${px(x[j]).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
    parts.push(
      `<polyline class="series" data-label="${esc(s.label)}" fill="none" stroke="${s.color}" stroke-width="2" points="${pts}"/>`,
    );
    for (let j = 0; j < s.values.length; j++) {
      parts.push(
        `<circle cx="${px(x[j]).toFixed(1)}" cy="${py(s.values[j]).toFixed(1)}" r="3" fill="${s.color}"/>`,
      );
    }
    const ly = m.top + 16 + i * 18;
    parts.push(
      `<line x1="${W - m.right - 110}" x2="${W - m.right - 90}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"/>`,
    );
    parts.push(`<text x="${W - m.right - 84}" y="${ly}">${esc(s.label)}</text>`);
  });
  parts.push("</svg>\n");
  return parts.join("\n");
}

/** The tutorial's two charts: accuracy and loss against epoch, train against test. */
export function epochCharts(epochs: readonly EpochRecord[]): { accuracy: string; loss: string } {
  const x = epochs.map((e) => e.epoch);
  const pct = (y: number) => `${(y * 100).toFixed(1)}%`;
  return {
    accuracy: lineChart({
      title: "Accuracy",
      xLabel: "epoch",
      yLabel: "accuracy",
      x,
      format: pct,
      series: [
        { label: "train", color: "#1f77b4", values: epochs.map((e) => e.trainAccuracy) },
        { label: "test", color: "#ff7f0e", values: epochs.map((e) => e.testAccuracy) },
      ],
    }),
    loss: lineChart({
      title: "Loss",
      xLabel: "epoch",
      yLabel: "mean loss",
      x,
      format: (y) => y.toPrecision(3),
      series: [
        { label: "train", color: "#1f77b4", values: epochs.map((e) => e.trainLoss) },
        { label: "test", color: "#ff7f0e", values: epochs.map((e) => e.testLoss) },
      ],
    }),
  };
}

/** A self-contained HTML report (charts inlined, works offline from `file://`). */
export function htmlReport(title: string, config: unknown, epochs: readonly EpochRecord[]): string {
  const charts = epochCharts(epochs);
  const rows = epochs
    .map(
      (e) =>
        `<tr><td>${e.epoch}</td><td>${(e.trainAccuracy * 100).toFixed(2)}%</td><td>${e.trainLoss.toFixed(5)}</td><td>${(e.testAccuracy * 100).toFixed(2)}%</td><td>${e.testLoss.toFixed(5)}</td><td>${e.seconds.toFixed(2)}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1400px}td,th{padding:2px 10px;text-align:right}pre{background:#f4f4f4;padding:1em}</style>
</head><body>
<h1>${esc(title)}</h1>
<div>${charts.accuracy}${charts.loss}</div>
<table><thead><tr><th>epoch</th><th>train acc</th><th>train loss</th><th>test acc</th><th>test loss</th><th>seconds</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>Configuration</h2><pre>${esc(JSON.stringify(config, null, 2))}</pre>
</body></html>
`;
}
