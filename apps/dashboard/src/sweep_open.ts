/**
 * Opening a sweep: its `sweep.json` and `sweep.jsonl` chosen or dropped together, or `?sweep=URL` of
 * the sweep directory (both files fetched from it). Each configuration's records come from the
 * combined log; a sweep opened by URL also knows where each configuration's run directory is.
 * @module
 */
import type { RunLogRecord } from "@mnist/metrics";
import { parseSweepLog, parseSweepManifest, type SweepManifest } from "@mnist/metrics/sweep";

/** A sweep that was opened. */
export interface OpenedSweep {
  readonly manifest: SweepManifest;
  /** Each configuration's run-log records, by id (empty for one not started). */
  readonly logs: ReadonlyMap<string, readonly RunLogRecord[]>;
  /** The sweep directory's URL (ending in `/`) when opened by URL: its runs can be opened from there. */
  readonly base: string | null;
  /** What was read, for the status line. */
  readonly note: string;
}

/** Whether chosen files are a sweep's (they include its `sweep.json`). */
export function isSweepFiles(files: readonly File[]): boolean {
  return files.some((f) => f.name === "sweep.json");
}

async function fetchText(url: URL, required: boolean): Promise<string | null> {
  const response = await fetch(url).catch((error) => {
    throw new Error(
      `Cannot open the sweep: fetching ${url.href} failed (${error}), expected a served sweep directory`,
    );
  });
  if (response.ok && !/text\/html/i.test(response.headers.get("content-type") ?? ""))
    return await response.text();
  if (!required) return null;
  throw new Error(`Cannot open the sweep: ${url.href} answered ${response.status}, expected its sweep.json`);
}

function logsOf(manifest: SweepManifest, text: string | null, source: string): Map<string, RunLogRecord[]> {
  const logs = new Map<string, RunLogRecord[]>(manifest.runs.map((r) => [r.id, []]));
  if (text === null) return logs;
  for (const [id, log] of parseSweepLog(text, source)) logs.set(id, log.records);
  return logs;
}

/**
 * Opens a sweep from its two files or its directory's URL.
 * @throws {Error} one line when sweep.json is missing or invalid, or sweep.jsonl is invalid.
 */
export async function openSweep(request: { files: readonly File[] } | { url: string }): Promise<OpenedSweep> {
  if ("url" in request) {
    const base = new URL(request.url.endsWith("/") ? request.url : `${request.url}/`);
    const manifestUrl = new URL("sweep.json", base);
    const manifest = parseSweepManifest((await fetchText(manifestUrl, true)) as string, manifestUrl.href);
    const logUrl = new URL("sweep.jsonl", base);
    const logs = logsOf(manifest, await fetchText(logUrl, false), logUrl.href);
    return {
      manifest,
      logs,
      base: base.href,
      note: `sweep ${base.pathname}: ${manifest.runs.length} configurations`,
    };
  }
  const manifestFile = request.files.find((f) => f.name === "sweep.json");
  if (manifestFile === undefined)
    throw new Error("Cannot open the sweep: no sweep.json was chosen, expected it with its sweep.jsonl");
  const manifest = parseSweepManifest(await manifestFile.text(), manifestFile.name);
  const logFile = request.files.find((f) => f.name.endsWith(".jsonl"));
  const logs = logsOf(manifest, logFile ? await logFile.text() : null, logFile?.name ?? "");
  const note = `sweep.json: ${manifest.runs.length} configurations${logFile ? `, ${logFile.name}` : " (no sweep.jsonl: no curves)"}`;
  return { manifest, logs, base: null, note };
}

/** Where a configuration's run log is, for a sweep opened by URL. */
export function runLogUrl(sweep: OpenedSweep, id: string): string | null {
  const run = sweep.manifest.runs.find((r) => r.id === id);
  if (sweep.base === null || run === undefined) return null;
  return new URL(`${encodeURIComponent(run.dir)}/run.jsonl`, sweep.base).href;
}
