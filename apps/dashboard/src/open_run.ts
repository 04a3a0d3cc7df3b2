/**
 * Opening a run: files dropped or picked (a run log and/or a model), or `?run=URL` (with the model
 * looked up beside it as `model.safetensors`). The log is stream-parsed and thinned in a worker, so a
 * log of millions of records never blocks the page; a model that is missing or bad is one line, and
 * the rest of the run is still shown.
 * @module
 */
import type { RunLogRecord, RunStartRecord } from "@mnist/metrics";
import { readModel } from "./model_io.ts";
import type { WireModel, WorkerMessage } from "./protocol.ts";
import { type RunData, runData } from "./run_data.ts";
import { createComputeWorker } from "./train_panel.ts";

/**
 * What to open: chosen files, or a run log's absolute URL (`model: false` when it is known that no
 * model lies beside it yet, as for a run still training: it is then not asked for).
 */
export type OpenRequest =
  | { readonly files: readonly File[] }
  | { readonly url: string; readonly model?: boolean };

/** What was opened; the log or the model may be missing, and `problems` says what went wrong. */
export interface OpenedRun {
  /** The records to show (steps and epochs of a long log thinned), or null without a log. */
  readonly records: RunLogRecord[] | null;
  readonly model: WireModel | null;
  readonly modelName: string;
  /** What was read, one phrase per file. */
  readonly notes: string[];
  /** Summary lines about the log itself (records read, drawn). */
  readonly summary: [string, string][];
  /** Problems that left part of the run unshown, one line each. */
  readonly problems: string[];
  /** What the log says about the run's data. */
  readonly data: RunData;
  /** The log's dataset record is malformed: no view may be recomputed on any data. */
  readonly dataUnreadable: boolean;
  /** Bytes of the log read through its last complete record (where following a growing log goes on). */
  readonly logBytes: number;
}

type LogMessage = Extract<WorkerMessage, { type: "log" }>;

/** An error as one sentence. */
function sentence(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Reads a run log in a worker; rejects with the worker's one-line error. */
export function readLog(request: { file: File } | { url: string }): Promise<LogMessage> {
  return new Promise((resolve, reject) => {
    const worker = createComputeWorker();
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === "log") resolve(m);
      else if (m.type === "error") reject(new Error(m.message));
      else return;
      worker.terminate();
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`Cannot read the run log: the worker failed (${e.message || "it failed to load"})`));
    };
    worker.postMessage({ type: "read-log", ...request });
  });
}

const count = (n: number) => n.toLocaleString("en-US");

function describeLog(log: LogMessage): { note: string; summary: [string, string][] } {
  const extra = [
    log.truncated ? "cut off mid-line" : "",
    log.skipped ? `${log.skipped} unknown skipped` : "",
  ].filter(Boolean);
  const note = [`${log.name}: ${log.total} records`, ...extra].join(", ");
  const summary: [string, string][] = [["Log", `${log.name}: ${count(log.total)} records`]];
  const thinned = [
    log.steps.kept < log.steps.read ? `${count(log.steps.kept)} of ${count(log.steps.read)} steps` : "",
    log.epochs.kept < log.epochs.read ? `${count(log.epochs.kept)} of ${count(log.epochs.read)} epochs` : "",
  ].filter(Boolean);
  if (thinned.length) {
    summary.push(["Drawn", `${thinned.join(", ")} (each stretch's lowest and highest values kept)`]);
  }
  return { note, summary };
}

const isLog = (name: string) => /\.(jsonl|ndjson|txt)$/i.test(name);

/** Fetches the model beside a log URL: null when there is none (404, or a server's HTML page instead). */
async function fetchModel(logUrl: string): Promise<{ bytes: Uint8Array; name: string } | null> {
  const url = new URL("model.safetensors", logUrl);
  const response = await fetch(url).catch(() => null);
  if (!response?.ok || /text\/html/i.test(response.headers.get("content-type") ?? "")) return null;
  return { bytes: new Uint8Array(await response.arrayBuffer()), name: "model.safetensors" };
}

/**
 * Opens a run. Rejects only when nothing can be shown (the log itself is unreadable, or nothing was
 * chosen); a bad or missing model is a problem line beside the log's views.
 */
export async function openRun(request: OpenRequest): Promise<OpenedRun> {
  const notes: string[] = [];
  const problems: string[] = [];
  let summary: [string, string][] = [];
  let records: RunLogRecord[] | null = null;
  let logBytes = 0;
  let modelFile: { bytes: Uint8Array; name: string } | null = null;
  if ("url" in request) {
    const log = await readLog({ url: request.url });
    records = log.records;
    logBytes = log.bytes;
    ({ note: notes[0], summary } = describeLog(log));
    modelFile = request.model === false ? null : await fetchModel(request.url);
    if (!modelFile) notes.push("no model.safetensors beside it (log-only views)");
  } else {
    const logFile = request.files.find((f) => isLog(f.name));
    const other = request.files.find((f) => !isLog(f.name));
    if (logFile) {
      const log = await readLog({ file: logFile });
      records = log.records;
      logBytes = log.bytes;
      const d = describeLog(log);
      notes.push(d.note);
      summary = d.summary;
    }
    if (other) modelFile = { bytes: new Uint8Array(await other.arrayBuffer()), name: other.name };
  }
  let model: WireModel | null = null;
  if (modelFile) {
    try {
      model = readModel(modelFile.bytes, modelFile.name);
      notes.push(`${modelFile.name}: model ${model.classes}×${model.features}`);
    } catch (error) {
      if (!records) throw error;
      problems.push(sentence(error));
    }
  }
  const start = records?.find((r): r is RunStartRecord => r.type === "run-start");
  let data: RunData = { kind: "unknown", bundled: false };
  let dataUnreadable = false;
  try {
    data = runData(start, notes[0]?.split(":")[0]);
  } catch (error) {
    dataUnreadable = true;
    problems.push(sentence(error));
  }
  const modelName = modelFile?.name ?? "";
  return { records, model, modelName, notes, summary, problems, data, dataUnreadable, logBytes };
}
