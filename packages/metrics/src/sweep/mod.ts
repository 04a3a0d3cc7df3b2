/**
 * `@mnist/metrics/sweep`: a sweep's manifest (`sweep.json`), its combined log (`sweep.jsonl`, every
 * configuration's run-log records tagged with `"run"`), its charts as SVG and its HTML report.
 *
 * @example
 * ```ts
 * import { parseSweepLog, renderSweepReportHtml, parseSweepManifest } from "@mnist/metrics/sweep";
 * const manifest = parseSweepManifest(JSON.stringify({ format: "mnist-sweep", version: "1.0", time: "t",
 *   mode: "grid", keys: ["lr"], validation: { count: 100 }, runs: [] }));
 * const logs = new Map([...parseSweepLog("")].map(([id, log]) => [id, log.records]));
 * console.log(renderSweepReportHtml(manifest, logs).startsWith("<!doctype html>")); // true
 * ```
 *
 * Runtime-neutral.
 * @module
 */

export { renderSweepReportHtml, type SweepReportOptions } from "./render_sweep_report.ts";
export {
  renderSweepCurvesSvg,
  renderSweepHeatmapSvg,
  renderSweepScatterSvg,
  runColor,
  SWEEP_KEY_LABELS,
  sweepKeyLabel,
} from "./sweep_charts.ts";
export { formatSweepRecord, parseSweepLog, tagRunLogLine } from "./sweep_log.ts";
export {
  bestRun,
  parseSweepManifest,
  SWEEP_FORMAT,
  SWEEP_VERSION,
  type SweepManifest,
  type SweepRun,
  type SweepRunStatus,
  type SweepValue,
} from "./sweep_manifest.ts";
