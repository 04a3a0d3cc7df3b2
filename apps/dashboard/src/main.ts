/**
 * The dashboard's entry point: wires the training panel, the run opener, the results view and the
 * draw panel. The page's main thread only draws; loading, training and evaluation run in a Worker.
 * @module
 */
import "./style.css";
import { bundledDataSource, loadTestSet } from "./data.ts";
import { DrawPanel } from "./draw.ts";
import { openFiles, openUrl } from "./open_run.ts";
import type { WireModel, WorkerMessage } from "./protocol.ts";
import { type Evaluation, ResultsView } from "./results.ts";
import { RunCharts } from "./run_charts.ts";
import { createComputeWorker, TrainPanel } from "./train_panel.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- theme ---------------------------------------------------------------------------------------
const root = document.documentElement;
const themeButton = $<HTMLButtonElement>("theme-toggle");
function setTheme(theme: "light" | "dark"): void {
  root.dataset.theme = theme;
  themeButton.setAttribute("aria-pressed", String(theme === "dark"));
  charts.redraw();
  results.refreshTheme();
}
themeButton.addEventListener("click", () => {
  const next = root.dataset.theme === "dark" ? "light" : "dark";
  try {
    localStorage.setItem("mnist-theme", next);
  } catch {}
  setTheme(next);
});
// Without a saved choice the page follows the system (index.html applies it before first paint).
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", (e) => {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem("mnist-theme");
  } catch {}
  if (saved !== "light" && saved !== "dark") setTheme(e.matches ? "dark" : "light");
});

// ---- results -------------------------------------------------------------------------------------
const charts = new RunCharts($("charts"), $("steps-note"));
const results = new ResultsView(charts);
themeButton.setAttribute("aria-pressed", String(root.dataset.theme === "dark"));
const draw = new DrawPanel();
let evaluation: Evaluation | null = null;
let evaluateSeq = 0;

/** Predicts the test set with `model` in a worker, then shows the confusion matrix and per-class metrics. */
function evaluateModel(model: WireModel): void {
  const seq = ++evaluateSeq;
  const worker = createComputeWorker();
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    worker.terminate();
    if (seq !== evaluateSeq) return;
    const m = e.data;
    if (m.type === "predictions") {
      evaluation = m;
      results.setEvaluation(m, model.classes);
      $("confusion").dataset.ready = "true";
    } else if (m.type === "error") {
      setOpenStatus(m.message, true);
    }
  };
  worker.postMessage({ type: "evaluate", source: bundledDataSource(document.baseURI), model });
}

function useModel(model: WireModel): void {
  results.setModel(model);
  draw.setModel(model);
  evaluateModel(model);
}

// ---- training ------------------------------------------------------------------------------------
const trainer = new TrainPanel({
  onRunStart(records) {
    evaluation = null;
    evaluateSeq++;
    results.show(records);
  },
  onRecord(record) {
    results.append(record);
  },
  onModel(model, final) {
    draw.setModel(model);
    results.setModel(model);
    if (final) evaluateModel(model);
  },
  onStopped() {
    if (trainer.model) evaluateModel(trainer.model);
  },
});

// ---- opening runs --------------------------------------------------------------------------------
function setOpenStatus(text: string, error = false): void {
  const s = $("open-status");
  s.textContent = text;
  s.dataset.state = error ? "error" : "ok";
}

async function open(load: () => ReturnType<typeof openFiles>): Promise<void> {
  try {
    const run = await load();
    if (run.records) {
      evaluation = null;
      results.show(run.records);
    }
    if (run.model) useModel(run.model);
    setOpenStatus(`Opened ${run.notes.join("; ")}.`);
  } catch (error) {
    setOpenStatus(error instanceof Error ? error.message : String(error), true);
  }
}

const dropzone = $("dropzone");
$<HTMLInputElement>("run-files").addEventListener("change", (e) => {
  const files = Array.from((e.target as HTMLInputElement).files ?? []);
  if (files.length) void open(() => openFiles(files));
});
// The whole page accepts drops; the zone highlights while something is dragged over it.
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  dropzone.classList.add("over");
});
document.addEventListener("dragleave", (e) => {
  if (e.relatedTarget === null) dropzone.classList.remove("over");
});
document.addEventListener("drop", (e) => {
  e.preventDefault();
  dropzone.classList.remove("over");
  const files = Array.from(e.dataTransfer?.files ?? []);
  if (files.length) void open(() => openFiles(files));
});
const runParam = new URLSearchParams(location.search).get("run");
if (runParam) void open(() => openUrl(runParam, location.href));

// ---- draw ----------------------------------------------------------------------------------------
let testSet: Promise<Evaluation["images"]> | null = null;
$("draw-sample").addEventListener("click", async () => {
  const images =
    evaluation?.images ??
    (await (testSet ??= loadTestSet(bundledDataSource(document.baseURI)).then((t) => t.images)));
  const i = Math.floor(Math.random() * (images.length / 784));
  draw.showDigit(images.subarray(i * 784, (i + 1) * 784));
});
$("draw-quick-train").addEventListener("click", () => {
  void trainer.start({ epochs: 1 });
  $("train").scrollIntoView({ behavior: "smooth" });
});

// Handles for the end-to-end tests and the curious.
Object.assign(globalThis, { dashboard: { charts, results, trainer, draw } });
