/**
 * `@mnist/metrics/report`: the self-contained HTML report of a run (uPlot and data inlined; works
 * offline from `file://`).
 *
 * Runtime-neutral.
 * @module
 */

export { UPLOT_VERSION } from "./_uplot_assets.ts";
export { type ReportOptions, renderReportHtml } from "./render_report_html.ts";
