/**
 * `@mnist/metrics/report`: the self-contained HTML report of a run, and the comparison of several runs
 * (uPlot and data inlined; works offline from `file://`).
 *
 * @example
 * ```ts
 * import { parseRunLog } from "@mnist/metrics";
 * import { renderReportHtml } from "@mnist/metrics/report";
 * const log = parseRunLog(
 *   '{"type":"run-start","version":"1.0","time":"t","config":{},"seed":1,"backend":"cpu"}\n' +
 *     '{"type":"epoch","epoch":1,"trainAccuracy":0.9,"testAccuracy":0.91,"trainLoss":0.3,"testLoss":0.29,"seconds":2}\n',
 * );
 * const html = renderReportHtml(log.records);
 * console.log(html.startsWith("<!doctype html>")); // true
 * ```
 *
 * Runtime-neutral.
 * @module
 */

export { UPLOT_VERSION } from "./_uplot_assets.ts";
export {
  type ComparisonOptions,
  type ComparisonRun,
  renderComparisonHtml,
} from "./render_comparison_html.ts";
export { type ReportOptions, renderReportHtml } from "./render_report_html.ts";
