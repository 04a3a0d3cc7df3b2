/**
 * The runs of a runs directory as `mnist dashboard` lists them (`GET /api/runs`): one summary per run
 * directory (`RUNS_DIR/NAME/run.jsonl`, or one level deeper for a directory of runs such as a sweep),
 * read from its run log and its lock file. A log that is being appended is read only up to its last
 * complete line, and only what was appended since the last request is parsed (the trainer appends to
 * the log it wrote atomically at the start, so the same inode that grew is the same run).
 * @module
 */
import { join } from "node:path";
import {
  endedStatus,
  RunLogParser,
  type RunLogRecord,
  type RunStartRecord,
  type RunStatus,
  type RunSummary,
} from "@mnist/metrics";

export type { RunStatus, RunSummary };

import { RUN_LOG } from "./run_dir.ts";
import { LOCK_FILE, lockHeld } from "./run_dir_guard.ts";
import { errorMessage } from "./usage_error.ts";

/** Run directories listed at most (a runs directory holds dozens). */
const MAX_RUNS = 2000;
/** Bytes of a log parsed per read. */
const CHUNK = 1 << 20;

/** What has been read of one run log. */
interface LogState {
  ino: number | null;
  /** Bytes consumed (through the last complete line). */
  offset: number;
  parser: RunLogParser;
  start: RunStartRecord | null;
  epochs: number;
  lastTest: number | null;
  bestTest: number | null;
  lastVal: number | null;
  bestVal: number | null;
  epochSeconds: number;
  end: Extract<RunLogRecord, { type: "run-end" }> | null;
  error: string | null;
  problem: string | null;
}

function freshState(ino: number | null, name: string): LogState {
  return {
    ino,
    offset: 0,
    parser: new RunLogParser({ source: `${name}/${RUN_LOG}` }),
    start: null,
    epochs: 0,
    lastTest: null,
    bestTest: null,
    lastVal: null,
    bestVal: null,
    epochSeconds: 0,
    end: null,
    error: null,
    problem: null,
  };
}

const finite = (x: number | undefined): number | null =>
  typeof x === "number" && Number.isFinite(x) ? x : null;
const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

function take(state: LogState, r: RunLogRecord): void {
  switch (r.type) {
    case "run-start":
      state.start = r;
      break;
    case "epoch":
      state.epochs = r.epoch;
      state.lastTest = finite(r.testAccuracy);
      state.bestTest = max(state.bestTest, state.lastTest);
      state.lastVal = finite(r.valAccuracy);
      state.bestVal = max(state.bestVal, state.lastVal);
      state.epochSeconds += finite(r.seconds) ?? 0;
      break;
    case "run-end":
      state.end = r;
      break;
    case "error":
      state.error = r.message;
      break;
  }
}

/** Run summaries of one runs directory, remembering what it has read of each log. */
export class RunsIndex {
  readonly #root: string;
  readonly #logs = new Map<string, LogState>();

  /** @param root the runs directory. */
  constructor(root: string) {
    this.#root = root;
  }

  /**
   * Every run under the runs directory, newest first.
   * @throws the file-system error when the runs directory itself cannot be read.
   */
  async list(): Promise<RunSummary[]> {
    const names = await this.#runDirs();
    const seen = new Set(names);
    for (const name of this.#logs.keys()) if (!seen.has(name)) this.#logs.delete(name);
    const runs: RunSummary[] = [];
    for (const name of names) runs.push(await this.#summary(name));
    return runs.sort(
      (a, b) => (b.startedAt ?? "").localeCompare(a.startedAt ?? "") || a.name.localeCompare(b.name),
    );
  }

  /** Directories holding a run log: children of the root, or grandchildren under a child without one. */
  async #runDirs(): Promise<string[]> {
    const out: string[] = [];
    for (const child of await this.#subdirs(this.#root)) {
      if (out.length >= MAX_RUNS) break;
      const dir = join(this.#root, child);
      if (await isRegularFile(join(dir, RUN_LOG))) out.push(child);
      else
        for (const grandchild of await this.#subdirs(dir).catch(() => [])) {
          if (await isRegularFile(join(dir, grandchild, RUN_LOG))) out.push(`${child}/${grandchild}`);
        }
    }
    return out.slice(0, MAX_RUNS);
  }

  /** Names of the real (not linked) directories in `dir`, hidden ones left out. */
  async #subdirs(dir: string): Promise<string[]> {
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory && !entry.isSymlink && !entry.name.startsWith(".")) names.push(entry.name);
      if (names.length >= MAX_RUNS) break;
    }
    return names.sort();
  }

  async #summary(name: string): Promise<RunSummary> {
    const dir = join(this.#root, ...name.split("/"));
    const state = await this.#read(name, join(dir, RUN_LOG));
    const running = await lockHeld(join(dir, LOCK_FILE));
    // The log's last run-end and error records, as far as read: the same rule as the report's.
    const ended = [
      state.end ?? [],
      state.error === null ? [] : { type: "error", message: state.error },
    ].flat();
    const status: RunStatus = running ? "running" : endedStatus(ended).status;
    const config = state.start?.config ?? {};
    const str = (k: string) => (typeof config[k] === "string" ? (config[k] as string) : null);
    const num = (k: string) => finite(config[k] as number | undefined);
    const end = state.end;
    return {
      name,
      log: `/runs/${name.split("/").map(encodeURIComponent).join("/")}/${RUN_LOG}`,
      status,
      startedAt: state.start?.time ?? null,
      dataset: state.start?.dataset?.name ?? null,
      config: {
        preset: str("preset"),
        loss: str("loss"),
        optimizer: str("optimizer"),
        lr: num("lr"),
        batchSize: num("batchSize"),
        epochs: num("epochs"),
      },
      backend: state.start?.backend ?? null,
      epochsDone: state.epochs,
      epochsTotal: num("epochs"),
      finalTestAccuracy: (end && finite(end.testAccuracy)) ?? state.lastTest,
      bestTestAccuracy: state.bestTest,
      finalValAccuracy: state.lastVal,
      bestValAccuracy: state.bestVal,
      seconds: (end && finite(end.seconds)) ?? state.epochSeconds,
      note: end?.stopped ?? state.error,
      hasModel: await isRegularFile(join(dir, "model.safetensors")),
      problem: state.problem,
    };
  }

  /** Reads what was appended to `path` since the last call (all of it when the file was replaced). */
  async #read(name: string, path: string): Promise<LogState> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path);
    } catch (error) {
      const state = freshState(null, name);
      state.problem = `Cannot read ${name}/${RUN_LOG}: ${errorMessage(error)}`;
      return state;
    }
    try {
      const info = await file.stat();
      let state = this.#logs.get(name);
      if (state === undefined || state.ino !== info.ino || info.size < state.offset) {
        state = freshState(info.ino, name);
        this.#logs.set(name, state);
      }
      if (state.problem !== null) return state;
      await file.seek(state.offset, Deno.SeekMode.Start);
      const buffer = new Uint8Array(CHUNK);
      const decoder = new TextDecoder();
      for (;;) {
        const n = await file.read(buffer);
        if (n === null || n === 0) break;
        // Only whole lines are consumed: a line being written is read on a later request.
        const last = buffer.subarray(0, n).lastIndexOf(10);
        if (last < 0) {
          if (n === CHUNK) state.problem = `Cannot read ${name}/${RUN_LOG}: a line over ${CHUNK} bytes`;
          break;
        }
        try {
          for (const r of state.parser.push(decoder.decode(buffer.subarray(0, last + 1)))) take(state, r);
        } catch (error) {
          state.problem = errorMessage(error);
          break;
        }
        state.offset += last + 1;
        await file.seek(state.offset, Deno.SeekMode.Start);
      }
      return state;
    } finally {
      file.close();
    }
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await Deno.lstat(path)).isFile;
  } catch {
    return false;
  }
}
