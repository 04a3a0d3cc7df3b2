/**
 * The HTML comparison of several runs: one self-contained file like the run report, with the runs'
 * accuracy and loss overlaid (one colour per run, train solid, test dashed), their configurations
 * side by side with the differing keys highlighted, and their final metrics side by side. Runs on
 * different data are compared all the same, under a banner that says so.
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup as esc } from "../_format.ts";
import {
  type ComparedRun,
  compareRunLogs,
  type NamedRunLog,
  type RunComparison,
} from "../compare/compare_runs.ts";
import { COMPARISON_CHART_KINDS, comparisonChartData } from "../compare/comparison_chart_data.ts";
import { configSummary, configValueText, finalMetricRows } from "../compare/comparison_tables.ts";
import { renderChartSvg } from "../svg/render_chart_svg.ts";
import { reportPage } from "./_page.ts";

/** A run to compare, with where it came from. */
export interface ComparisonRun extends NamedRunLog {
  /** Where the log came from (e.g. the run directory), shown beside its name. */
  readonly source?: string;
}

/** Options of {@link renderComparisonHtml}. */
export interface ComparisonOptions {
  /** Page title (default "Comparison of N runs", prefixed with the data when all runs share it). */
  readonly title?: string;
}

const STYLE = `
.charts{grid-template-columns:repeat(auto-fit,minmax(min(460px,100%),1fr))}
.banner{background:#fff4d6;border:1px solid #d9a400;border-radius:8px;padding:10px 14px;margin:0 0 16px;font-weight:500}
.scroll{overflow-x:auto}
.side th,.side td{white-space:nowrap}
.side tbody th{text-align:left;font-weight:500;position:sticky;left:0;background:#fff}
.side thead th{text-align:left}
.swatch{display:inline-block;width:22px;height:0;border-top:3px solid;vertical-align:middle;margin-right:6px}
tr.differs th,tr.differs td{background:#fff1c2}
tr.differs th::after{content:" ≠";color:#8a5a00;font-weight:700}
td.best{font-weight:700}
.runs li{margin:2px 0}
.charts .u-legend .u-series:first-child{display:none}
@media (max-width:560px){main{padding:12px}}
`;

function runHeader(runs: readonly ComparedRun[], first: string): string {
  const cells = runs
    .map(
      (r) =>
        `<th scope="col"><span class="swatch" style="border-color:${esc(r.color)}"></span>${esc(r.name)}</th>`,
    )
    .join("");
  return `<thead><tr><th scope="col">${esc(first)}</th>${cells}</tr></thead>`;
}

function configTable(c: RunComparison): string {
  const rows = c.config
    .map(
      (row) =>
        `<tr${row.differs ? ' class="differs" data-differs="true"' : ""} data-key="${esc(row.key)}"><th scope="row">${esc(row.key)}</th>${row.values.map((v) => `<td>${esc(configValueText(v))}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<section><h2>Configuration</h2><p class="sub">${esc(configSummary(c))}</p><div class="scroll"><table class="grid side" data-role="config">${runHeader(c.runs, "setting")}<tbody>${rows}</tbody></table></div></section>`;
}

function metricsTable(c: RunComparison): string {
  const rows = finalMetricRows(c)
    .map((row) => {
      const cells = row.cells
        .map((text, i) => `<td${row.best[i] ? ' class="best"' : ""}>${esc(text)}</td>`)
        .join("");
      return `<tr data-metric="${esc(row.label)}"><th scope="row">${esc(row.label)}</th>${cells}</tr>`;
    })
    .join("");
  return `<section><h2>Final metrics</h2><p class="sub">The best value of each row is in bold.</p><div class="scroll"><table class="grid side num" data-role="finals">${runHeader(c.runs, "metric")}<tbody>${rows}</tbody></table></div></section>`;
}

function runList(c: RunComparison, sources: readonly (string | undefined)[]): string {
  const items = c.runs
    .map((r, i) => {
      const what = [sources[i], r.dataset ?? "data not recorded", r.start?.time].filter(Boolean).join(" · ");
      return `<li data-run="${esc(r.name)}"><span class="swatch" style="border-color:${esc(r.color)}"></span><strong>${esc(r.name)}</strong> — ${esc(what)}</li>`;
    })
    .join("");
  return `<section><h2>Runs</h2><ul class="runs">${items}</ul><p class="sub">In the charts each run has its colour; train is drawn solid, validation dotted, test dashed. Each legend entry ends with the series' last value.</p></section>`;
}

/**
 * Renders the comparison of several runs as one self-contained HTML file.
 *
 * @param runs The runs, each with a name, its records and optionally where it came from.
 * @param options The page title.
 * @returns A complete HTML document with no external references.
 * @throws {RangeError} When `runs` is empty.
 * @example
 * ```ts
 * import { renderComparisonHtml } from "@mnist/metrics/report";
 * const run = (lr: number, acc: number) => [
 *   { type: "run-start", version: "1.2", time: "2024-01-01T00:00:00Z", config: { lr }, seed: 0, backend: "cpu" } as const,
 *   { type: "epoch", epoch: 1, trainAccuracy: acc, testAccuracy: acc, trainLoss: 0.3, testLoss: 0.3, seconds: 1 } as const,
 * ];
 * const html = renderComparisonHtml([{ name: "a", records: run(0.1, 0.8) }, { name: "b", records: run(0.5, 0.9) }]);
 * if (!html.includes('data-key="lr"')) throw new Error("no lr row");
 * ```
 */
export function renderComparisonHtml(
  runs: readonly ComparisonRun[],
  options: ComparisonOptions = {},
): string {
  const c = compareRunLogs(runs);
  const shared = c.sameData ? c.runs[0].dataset : undefined;
  const count = `Comparison of ${c.runs.length} run${c.runs.length === 1 ? "" : "s"}`;
  const title = options.title ?? (shared === undefined ? count : `${shared}: ${count.toLowerCase()}`);
  const charts = COMPARISON_CHART_KINDS.map((k) => comparisonChartData(c, k));
  const figures = charts
    .map(
      (chart) =>
        `<figure data-chart="${chart.kind}"><div class="chart"><noscript>${renderChartSvg(chart, { width: 540, height: 360 })}</noscript></div></figure>`,
    )
    .join("\n");
  const banner =
    c.dataNote === undefined
      ? ""
      : `<p class="banner" role="note" data-role="data-note">${esc(c.dataNote)}</p>`;
  const main = `<h1>${esc(title)}</h1>
<p class="sub">${esc(c.runs.map((r) => r.name).join(" · "))}</p>
${banner}
${runList(
  c,
  runs.map((r) => r.source),
)}
<section class="charts">
${figures}
</section>
${metricsTable(c)}
${configTable(c)}`;
  return reportPage({ title, style: STYLE, main, charts, quietLegend: true });
}
