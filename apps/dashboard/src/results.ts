/**
 * The results panel: run summary, charts, confusion heatmap with the images behind each cell,
 * per-class precision/recall/F1 and one weight image per class, all named by the run's class names
 * and drawn at its image shape. All text goes in through `textContent`.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import { ConfusionMatrix, endedStatus, type RunLogRecord, type RunStartRecord } from "@mnist/metrics";
import { showCellGallery } from "./cell_gallery.ts";
import { guessShape, type Shape, weightCanvas, weightLimit } from "./images.ts";
import type { WireModel } from "./protocol.ts";
import type { RunCharts } from "./run_charts.ts";
import { classLabel, localTime } from "./run_data.ts";

/** The test set as predicted by the current model. */
export interface Evaluation {
  readonly predictions: Uint8Array;
  readonly labels: Uint8Array;
  readonly images: Uint8Array;
  readonly shape: Shape;
  readonly identity: DatasetIdentity;
}

/** What the views call the classes and how they draw an image. */
export interface ClassInfo {
  readonly names: readonly string[];
  readonly shape: Shape;
  /** The data in words, e.g. "Fashion-MNIST (28×28, 10 classes)". */
  readonly dataset: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

// As report.html writes them (formatPercent in @mnist/metrics): a class never predicted has no precision.
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "–");

/** Renders a run into the results section. */
export class ResultsView {
  readonly records: RunLogRecord[] = [];
  #charts: RunCharts;
  #evaluation: Evaluation | null = null;
  #matrix: ConfusionMatrix | null = null;
  #model: WireModel | null = null;
  #info: ClassInfo | null = null;
  /** Extra summary lines (what was read, which data), set by whoever opened the run. */
  #notes: [string, string][] = [];
  /** The run is still training (in this page, or a followed CLI run): it has no final epoch or model yet. */
  #running = false;

  constructor(charts: RunCharts) {
    this.#charts = charts;
  }

  /** Replaces the shown run with `records` (the summary and matrix are rendered once, at the end). */
  show(records: readonly RunLogRecord[], notes: [string, string][] = []): void {
    this.records.length = 0;
    this.#notes = notes;
    this.#running = false;
    this.#charts.reset();
    this.clearModel();
    this.#info = null;
    this.records.push(...records);
    $("results-empty").hidden = records.length > 0;
    this.#charts.append(records);
    const start = records.find((r): r is RunStartRecord => r.type === "run-start");
    if (start?.classes) this.#info = { names: start.classes, shape: [28, 28], dataset: "" };
    const last = records.findLast((r) => (r.type === "epoch" || r.type === "run-end") && r.confusion);
    if (last && (last.type === "epoch" || last.type === "run-end") && last.confusion) {
      this.#renderMatrix(ConfusionMatrix.fromRows(last.confusion), "run log");
    }
    this.#renderSummary();
  }

  /**
   * Marks the shown run as still training (or no longer): its latest epoch is not called final, and
   * no model is asked for before the run has written one. A run-end or error record ends it too.
   */
  setRunning(running: boolean): void {
    this.#running = running;
    this.#showModelNote();
    this.#renderSummary();
    if ($("cell-digits").dataset.waiting) $("cell-digits").replaceChildren();
  }

  /** Whether the shown run is still training. */
  get running(): boolean {
    return this.#running;
  }

  /** Appends one record (live training). */
  append(record: RunLogRecord): void {
    this.records.push(record);
    if (record.type === "run-end" || record.type === "error") this.setRunning(false);
    $("results-empty").hidden = true;
    this.#charts.append(record);
    if (record.type !== "step") this.#renderSummary();
    const rows = record.type === "epoch" || record.type === "run-end" ? record.confusion : undefined;
    if (rows && !this.#evaluation) this.#renderMatrix(ConfusionMatrix.fromRows(rows), "run log");
  }

  /** Names the classes and the image shape for every view (and re-renders what is shown). */
  setClasses(info: ClassInfo): void {
    this.#info = info;
    if (this.#model) this.setModel(this.#model);
    if (this.#matrix) this.#renderMatrix(this.#matrix, $("confusion").dataset.from as "model" | "run log");
    this.#renderSummary();
  }

  /** The summary's extra lines. */
  get notes(): readonly [string, string][] {
    return this.#notes;
  }

  /** Sets the summary's extra lines (e.g. what was read and which data the views come from). */
  setNotes(notes: [string, string][]): void {
    this.#notes = notes;
    this.#renderSummary();
  }

  #name(c: number): string {
    return classLabel(this.#info?.names, c);
  }

  /** Forgets the model's views (confusion, per-class, weights). */
  clearModel(): void {
    this.#evaluation = null;
    this.#matrix = null;
    this.#model = null;
    delete $("confusion").dataset.from;
    for (const id of ["confusion", "per-class", "cell-digits", "weights"]) $(id).replaceChildren();
    $("weights-legend").hidden = true;
    this.#showModelNote();
  }

  /** Without a model: ask for it, or, while the run trains, say when it will exist. */
  #showModelNote(): void {
    const none = this.#model === null;
    $("model-note").hidden = !none || this.#running;
    $("model-pending").hidden = !none || !this.#running;
  }

  /** Shows the model's weights. */
  setModel(model: WireModel): void {
    this.#model = model;
    const box = $("weights");
    box.replaceChildren();
    const limit = weightLimit(model.weight);
    const info = this.#info;
    const shape =
      info && info.shape[0] * info.shape[1] === model.features ? info.shape : guessShape(model.features);
    box.dataset.shape = shape.join("x");
    for (let c = 0; c < model.classes; c++) {
      const fig = el("figure");
      const canvas = weightCanvas(model.weight, model.classes, c, limit, shape);
      canvas.setAttribute("role", "img");
      canvas.setAttribute(
        "aria-label",
        `Weights of class ${this.#name(c)}: red raises the score, blue lowers it`,
      );
      canvas.style.aspectRatio = `${shape[1]} / ${shape[0]}`;
      fig.append(canvas, el("figcaption", this.#name(c)));
      box.append(fig);
    }
    $("weights-legend").hidden = false;
    this.#showModelNote();
  }

  /** Shows the confusion matrix and per-class metrics of a model's test predictions. */
  setEvaluation(evaluation: Evaluation, classes = 10): void {
    this.#evaluation = evaluation;
    const { identity } = evaluation;
    this.#info = { names: identity.classNames, shape: evaluation.shape, dataset: this.#info?.dataset ?? "" };
    if (this.#model) this.setModel(this.#model);
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
    for (const [k, v] of this.#notes) add(k, v);
    if (this.#info?.dataset) add("Data", this.#info.dataset);
    const start = this.records.find((r): r is RunStartRecord => r.type === "run-start");
    if (start) {
      add("Backend", String(start.backend));
      if (start.backendReason) add("Why", String(start.backendReason));
      const a = start.adapter as Record<string, unknown> | null | undefined;
      if (a)
        add("Adapter", [a.vendor, a.architecture, a.description].filter(Boolean).join(" · ") || "unknown");
      const cfg = Object.entries(start.config ?? {})
        .filter(([, v]) => v !== null && typeof v !== "object")
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(", ");
      add("Config", cfg);
      if (start.time) add("Started", localTime(start.time));
    }
    const last = this.records.findLast((r) => r.type === "epoch");
    const end = this.records.find((r) => r.type === "run-end");
    if (last && last.type === "epoch") {
      const total = (start?.config as Record<string, unknown> | undefined)?.epochs;
      add(
        "Epochs",
        this.#running && typeof total === "number" ? `${last.epoch} of ${total}` : String(last.epoch),
      );
      // Only a run that ended has a final epoch; a log that stops without one has a last.
      const label = this.#running
        ? "Latest accuracy (still training)"
        : end
          ? "Final accuracy"
          : "Last accuracy";
      add(label, `train ${pct(last.trainAccuracy)}, test ${pct(last.testAccuracy)}`);
    }
    if (end && end.type === "run-end")
      add("Finished", `${localTime(end.time)} (${end.seconds.toFixed(1)} s)`);
    // A run stopped with Ctrl-C is interrupted, not failed (as in the run list and the report).
    const ended = endedStatus(this.records);
    if (ended.message !== null) add(ended.status === "interrupted" ? "Interrupted" : "Error", ended.message);
  }

  #renderConfusion(matrix: ConfusionMatrix): void {
    const { classes } = matrix;
    const grid = $("confusion");
    grid.replaceChildren();
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", "Confusion matrix");
    grid.style.gridTemplateColumns = `minmax(1.5em, max-content) repeat(${classes}, minmax(0, 1fr))`;
    // Cells of about 44 px at most: a 3-class matrix stays small, a 10-class one fills 480 px.
    grid.style.maxWidth = `${Math.min(480, 90 + classes * 44)}px`;
    grid.append(Object.assign(el("span", "true \\ predicted"), { className: "corner" }));
    for (let p = 0; p < classes; p++) {
      const head = Object.assign(el("span", String(p)), { className: "head" });
      head.title = this.#name(p);
      grid.append(head);
    }
    const dark = getComputedStyle(document.documentElement).colorScheme === "dark";
    const heat = getComputedStyle(document.documentElement).getPropertyValue("--heat").trim();
    for (let t = 0; t < classes; t++) {
      grid.append(Object.assign(el("span", this.#name(t)), { className: "head row" }));
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
          `true ${this.#name(t)}, predicted ${this.#name(p)}: ${n} test image${n === 1 ? "" : "s"}${t === p ? " (correct)" : ""}`,
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
    delete box.dataset.waiting;
    if (!ev && this.#running) {
      box.dataset.waiting = "true";
      box.append(
        el(
          "p",
          "The run is still training: these images are shown once it ends and its model is evaluated (the run log holds only the counts).",
        ),
      );
      return;
    }
    if (!ev) {
      box.append(
        el("p", "Load the run's model and data to see these images (the run log holds only the counts)."),
      );
      return;
    }
    showCellGallery(box, { evaluation: ev, model: this.#model, t, p });
  }

  #renderPerClass(m: ConfusionMatrix): void {
    const table = $<HTMLTableElement>("per-class");
    table.replaceChildren();
    const head = el("tr");
    for (const h of ["class", "precision", "recall", "F1", "support"]) {
      const th = el("th", h);
      th.scope = "col";
      head.append(th);
    }
    table.append(el("thead"), el("tbody"));
    table.tHead!.append(head);
    m.perClass().forEach((c, i) => {
      const tr = el("tr");
      const th = el("th", this.#name(i));
      th.scope = "row";
      tr.append(th, el("td", pct(c.precision)), el("td", pct(c.recall)), el("td", pct(c.f1)));
      tr.append(el("td", String(c.support)));
      table.tBodies[0].append(tr);
    });
    // The macro average closes the table, as in report.html.
    const macro = m.macroAverage();
    const foot = el("tr");
    const th = el("th", "macro");
    th.scope = "row";
    foot.append(th, el("td", pct(macro.precision)), el("td", pct(macro.recall)), el("td", pct(macro.f1)));
    foot.append(el("td", String(m.total)));
    table.createTFoot().append(foot);
  }
}
