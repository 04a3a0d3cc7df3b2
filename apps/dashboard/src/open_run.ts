/**
 * Opening a run: files dropped or picked (a run log and/or a model), or `?run=URL` (with the model
 * looked up beside it as `model.safetensors`).
 * @module
 */
import { type RunLog, type RunLogRecord, readRunLog } from "@mnist/metrics";
import { readModel } from "./model_io.ts";
import type { WireModel } from "./protocol.ts";

/** What was opened; either part may be missing. */
export interface OpenedRun {
  readonly records: RunLogRecord[] | null;
  readonly model: WireModel | null;
  readonly notes: string[];
}

function describe(name: string, log: RunLog): string {
  const extra = [
    log.truncated ? "cut off mid-line" : "",
    log.skipped ? `${log.skipped} unknown skipped` : "",
  ];
  return [`${name}: ${log.records.length} records`, ...extra.filter(Boolean)].join(", ");
}

const isLog = (name: string) => /\.(jsonl|ndjson|txt)$/i.test(name);

/** Reads dropped or picked files. */
export async function openFiles(files: readonly File[]): Promise<OpenedRun> {
  let records: RunLogRecord[] | null = null;
  let model: WireModel | null = null;
  const notes: string[] = [];
  for (const file of files) {
    if (isLog(file.name)) {
      // Streamed: the reader holds one line at a time and stops at the first invalid record.
      const parsed = await readRunLog(file.stream(), { source: file.name });
      records = parsed.records;
      notes.push(describe(file.name, parsed));
    } else {
      model = readModel(new Uint8Array(await file.arrayBuffer()), file.name);
      notes.push(`${file.name}: model ${model.classes}×${model.features}`);
    }
  }
  return { records, model, notes };
}

/** Fetches `?run=URL` (relative to the page) and, if present, the model beside it. */
export async function openUrl(run: string, base: string): Promise<OpenedRun> {
  const url = new URL(run, base);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`Cannot load run log ${url.href}: HTTP ${response.status}, expected 200`);
  }
  const parsed = await readRunLog(response.body, { source: url.pathname });
  const notes = [describe(url.pathname, parsed)];
  let model: WireModel | null = null;
  for (const name of ["model.safetensors"]) {
    const m = await fetch(new URL(name, url)).catch(() => null);
    if (m?.ok) {
      model = readModel(new Uint8Array(await m.arrayBuffer()), name);
      notes.push(`${name}: model ${model.classes}×${model.features}`);
      break;
    }
  }
  return { records: parsed.records, model, notes };
}
