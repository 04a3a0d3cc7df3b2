/**
 * The HTML report of a run: one self-contained file (uPlot, its stylesheet and the data inlined) that
 * works offline from `file://`. Every piece of text from the log is escaped; the data travels as JSON
 * in a non-executed script element with `<` escaped, so a log cannot inject markup or script.
 *
 * Runtime-neutral.
 * @module
 */

import { escapeMarkup as esc, formatNumber, formatPercent } from "../_format.ts";
import { ConfusionMatrix } from "../confusion_matrix.ts";
import { classNamesOf, datasetLabel } from "../dataset_label.ts";
import type { EpochRecord, RunEndRecord, RunLogRecord, RunStartRecord } from "../run_log.ts";
import { CHART_KINDS, chartData, hasPoints, RunSeries } from "../run_series.ts";
import { endedStatus, INTERRUPTED_MESSAGE } from "../run_summary.ts";
import { renderChartSvg } from "../svg/render_chart_svg.ts";
import { kvTable, reportPage } from "./_page.ts";

/** Options of {@link renderReportHtml}. */
export interface ReportOptions {
  /** Page title (default "<dataset> run report", e.g. "Fashion-MNIST run report"; "Run report" when the log does not name its data). */
  readonly title?: string;
  /** Where the log came from, shown under the title (e.g. the run directory). */
  readonly source?: string;
}

function shortJson(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function summary(records: readonly RunLogRecord[], epochs: EpochRecord[]): string {
  const start = records.find((r): r is RunStartRecord => r.type === "run-start");
  const end = records.find((r): r is RunEndRecord => r.type === "run-end");
  const last = epochs.at(-1);
  const best = epochs.reduce<EpochRecord | undefined>(
    (b, e) => (b === undefined || e.testAccuracy > b.testAccuracy ? e : b),
    undefined,
  );
  const ended = endedStatus(records);
  const status =
    ended.message === null
      ? ended.status === "finished"
        ? "finished"
        : "interrupted (no run-end record)"
      : ended.status === "interrupted"
        ? `interrupted by Ctrl-C${ended.message.slice(INTERRUPTED_MESSAGE.length)}`
        : `failed: ${ended.message}`;
  const finalAccuracy =
    end && Number.isFinite(end.testAccuracy) ? end.testAccuracy : (last?.testAccuracy ?? NaN);
  const bestVal = epochs.reduce<EpochRecord | undefined>(
    (b, e) =>
      e.valAccuracy !== undefined && (b === undefined || e.valAccuracy > (b.valAccuracy ?? -1)) ? e : b,
    undefined,
  );
  // Rows a validation split or an early stop adds; a run without one reports as before.
  const validation: [string, string][] = [
    ...(bestVal
      ? [
          [
            "best validation accuracy",
            `${formatPercent(bestVal.valAccuracy ?? NaN)} (epoch ${bestVal.epoch})`,
          ] as [string, string],
        ]
      : []),
    ...(end?.keptEpoch !== undefined
      ? [["final model", `epoch ${end.keptEpoch} (best validation accuracy)`] as [string, string]]
      : []),
    ...(end?.stopped !== undefined ? [["stopped early", end.stopped] as [string, string]] : []),
  ];
  const rows: [string, string][] = [
    ["status", status],
    ["started", start?.time ?? "–"],
    ["duration", end ? `${formatNumber(end.seconds, 3)} s` : "–"],
    ["epochs", String(epochs.length)],
    ["final test accuracy", formatPercent(finalAccuracy)],
    ["best test accuracy", best ? `${formatPercent(best.testAccuracy)} (epoch ${best.epoch})` : "–"],
    ...validation,
    ["dataset", datasetText(start)],
    ["backend", start ? backendText(start.backend, start.backendReason) : "–"],
    ["seed", start ? String(start.seed) : "–"],
  ];
  const config = start
    ? Object.entries(start.config).map(([k, v]): [string, string] => [k, shortJson(v)])
    : [];
  const extra = [
    ...Object.entries(start?.datasets ?? {}).map(([k, v]): [string, string] => [k, v]),
    ...Object.values(start?.dataset?.files ?? {}).map((f): [string, string] => [f.name, f.sha256]),
    ...Object.entries(start?.software ?? {}).map(([k, v]): [string, string] => [k, v]),
    ...(start?.adapter
      ? Object.entries(start.adapter).map(([k, v]): [string, string] => [`adapter ${k}`, shortJson(v)])
      : []),
  ];
  return `<section class="summary${ended.status === "failed" ? " failed" : ""}"><div><h2>Run</h2>${kvTable(rows)}</div>
<div><h2>Configuration</h2>${kvTable(config)}</div>${extra.length ? `<div><h2>Environment</h2>${kvTable(extra)}</div>` : ""}</section>`;
}

function epochTable(epochs: EpochRecord[]): string {
  if (epochs.length === 0) return "";
  const val = epochs.some((e) => e.valAccuracy !== undefined);
  const head = [
    "epoch",
    "train accuracy",
    ...(val ? ["val accuracy"] : []),
    "test accuracy",
    "train loss",
    ...(val ? ["val loss"] : []),
    "test loss",
    "seconds",
  ];
  const cell = (text: string) => `<td>${text}</td>`;
  const rows = epochs.map(
    (e) =>
      `<tr>${cell(String(e.epoch))}${cell(formatPercent(e.trainAccuracy))}${val ? cell(formatPercent(e.valAccuracy ?? NaN)) : ""}${cell(formatPercent(e.testAccuracy))}${cell(formatNumber(e.trainLoss, 5))}${val ? cell(formatNumber(e.valLoss ?? NaN, 5)) : ""}${cell(formatNumber(e.testLoss, 5))}${cell(formatNumber(e.seconds, 3))}</tr>`,
  );
  return `<section><h2>Epochs</h2><table class="grid num"><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table></section>`;
}

function confusionSection(
  rows: readonly (readonly number[])[] | undefined,
  classes: readonly string[] | undefined,
): string {
  if (!rows) return "";
  const m = ConfusionMatrix.fromRows(rows);
  const name = (k: number) => esc(classes?.[k] ?? String(k));
  const header = `<tr><th class="corner">actual ╲ predicted</th>${rows.map((_, k) => `<th>${name(k)}</th>`).join("")}</tr>`;
  const body = rows
    .map((row, a) => {
      const sum = row.reduce((x, y) => x + y, 0) || 1;
      const cells = row.map((c, p) => {
        const share = c / sum;
        const alpha = a === p ? share : Math.min(1, share * 8);
        const bg = a === p ? `rgba(31,111,209,${alpha.toFixed(3)})` : `rgba(224,86,43,${alpha.toFixed(3)})`;
        return `<td style="background:${bg};color:${alpha > 0.55 ? "#fff" : "#222"}" title="actual ${name(a)}, predicted ${name(p)}: ${c}">${c}</td>`;
      });
      return `<tr><th>${name(a)}</th>${cells.join("")}</tr>`;
    })
    .join("");
  const perClass = m
    .perClass()
    .map(
      (c) =>
        `<tr><td>${name(c.label)}</td><td>${formatPercent(c.precision)}</td><td>${formatPercent(c.recall)}</td><td>${formatPercent(c.f1)}</td><td>${c.support}</td></tr>`,
    )
    .join("");
  const macro = m.macroAverage();
  const top = m
    .topConfusions(5)
    .map((c) => `<li>${name(c.actual)} read as ${name(c.predicted)}: ${c.count}</li>`)
    .join("");
  return `<section class="confusion"><div><h2>Confusion matrix (test set)</h2><table class="grid cm" data-role="confusion">${header}${body}</table></div>
<div><h2>Per class</h2><table class="grid num" data-role="per-class"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${perClass}</tbody>
<tfoot><tr><th>macro</th><td>${formatPercent(macro.precision)}</td><td>${formatPercent(macro.recall)}</td><td>${formatPercent(macro.f1)}</td><td>${m.total}</td></tr></tfoot></table>
<h2>Most frequent confusions</h2><ol>${top || "<li>none</li>"}</ol></div></section>`;
}

/**
 * Renders the HTML report of a run log.
 *
 * @param records The run's records (as read by `parseRunLog`; may be an interrupted run).
 * @param options Title and source shown at the top.
 * @returns A complete HTML document with no external references.
 * @example
 * ```ts
 * import { renderReportHtml } from "@mnist/metrics/report";
 * const html = renderReportHtml([
 *   { type: "run-start", version: "1.0", time: "2024-01-01T00:00:00Z", config: { lr: 0.05 }, seed: 1, backend: "cpu" },
 *   { type: "epoch", epoch: 1, trainAccuracy: 0.8, testAccuracy: 0.82, trainLoss: 0.3, testLoss: 0.28, seconds: 1 },
 * ]);
 * if (!html.startsWith("<!doctype html>")) throw new Error(html.slice(0, 40));
 * ```
 */
export function renderReportHtml(records: readonly RunLogRecord[], options: ReportOptions = {}): string {
  const label = datasetLabel(records);
  const title = options.title ?? (label === undefined ? "Run report" : `${label} run report`);
  const series = RunSeries.from(records);
  const epochs = records.filter((r): r is EpochRecord => r.type === "epoch");
  const start = records.find((r): r is RunStartRecord => r.type === "run-start");
  const end = records.find((r): r is RunEndRecord => r.type === "run-end");
  const confusion = end?.confusion ?? epochs.findLast((e) => e.confusion)?.confusion;
  const charts = CHART_KINDS.map((k) => chartData(series, k)).filter(
    (c) => hasPoints(c) || c.kind === "accuracy" || c.kind === "loss",
  );
  const figures = charts
    .map(
      (c) =>
        `<figure data-chart="${c.kind}"><div class="chart"><noscript>${renderChartSvg(c, { width: 540, height: 340 })}</noscript></div></figure>`,
    )
    .join("\n");
  const sub = [options.source, start?.time].filter(Boolean).join(" · ");
  const main = `<h1>${esc(title)}</h1>
<p class="sub">${esc(sub)}</p>
${summary(records, epochs)}
<section class="charts">
${figures}
</section>
${epochTable(epochs)}
${confusionSection(confusion, classNamesOf(start))}`;
  return reportPage({ title, main, charts });
}

/** `Fashion-MNIST (/data/fashion), 28×28, 10 classes`, or that the log does not say. */
function datasetText(start: RunStartRecord | undefined): string {
  const d = start?.dataset;
  if (d === undefined) return "not recorded";
  const name = d.name === "mnist" ? "MNIST" : d.name === "fashion-mnist" ? "Fashion-MNIST" : d.name;
  return `${name} (${d.dir}), ${d.imageShape[0]}×${d.imageShape[1]}, ${d.classCount} classes`;
}

/** `cpu (no WebGPU adapter)`; a reason that already starts with the backend's name stands alone. */
function backendText(backend: string, reason: string | undefined): string {
  if (!reason) return backend;
  return reason.startsWith(`${backend} `) ? reason : `${backend} (${reason})`;
}
