/**
 * The frame every HTML report shares: head, stylesheet, the inlined uPlot and the chart script, and
 * the escaping that keeps a log from injecting markup or script (text escaped; data as JSON in a
 * non-executed script element with `<` escaped).
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup as esc } from "../_format.ts";
import type { ChartData } from "../run_series.ts";
import { REPORT_SCRIPT } from "./_report_script.ts";
import { UPLOT_CSS, UPLOT_JS, UPLOT_LICENSE, UPLOT_VERSION } from "./_uplot_assets.ts";

/** Makes text safe inside a `<script>` element (JSON or JS): no `</script`, `<!--` or `<script`. */
export function scriptSafe(text: string): string {
  return text.replace(/<(\/?script|!--)/gi, "\\x3C$1");
}

/** JSON for a `<script type="application/json">` element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** A two-column key/value table, every cell escaped. */
export function kvTable(rows: [string, string][]): string {
  return `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join("")}</table>`;
}

/** The stylesheet of the reports. */
export const REPORT_STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1a1a1a;background:#f6f7f9;margin:0}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 2px}h2{font-size:16px;margin:0 0 8px}
.sub{color:#555;margin:0 0 18px}
section{background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:16px;margin:0 0 16px}
.summary,.confusion{display:flex;gap:32px;flex-wrap:wrap}
.summary.failed{border-color:#e0562b}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:16px;background:none;border:0;padding:0}
.charts figure{margin:0;background:#fff;border:1px solid #e2e4e8;border-radius:8px;padding:12px}
.charts figcaption{font-weight:600;margin:0 0 6px}
table{border-collapse:collapse}
.kv th{text-align:left;font-weight:500;color:#555;padding:2px 16px 2px 0;vertical-align:top}
.kv td{padding:2px 0;word-break:break-all;max-width:520px}
.grid th,.grid td{border:1px solid #e2e4e8;padding:4px 8px}
.grid thead th{background:#f0f2f5}
.num td{text-align:right;font-variant-numeric:tabular-nums}
.cm td{text-align:right;min-width:44px;font-variant-numeric:tabular-nums}
.cm .corner{font-weight:400;color:#555;font-size:12px}
footer{color:#777;font-size:12px}
`;

/** What goes into a report page. */
export interface ReportPage {
  /** The page title (escaped here). */
  readonly title: string;
  /** Extra CSS after the shared stylesheet. */
  readonly style?: string;
  /** The content of `<main>`, already escaped. */
  readonly main: string;
  /** The charts the script draws, each into `[data-chart="kind"] .chart`. */
  readonly charts: readonly ChartData[];
  /**
   * Leave a legend entry's value empty while the cursor is off the chart, instead of "–" (for labels
   * that carry their own last value).
   */
  readonly quietLegend?: boolean;
}

/**
 * A complete, self-contained report document.
 *
 * @param page Title, content and charts.
 * @returns The HTML.
 */
export function reportPage(page: ReportPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@mnist/metrics">
<title>${esc(page.title)}</title>
<style>${scriptSafe(UPLOT_CSS)}</style>
<style>${REPORT_STYLE}${page.style ?? ""}</style>
</head>
<body>
<main>
${page.main}
<footer>Charts drawn with uPlot ${esc(UPLOT_VERSION)} (MIT licence, inlined below). Drag across a chart to zoom, double-click to reset.</footer>
</main>
<script type="application/json" id="run-data">${jsonForScript(page.quietLegend ? { charts: page.charts, quietLegend: true } : { charts: page.charts })}</script>
<script>/*! uPlot ${UPLOT_VERSION}\n${scriptSafe(UPLOT_LICENSE.replace(/\*\//g, "* /"))}\n*/\n${scriptSafe(UPLOT_JS)}</script>
<script>${scriptSafe(REPORT_SCRIPT)}</script>
</body>
</html>
`;
}
