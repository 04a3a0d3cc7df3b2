/**
 * The results panel: run summary, charts, confusion heatmap with the digits behind each cell,
 * per-class precision/recall/F1 and the ten weight images. All text goes in through `textContent`.
 * @module
 */
import { ConfusionMatrix, type RunLogRecord, type RunStartRecord } from "@mnist/metrics";
import { digitCanvas, weightCanvas, weightLimit } from "./images.ts";
import type { WireModel } from "./protocol.ts";
import type { RunCharts } from "./run_charts.ts";

/** The test set as predicted by the current model. */
export interface Evaluation {
  readonly predictions: Uint8Array;
  readonly labels: Uint8Array;
  readonly images: Uint8Array;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "—");

/** Renders a run into the results section. */
export class ResultsView {
  readonly records: RunLogRecord[] = [];
  #charts: RunCharts;
  #evaluation: Evaluation | null = null;
  #matrix: ConfusionMatrix | null = null;

  constructor(charts: RunCharts) {
    this.#charts = charts;
  }

  /** Replaces the shown run with `records`. */
  show(records: readonly RunLogRecord[]): void {
    this.records.length = 0;
    this.#charts.reset();
    this.clearModel();
    for (const r of records) this.append(r);
    this.#renderSummary();
  }

  /** Appends one record (live training). */
  append(record: RunLogRecord): void {
    this.records.push(record);
    $("results-empty").hidden = true;
    this.#charts.append(record);
    if (record.type !== "step") this.#renderSummary();
    const rows = record.type === "epoch" || record.type === "run-end" ? record.confusion : undefined;
    if (rows && !this.#evaluation) this.#renderMatrix(ConfusionMatrix.fromRows(rows), "run log");
  }

  /** Forgets the model's views (confusion, per-class, weights). */
  clearModel(): void {
    this.#evaluation = null;
    this.#matrix = null;
    for (const id of ["confusion", "per-class", "cell-digits", "weights"]) $(id).replaceChildren();
    $("weights-legend").hidden = true;
    $("model-note").hidden = false;
  }

  /** Shows the model's weights. */
  setModel(model: WireModel): void {
    const box = $("weights");
    box.replaceChildren();
    const limit = weightLimit(model.weight);
    for (let c = 0; c < model.classes; c++) {
      const fig = el("figure");
      const canvas = weightCanvas(model.weight, model.classes, c, limit);
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `Weights of class ${c}: red raises the score, blue lowers it`);
      fig.append(canvas, el("figcaption", String(c)));
      box.append(fig);
    }
    $("weights-legend").hidden = false;
    $("model-note").hidden = true;
  }

  /** Shows the confusion matrix and per-class metrics of a model's test predictions. */
  setEvaluation(evaluation: Evaluation, classes = 10): void {
    this.#evaluation = evaluation;
    const m = new ConfusionMatrix(classes);
    m.addBatch(evaluation.labels, evaluation.predictions);
    this.#renderMatrix(m, "model");
  }

  /** Re-colours the heatmap for the current theme. */
  refreshTheme(): void {
    if (this.#matrix) this.#renderConfusion(this.#matrix);
  }

  #renderMatrix(m: ConfusionMatrix, from: "model" | "run log"): void {
    this.#matrix = m;
    this.#renderConfusion(m);
    this.#renderPerClass(m);
    $("confusion").dataset.from = from;
    $("cell-digits").replaceChildren();
  }

  #renderSummary(): void {
    const dl = $("summary");
    dl.replaceChildren();
    const add = (k: string, v: string) => dl.append(el("dt", k), el("dd", v));
    const start = this.records.find((r): r is RunStartRecord => r.type === "run-start");
    if (start) {
      add("Backend", String(start.backend));
      if (start.backendReason) add("Why", String(start.backendReason));
      const a = start.adapter as Record<string, unknown> | null | undefined;
      if (a)
        add("Adapter", [a.vendor, a.architecture, a.description].filter(Boolean).join(" · ") || "unknown");
      const cfg = Object.entries(start.config ?? {})
        .filter(([, v]) => v === null || typeof v !== "object")
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ");
      add("Config", cfg);
      if (start.time) add("Started", String(start.time));
    }
    const epochs = this.records.filter((r) => r.type === "epoch");
    const last = epochs.at(-1);
    if (last && last.type === "epoch") {
      add("Epochs", String(last.epoch));
      add("Final accuracy", `train ${pct(last.trainAccuracy)}, test ${pct(last.testAccuracy)}`);
    }
    const end = this.records.find((r) => r.type === "run-end");
    if (end && end.type === "run-end") add("Finished", `${end.time} (${end.seconds.toFixed(1)} s)`);
    const error = this.records.find((r) => r.type === "error");
    if (error && error.type === "error") add("Error", error.message);
  }

  #renderConfusion(matrix: ConfusionMatrix): void {
    const { classes } = matrix;
    const grid = $("confusion");
    grid.replaceChildren();
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", "Confusion matrix");
    grid.append(el("span", "t\\p"));
    for (let p = 0; p < classes; p++)
      grid.append(Object.assign(el("span", String(p)), { className: "head" }));
    const dark = getComputedStyle(document.documentElement).colorScheme === "dark";
    const heat = getComputedStyle(document.documentElement).getPropertyValue("--heat").trim();
    for (let t = 0; t < classes; t++) {
      grid.append(Object.assign(el("span", String(t)), { className: "head" }));
      const rowTotal = matrix.classMetrics(t).support;
      for (let p = 0; p < classes; p++) {
        const n = matrix.count(t, p);
        const frac = rowTotal ? n / rowTotal : 0;
        // sqrt lifts the small off-diagonal counts into view.
        const alpha = n === 0 ? 0 : 0.08 + 0.92 * Math.sqrt(frac);
        const button = el("button", String(n));
        button.type = "button";
        button.style.background = `rgba(${heat}, ${alpha.toFixed(3)})`;
        button.style.color = alpha > 0.55 ? (dark ? "#0b0d10" : "#ffffff") : "";
        button.dataset.t = String(t);
        button.dataset.p = String(p);
        button.setAttribute("aria-pressed", "false");
        button.setAttribute(
          "aria-label",
          `true ${t}, predicted ${p}: ${n} test digit${n === 1 ? "" : "s"}${t === p ? " (correct)" : ""}`,
        );
        button.addEventListener("click", () => {
          for (const b of grid.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
          button.setAttribute("aria-pressed", "true");
          this.#showCell(t, p);
        });
        grid.append(button);
      }
    }
  }

  #showCell(t: number, p: number): void {
    const ev = this.#evaluation;
    const box = $("cell-digits");
    box.replaceChildren();
    if (!ev) {
      box.append(el("p", "Load the run's model to see these digits (the run log holds only the counts)."));
      return;
    }
    const limit = 120;
    const matches: number[] = [];
    for (let i = 0; i < ev.labels.length; i++) {
      if (ev.labels[i] === t && ev.predictions[i] === p) matches.push(i);
    }
    const what = t === p ? "correctly classified" : `misclassified as ${p}`;
    const shown = Math.min(limit, matches.length);
    box.append(
      el(
        "h4",
        `True ${t}, ${what}: ${matches.length} test digit${matches.length === 1 ? "" : "s"}${matches.length > shown ? ` (first ${shown})` : ""}`,
      ),
    );
    for (const i of matches.slice(0, limit)) {
      const canvas = digitCanvas(ev.images.subarray(i * 784, (i + 1) * 784));
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `test image ${i}: label ${t}, predicted ${p}`);
      canvas.title = `#${i}: label ${t}, predicted ${p}`;
      box.append(canvas);
    }
  }

  #renderPerClass(m: ConfusionMatrix): void {
    const table = $<HTMLTableElement>("per-class");
    table.replaceChildren();
    const head = el("tr");
    for (const h of ["digit", "precision", "recall", "F1", "support"]) {
      const th = el("th", h);
      th.scope = "col";
      head.append(th);
    }
    table.append(el("thead"), el("tbody"));
    table.tHead!.append(head);
    m.perClass().forEach((c, i) => {
      const tr = el("tr");
      const th = el("th", String(i));
      th.scope = "row";
      tr.append(
        th,
        el("td", pct(c.precision)),
        el("td", pct(c.recall)),
        el("td", Number.isFinite(c.f1) ? c.f1.toFixed(4) : "—"),
      );
      tr.append(el("td", String(c.support)));
      table.tBodies[0].append(tr);
    });
  }
}
