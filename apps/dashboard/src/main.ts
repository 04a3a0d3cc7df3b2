/**
 * The dashboard's entry point: wires the training panel, the run opener, the results view and the
 * draw panel. The page's main thread only draws; loading, training and evaluation run in a Worker.
 * @module
 */
import "./style.css";
import type { DatasetIdentity } from "@mnist/idx";
import { compareView, openComparison } from "./compare_view.ts";
import { bundledDataSource, type DataSource, loadTestSet } from "./data.ts";
import { DrawPanel } from "./draw.ts";
import { type OpenedRun, type OpenRequest, openRun } from "./open_run.ts";
import type { WireModel, WorkerMessage } from "./protocol.ts";
import { type Evaluation, ResultsView } from "./results.ts";
import { RunCharts } from "./run_charts.ts";
import { describeIdentity, describeRunData, type RunData } from "./run_data.ts";
import { connectServedRuns, type ServedRuns } from "./served_runs.ts";
import { createComputeWorker, TrainPanel } from "./train_panel.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- theme ---------------------------------------------------------------------------------------
const root = document.documentElement;
const themeButton = $<HTMLButtonElement>("theme-toggle");
/** The button names the theme it switches to (a label that changes replaces a pressed state). */
function labelThemeButton(): void {
  themeButton.textContent = root.dataset.theme === "dark" ? "Switch to light theme" : "Switch to dark theme";
}
function setTheme(theme: "light" | "dark"): void {
  root.dataset.theme = theme;
  labelThemeButton();
  charts.redraw();
  results.refreshTheme();
  compareView().redraw();
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
$<HTMLInputElement>("smoothing").addEventListener("input", (e) => {
  const weight = Number((e.target as HTMLInputElement).value);
  $("smoothing-value").textContent = weight === 0 ? "0 (raw)" : weight.toFixed(2);
  charts.setSmoothing(weight);
});
$<HTMLInputElement>("log-scale").addEventListener("change", (e) => {
  charts.setLogScale((e.target as HTMLInputElement).checked);
});
labelThemeButton();
const draw = new DrawPanel();
let evaluation: Evaluation | null = null;
let evaluateSeq = 0;

/** Where the shown run's test set comes from, and what the run recorded about it (to check against). */
interface RunSource {
  readonly source: DataSource;
  readonly expect?: RunData;
}

/**
 * Predicts the test set of `data` with `model` in a worker, then shows the confusion matrix,
 * per-class metrics and images. `report` receives a failure (one line).
 */
function evaluateModel(model: WireModel, data: RunSource, report: (error: string) => void): void {
  const seq = ++evaluateSeq;
  const worker = createComputeWorker();
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === "status") return;
    worker.terminate();
    if (seq !== evaluateSeq) return;
    if (m.type === "predictions") {
      evaluation = m;
      const dataset = describeIdentity(m.identity);
      results.setClasses({ names: m.identity.classNames, shape: m.shape, dataset });
      results.setEvaluation(m, model.classes);
      draw.setModel(model, m.identity.classNames, m.shape);
      $("confusion").dataset.ready = "true";
      $("confusion").dataset.dataset = m.identity.name;
    } else if (m.type === "error") {
      report(m.message);
    }
  };
  worker.postMessage({ type: "evaluate", source: data.source, model, expect: data.expect });
}

/** The run list and live follower when `mnist dashboard` serves the page. */
let served: ServedRuns | null = null;

// ---- training ------------------------------------------------------------------------------------
let trainingData: RunSource | null = null;
const trainer = new TrainPanel({
  onRunStart(records) {
    served?.unfollow();
    evaluation = null;
    evaluateSeq++;
    results.show(records);
    hideRunData();
  },
  onRecord(record) {
    results.append(record);
  },
  onData(identity, source) {
    trainingData = { source, expect: { kind: "identity", identity, bundled: identity.name === "mnist" } };
    const shape = identity.imageShape;
    results.setClasses({ names: identity.classNames, shape, dataset: describeIdentity(identity) });
  },
  onModel(model, final) {
    const names = trainingData?.expect?.kind === "identity" ? trainingData.expect.identity : null;
    draw.setModel(model, names?.classNames, names?.imageShape);
    results.setModel(model);
    if (final && trainingData) evaluateModel(model, trainingData, trainStatusError);
  },
  onStopped() {
    if (trainer.model && trainingData) evaluateModel(trainer.model, trainingData, trainStatusError);
  },
});

function trainStatusError(message: string): void {
  const s = $("train-status");
  s.textContent = message;
  s.dataset.state = "error";
}

// ---- opening runs --------------------------------------------------------------------------------
/** Sets the opening status; `state` is left off while opening is under way. */
function setOpenStatus(text: string, state?: "ok" | "partial" | "error"): void {
  const s = $("open-status");
  s.textContent = text;
  if (state) s.dataset.state = state;
  else delete s.dataset.state;
}

function hideRunData(): void {
  $("run-data").hidden = true;
  $<HTMLInputElement>("run-data-files").value = "";
}

/** The run waiting for its data files (its model and what its log recorded). */
let waiting: { model: WireModel; data: RunData } | null = null;

async function open(request: OpenRequest): Promise<OpenedRun | null> {
  served?.unfollow();
  setOpenStatus("Opening…");
  let run: OpenedRun;
  try {
    run = await openRun(request);
  } catch (error) {
    setOpenStatus(error instanceof Error ? error.message : String(error), "error");
    return null;
  }
  evaluation = null;
  evaluateSeq++;
  waiting = null;
  hideRunData();
  const problems = [...run.problems];
  if (run.records) results.show(run.records, run.summary);
  else if (run.model) results.show([], run.summary);
  const data = run.data;
  if (data.kind === "identity") {
    const { classNames, imageShape } = data.identity;
    results.setClasses({ names: classNames, shape: imageShape, dataset: describeIdentity(data.identity) });
  } else {
    results.setNotes([...run.summary, ["Data", describeRunData(data)]]);
  }
  const model = run.model;
  if (model) {
    const misfit = data.kind === "identity" ? modelMisfit(model, data.identity, run.modelName) : null;
    if (misfit) {
      problems.push(misfit);
    } else {
      results.setModel(model);
      const names = data.kind === "identity" ? data.identity : null;
      draw.setModel(model, names?.classNames, names?.imageShape);
      const report = (message: string) => setOpenStatus([...notesOf(run), message].join(" "), "partial");
      if (run.dataUnreadable) {
        problems.push("The model's test-set views are not computed: the run's data is unknown.");
      } else if (data.bundled) {
        evaluateModel(model, { source: bundledDataSource(document.baseURI), expect: data }, report);
      } else if (data.kind === "unknown") {
        // Nothing says which data: the bundled MNIST is used, and the page says so.
        problems.push(
          `No dataset is recorded ${run.records ? "in this run log" : "for this model"}: its views use the bundled MNIST.`,
        );
        evaluateModel(model, { source: bundledDataSource(document.baseURI) }, report);
      } else {
        waiting = { model, data };
        askForRunData(data);
      }
    }
  }
  const text = [...notesOf(run), ...problems].join(" ");
  setOpenStatus(text, problems.length ? "partial" : "ok");
  return run;
}

function notesOf(run: OpenedRun): string[] {
  return [`Opened ${run.notes.join("; ")}.`];
}

/** The model does not fit the recorded data: one line naming both shapes. */
function modelMisfit(model: WireModel, identity: DatasetIdentity, name: string): string | null {
  const [h, w] = identity.imageShape;
  if (model.features === h * w && model.classes === identity.classCount) return null;
  return `Cannot use model ${name} with this run: it takes ${model.features} inputs in ${model.classes} classes, expected ${h}×${w} = ${h * w} inputs in ${identity.classCount} classes (${describeIdentity(identity)}).`;
}

function askForRunData(data: RunData): void {
  const box = $("run-data");
  box.hidden = false;
  const what = describeRunData(data);
  $("run-data-text").textContent =
    `This run trained on ${what}, not on the bundled MNIST. Choose its four IDX files (raw or .gz, with classes.txt if it has one) to see the confusion matrix, per-class metrics, test images and weights from its model; they are checked against the SHA-256 sums in the run log. Until then the charts, the summary and the log's own confusion matrix are shown.`;
  const status = $("run-data-status");
  status.textContent = "";
  delete status.dataset.state;
}

$<HTMLInputElement>("run-data-files").addEventListener("change", (e) => {
  const files = Array.from((e.target as HTMLInputElement).files ?? []);
  if (!files.length || !waiting) return;
  const status = $("run-data-status");
  status.textContent = "Checking the chosen files against the run log…";
  status.dataset.state = "running";
  const { model, data } = waiting;
  evaluateModel(model, { source: { kind: "files", files }, expect: data }, (message) => {
    status.textContent = message;
    status.dataset.state = "error";
  });
  const done = new MutationObserver(() => {
    if ($("confusion").dataset.from !== "model") return;
    done.disconnect();
    status.textContent = "The chosen files match the run log's sums: the views below come from them.";
    status.dataset.state = "ok";
  });
  done.observe($("confusion"), { attributes: true, attributeFilter: ["data-from"] });
});

/** Opens chosen or dropped files: two or more run logs side by side, else one run (and its model). */
function openFiles(files: File[]): void {
  const logs = files.filter((f) => /\.(jsonl|ndjson)$/i.test(f.name));
  if (logs.length >= 2) void openComparison({ files: logs }, setOpenStatus);
  else if (files.length) void open({ files });
}

const dropzone = $("dropzone");
$<HTMLInputElement>("run-files").addEventListener("change", (e) => {
  openFiles(Array.from((e.target as HTMLInputElement).files ?? []));
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
  openFiles(Array.from(e.dataTransfer?.files ?? []));
});
const runParams = new URLSearchParams(location.search).getAll("run");
const runUrls = runParams.map((p) => new URL(p, location.href).href);
// ---- runs served by `mnist dashboard` -----------------------------------------------------------
void connectServedRuns({ open, results, setOpenStatus, before: $("train") }).then((s) => {
  served = s;
  if (runUrls.length >= 2) void openComparison({ urls: runUrls }, setOpenStatus);
  else if (runUrls.length === 1) void (s ? s.openUrl(runUrls[0]) : open({ url: runUrls[0] }));
});

// ---- draw ----------------------------------------------------------------------------------------
let testSet: ReturnType<typeof loadTestSet> | null = null;
$("draw-sample").addEventListener("click", async () => {
  if (evaluation) {
    const { images, labels, shape } = evaluation;
    const i = Math.floor(Math.random() * labels.length);
    const size = shape[0] * shape[1];
    draw.showDigit(images.subarray(i * size, (i + 1) * size), shape, labels[i], i);
    return;
  }
  const { images, labels } = await (testSet ??= loadTestSet(bundledDataSource(document.baseURI)));
  const i = Math.floor(Math.random() * labels.length);
  draw.showDigit(images.subarray(i * 784, (i + 1) * 784), [28, 28], labels[i], i);
});
$("draw-quick-train").addEventListener("click", () => {
  void trainer.start({ epochs: 1 });
  $("train").scrollIntoView({ behavior: "smooth" });
});

// Handles for the end-to-end tests and the curious.
Object.assign(globalThis, { dashboard: { charts, results, trainer, draw, compare: compareView() } });
