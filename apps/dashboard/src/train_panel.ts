/**
 * The training panel: reads the form, runs the compute worker, turns its messages into run-log
 * records for the results view, and offers stop, resume and downloads.
 * @module
 */

import type { DatasetIdentity } from "@mnist/idx";
import { type EpochRecord, formatRecord, type RunLogRecord, runLogRecord } from "@mnist/metrics";
import { PRESETS, type TrainConfig } from "@mnist/softmax";
import type { BackendPreference } from "@mnist/tensor";
import { bundledDataSource, type DataSource } from "./data.ts";
import { writeSafetensors } from "./model_io.ts";
import { describeProgress, ProgressMeter } from "./progress.ts";
import type { WireModel, WorkerMessage } from "./protocol.ts";
import { describeResponsiveness, MainThreadProbe } from "./responsiveness.ts";
import { describeIdentity } from "./run_data.ts";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the panel tells the rest of the page. */
export interface TrainPanelHooks {
  /** A new run starts: clear the results. */
  onRunStart(records: RunLogRecord[]): void;
  onRecord(record: RunLogRecord): void;
  /** A new model (after every epoch). */
  onModel(model: WireModel, final: boolean): void;
  /** Training stopped on request (the last epoch's model is current). */
  onStopped?(): void;
  /** The data is loaded: every view of this run comes from `source`, which is `identity`. */
  onData?(identity: DatasetIdentity, source: DataSource): void;
}

/** Creates the compute worker (module worker, bundled by Vite). */
export function createComputeWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "mnist-compute" });
}

/** Controls training. */
export class TrainPanel {
  #hooks: TrainPanelHooks;
  #worker: Worker | null = null;
  #config: TrainConfig | null = null;
  #preset = "";
  #prefer: BackendPreference = "auto";
  #trainCount = 60000;
  #source: DataSource | null = null;
  #model: WireModel | null = null;
  #epoch = 0;
  #records: RunLogRecord[] = [];
  #probe = new MainThreadProbe();
  #backendKind = "";
  #dataName = "";
  #meter: ProgressMeter | null = null;
  #running = false;
  /** The preset the form started from; its other settings (schedule, Nesterov…) carry into "custom". */
  #basePreset = "";
  #checkpointStep = 0;

  constructor(hooks: TrainPanelHooks) {
    this.#hooks = hooks;
    const preset = $<HTMLSelectElement>("preset");
    for (const name of Object.keys(PRESETS)) preset.append(new Option(name, name));
    preset.append(new Option("custom", "custom"));
    preset.addEventListener("change", () => this.#applyPreset(preset.value));
    // Run length is not part of a preset's recipe; the optimisation settings are.
    for (const id of ["loss", "optimizer", "lr", "momentum", "batch"]) {
      $(id).addEventListener("input", () => {
        preset.value = "custom";
      });
    }
    this.#applyPreset(Object.keys(PRESETS)[0]);
    $<HTMLFormElement>("train-form").addEventListener("submit", (e) => {
      e.preventDefault();
      void this.start();
    });
    $("train-stop").addEventListener("click", () => this.stop());
    $("train-resume").addEventListener("click", () => this.#launch(true));
    $("download-model").addEventListener("click", () => this.#downloadModel());
    $("download-log").addEventListener("click", () => this.#downloadLog());
  }

  /** The last model trained in this page, if any. */
  get model(): WireModel | null {
    return this.#model;
  }

  #applyPreset(name: string): void {
    const p = PRESETS[name];
    if (!p) return;
    this.#basePreset = name;
    $<HTMLSelectElement>("preset").value = name;
    $<HTMLSelectElement>("loss").value = p.loss;
    $<HTMLSelectElement>("optimizer").value = p.optimizer;
    $<HTMLInputElement>("lr").value = String(p.lr);
    $<HTMLInputElement>("momentum").value = String(p.momentum);
    $<HTMLInputElement>("batch").value = String(p.batchSize);
    $<HTMLInputElement>("epochs").value = String(p.epochs);
  }

  #readForm(): TrainConfig | string {
    const form = $<HTMLFormElement>("train-form");
    if (!form.reportValidity()) return "Cannot start training: a field is out of range, see the form";
    const base = PRESETS[this.#basePreset] ?? Object.values(PRESETS)[0];
    const num = (id: string) => Number($<HTMLInputElement>(id).value);
    return {
      ...base,
      loss: $<HTMLSelectElement>("loss").value as TrainConfig["loss"],
      optimizer: $<HTMLSelectElement>("optimizer").value as TrainConfig["optimizer"],
      lr: num("lr"),
      momentum: num("momentum"),
      batchSize: num("batch"),
      epochs: num("epochs"),
    };
  }

  /** The form's settings and data, for the small sweep; or why the form cannot be used. */
  formSettings():
    | { config: TrainConfig; source: DataSource; trainCount: number; prefer: BackendPreference }
    | string {
    const config = this.#readForm();
    if (typeof config === "string") return config;
    const files = Array.from($<HTMLInputElement>("idx-files").files ?? []);
    return {
      config,
      source: files.length ? { kind: "files", files } : bundledDataSource(document.baseURI),
      trainCount: Number($<HTMLInputElement>("train-count").value),
      prefer: $<HTMLSelectElement>("backend").value as BackendPreference,
    };
  }

  /** Starts a new run with the form's settings (`overrides` for the quick-train button). */
  async start(overrides: Partial<TrainConfig> = {}): Promise<void> {
    const config = this.#readForm();
    if (typeof config === "string") return this.#status(config, "error");
    const files = Array.from($<HTMLInputElement>("idx-files").files ?? []);
    const source: DataSource = files.length ? { kind: "files", files } : bundledDataSource(document.baseURI);
    this.#config = { ...config, ...overrides };
    const chosen = $<HTMLSelectElement>("preset").value;
    this.#preset = chosen === "custom" ? `custom (from ${this.#basePreset})` : chosen;
    this.#prefer = $<HTMLSelectElement>("backend").value as BackendPreference;
    this.#trainCount = Number($<HTMLInputElement>("train-count").value);
    this.#source = source;
    this.#model = null;
    this.#epoch = 0;
    this.#checkpointStep = 0;
    this.#records = [];
    this.#hooks.onRunStart([]);
    this.#launch(false);
  }

  #launch(resume: boolean): void {
    if (!this.#config || !this.#source) return;
    if (resume && this.#worker) {
      // Steps after the last finished epoch are trained again: drop their records first.
      this.#records = this.#records.filter((r) => r.type !== "step" || r.step <= this.#checkpointStep);
      this.#hooks.onRunStart(this.#records);
      this.#meter?.restart();
      this.#worker.postMessage({ type: "resume" });
    } else {
      this.#worker?.terminate();
      const worker = createComputeWorker();
      this.#worker = worker;
      worker.onmessage = (e: MessageEvent<WorkerMessage>) => this.#onMessage(e.data);
      worker.onerror = (e) =>
        this.#fail(`Cannot run the training worker: ${e.message || "it failed to load"}`);
      const stepsPerEpoch = Math.ceil(this.#trainCount / this.#config.batchSize);
      worker.postMessage({
        type: "train",
        source: this.#source,
        config: this.#config,
        trainCount: this.#trainCount,
        prefer: this.#prefer,
        // About 50 loss points per epoch: each one reads the device.
        stepEvery: Math.max(1, Math.round(stepsPerEpoch / 50)),
      });
    }
    this.#probe.start();
    this.#setRunning(true);
    this.#status(resume ? `Resuming after epoch ${this.#epoch}…` : "Starting…", "running");
  }

  /** Asks the worker to stop between steps; the last finished epoch's state is kept for resuming. */
  stop(): void {
    if (!this.#worker || !this.#running) return;
    this.#worker.postMessage({ type: "stop" });
    this.#status("Stopping…", "running");
  }

  #record(r: RunLogRecord): void {
    this.#records.push(r);
    this.#hooks.onRecord(r);
  }

  #onMessage(m: WorkerMessage): void {
    const config = this.#config!;
    switch (m.type) {
      case "status":
        this.#status(m.text, "running");
        break;
      case "backend": {
        this.#backendKind = m.kind;
        const a = m.adapter;
        const adapter = a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(" · ") : "none";
        const line = $("backend-line");
        line.textContent = `Backend: ${m.kind} — adapter: ${adapter || "unknown"} — reason: ${m.reason}`;
        line.dataset.backend = m.kind;
        this.#dataName = describeIdentity(m.identity);
        this.#meter = new ProgressMeter(m.trainCount, config.batchSize, config.epochs);
        this.#progress(0);
        this.#hooks.onData?.(m.identity, this.#source!);
        if (this.#records.length === 0) {
          const start = runLogRecord(
            { type: "run-start", config, backend: m.kind },
            {
              config: {
                ...config,
                preset: this.#preset,
                trainImages: m.trainCount,
                testImages: m.testCount,
              },
              backendReason: m.reason,
              adapter: m.adapter,
              software: { dashboard: "0.1.0", userAgent: navigator.userAgent },
              dataset: m.identity,
            },
          );
          this.#record(start);
        }
        break;
      }
      case "step":
        this.#record(m.record);
        this.#progress(m.record.step);
        break;
      case "epoch": {
        const { model, record } = m;
        this.#epoch = record.epoch;
        this.#checkpointStep = m.step;
        this.#model = model;
        this.#record(record);
        this.#progress(m.step);
        this.#hooks.onModel(model, record.epoch >= config.epochs);
        $("download-model").removeAttribute("disabled");
        const status = $("train-status");
        status.dataset.testAccuracy = String(record.testAccuracy);
        // Training alone, without evaluation or page load: what the e2e test compares across backends.
        status.dataset.trainSeconds = String(m.trainSeconds);
        this.#status(
          `Epoch ${record.epoch} of ${config.epochs} on ${this.#backendKind}: test accuracy ${(record.testAccuracy * 100).toFixed(2)}% on ${this.#dataName}, ${record.seconds.toFixed(1)} s.`,
          "running",
        );
        // Acknowledged after this task's microtasks (e.g. a MutationObserver reacting to the status), so a
        // Stop pressed in reaction to epoch N reaches the worker before it may report epoch N + 1.
        const worker = this.#worker;
        queueMicrotask(() => worker?.postMessage({ type: "shown", epoch: record.epoch }));
        break;
      }
      case "done": {
        const last = this.#records.filter((r): r is EpochRecord => r.type === "epoch").at(-1);
        this.#record(
          runLogRecord({ type: "run-end", epoch: m.epoch, seconds: m.seconds }, { lastEpoch: last }),
        );
        this.#end();
        this.#epoch = config.epochs;
        const acc = ((last?.testAccuracy ?? Number.NaN) * 100).toFixed(2);
        const epochs = `${this.#epoch} epoch${this.#epoch === 1 ? "" : "s"}`;
        this.#status(
          `Done: ${epochs} on ${this.#backendKind}, test accuracy ${acc}% on ${this.#dataName}.`,
          "done",
        );
        break;
      }
      case "stopped":
        this.#finishProbe();
        this.#setRunning(false);
        this.#status(
          `Stopped after epoch ${m.epoch} of ${config.epochs}; Resume continues from there.`,
          "stopped",
        );
        this.#hooks.onStopped?.();
        break;
      case "error":
        this.#fail(m.message);
        break;
    }
  }

  /** The run is over (finished or failed): the worker goes, the measurement is shown. */
  #end(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#finishProbe();
    this.#setRunning(false);
  }

  #fail(message: string): void {
    this.#end();
    if (this.#records.length) this.#record({ type: "error", time: new Date().toISOString(), message });
    this.#status(message, "error");
  }

  #finishProbe(): void {
    const r = this.#probe.read();
    this.#probe.stop();
    const p = $("responsiveness");
    p.textContent = describeResponsiveness(r);
    p.dataset.longestTaskMs = String(r.longestTaskMs);
    p.dataset.longestFrameGapMs = String(r.longestFrameGapMs);
  }

  #setRunning(running: boolean): void {
    this.#running = running;
    // While training, the status stays in view as the page scrolls to the charts.
    $("train-status-box").dataset.running = String(running);
    $<HTMLButtonElement>("train-start").disabled = running;
    $<HTMLButtonElement>("train-stop").disabled = !running;
    const canResume =
      !running && this.#worker !== null && this.#config !== null && this.#epoch < this.#config.epochs;
    $<HTMLButtonElement>("train-resume").disabled = !canResume;
    $<HTMLButtonElement>("download-log").disabled = this.#records.length === 0;
  }

  /** Shows the progress bar at global step `step`, with speed and time left once known. */
  #progress(step: number): void {
    if (!this.#meter) return;
    const r = this.#meter.read(step, performance.now());
    const bar = $<HTMLProgressElement>("train-progress");
    bar.hidden = false;
    bar.max = r.totalSteps;
    bar.value = r.step;
    const text = $("train-progress-text");
    text.hidden = false;
    text.textContent = step === 0 ? `Step 0 of ${r.totalSteps.toLocaleString("en-US")}` : describeProgress(r);
    text.dataset.step = String(r.step);
    text.dataset.total = String(r.totalSteps);
  }

  #status(text: string, state: string): void {
    const s = $("train-status");
    s.textContent = text;
    s.dataset.state = state;
  }

  #downloadModel(): void {
    if (!this.#model) return;
    const bytes = writeSafetensors(this.#model);
    download(new Blob([bytes as BlobPart], { type: "application/octet-stream" }), "model.safetensors");
  }

  #downloadLog(): void {
    const text = this.#records.map(formatRecord).join("");
    download(new Blob([text], { type: "application/x-ndjson" }), "run.jsonl");
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
