/**
 * The HTML report of a sweep: one self-contained file of inline SVG (no script) — validation
 * accuracy against each swept value, a heat map when two are swept, every configuration's curves
 * overlaid, and a table linking each configuration's own run report. All text is escaped.
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup as esc, formatNumber, formatPercent } from "../_format.ts";
import type { RunLogRecord } from "../run_log.ts";
import {
  renderSweepCurvesSvg,
  renderSweepHeatmapSvg,
  renderSweepScatterSvg,
  runColor,
  sweepKeyLabel,
} from "./sweep_charts.ts";
import type { SweepManifest, SweepValue } from "./sweep_manifest.ts";

/** Options of {@link renderSweepReportHtml}. */
export interface SweepReportOptions {
  /** Where the sweep came from, shown under the title (e.g. the sweep directory). */
  readonly source?: string;
}

function value(v: SweepValue | undefined): string {
  return typeof v === "number" ? formatNumber(v, 6) : (v ?? "–");
}

function settings(manifest: SweepManifest): [string, string][] {
  const best = manifest.runs.find((r) => r.id === manifest.best);
  const done = manifest.runs.filter((r) => r.status === "done").length;
  const d = manifest.dataset;
  return [
    ["started", manifest.time],
    [
      "configurations",
      `${manifest.runs.length} (${manifest.mode === "grid" ? "grid" : `random, sweep seed ${manifest.sweepSeed ?? "?"}`}); ${done} done`,
    ],
    ["swept", manifest.keys.map(sweepKeyLabel).join(", ") || "nothing"],
    ...(d ? [["data", `${d.name} (${d.dir})`] as [string, string]] : []),
    [
      "validation",
      `${manifest.validation.count} training images held out, chosen by each configuration's seed`,
    ],
    [
      "best",
      best === undefined
        ? "none yet"
        : `${best.id}: ${formatPercent(best.bestValAccuracy ?? Number.NaN)} validation accuracy (epoch ${best.bestEpoch})`,
    ],
  ];
}

function runsTable(manifest: SweepManifest, logs: ReadonlyMap<string, readonly RunLogRecord[]>): string {
  const head = [
    "",
    "configuration",
    ...manifest.keys.map(sweepKeyLabel),
    "best val acc",
    "best epoch",
    "val loss there",
    "test acc there",
    "status",
  ];
  const rows = manifest.runs.map((r, i) => {
    const there = (logs.get(r.id) ?? []).find((x) => x.type === "epoch" && x.epoch === r.bestEpoch);
    const test = there?.type === "epoch" ? formatPercent(there.testAccuracy) : "–";
    const cells = [
      `<span class="swatch" style="background:${runColor(i, manifest.runs.length)}"></span>`,
      `<a href="${esc(encodeURI(`${r.dir}/report.html`))}">${esc(r.id)}</a>`,
      ...manifest.keys.map((k) => esc(value(r.values[k]))),
      esc(r.bestValAccuracy === null ? "–" : formatPercent(r.bestValAccuracy)),
      esc(r.bestEpoch === null ? "–" : String(r.bestEpoch)),
      esc(r.bestValLoss === undefined || r.bestValLoss === null ? "–" : formatNumber(r.bestValLoss, 5)),
      esc(test),
      esc(r.status + (r.message ? `: ${r.message}` : "")),
    ];
    return `<tr${r.id === manifest.best ? ' class="best"' : ""} data-run="${esc(r.id)}">${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  return `<table class="runs"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/**
 * Renders a sweep's report.
 *
 * @param manifest The sweep's `sweep.json`.
 * @param logs Each configuration's run-log records, by id (e.g. from `parseSweepLog`).
 * @param options Where it came from.
 * @returns A complete HTML document.
 * @example
 * ```ts
 * import { renderSweepReportHtml } from "@mnist/metrics/sweep";
 * const html = renderSweepReportHtml({ format: "mnist-sweep", version: "1.0", time: "t", mode: "grid", keys: ["lr"],
 *   validation: { count: 100 }, runs: [], best: null }, new Map());
 * if (!html.startsWith("<!doctype html>")) throw new Error(html);
 * ```
 */
export function renderSweepReportHtml(
  manifest: SweepManifest,
  logs: ReadonlyMap<string, readonly RunLogRecord[]>,
  options: SweepReportOptions = {},
): string {
  const charts: string[] = manifest.keys.map((k) => renderSweepScatterSvg(manifest, k));
  if (manifest.keys.length === 2)
    charts.push(renderSweepHeatmapSvg(manifest, manifest.keys[0], manifest.keys[1]));
  charts.push(
    renderSweepCurvesSvg(manifest, logs, "valAccuracy"),
    renderSweepCurvesSvg(manifest, logs, "valLoss"),
  );
  const title = `Sweep report${manifest.dataset ? ` — ${manifest.dataset.name}` : ""}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1320px; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
.source { color: #666; margin-top: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.25rem 0.75rem 0.25rem 0; border-bottom: 1px solid #eee; }
table.runs td { font-variant-numeric: tabular-nums; }
tr.best td { font-weight: 600; background: #fff4e5; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 2px; vertical-align: middle; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.charts svg { box-sizing: border-box; width: calc(50% - 0.5rem); min-width: 320px; height: auto; border: 1px solid #eee; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${options.source === undefined ? "" : `<p class="source">${esc(options.source)}</p>`}
<table class="kv">${settings(manifest)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
    .join("")}</table>
<div class="charts">
${charts.join("\n")}
</div>
<h2>Configurations</h2>
${runsTable(manifest, logs)}
</body>
</html>
`;
}
