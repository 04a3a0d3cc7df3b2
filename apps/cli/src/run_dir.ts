/**
 * The run directory that `mnist train` writes and `--resume`, `mnist report`, `eval`, `predict` and
 * `export` read — the one place that knows its layout:
 * - `run.jsonl` — the run log (`@mnist/metrics` format), rewritten atomically when a run starts, then
 *   appended record by record, so an interrupted run leaves a valid log;
 * - `checkpoints/epoch-NNN/{model,optimizer}.safetensors` + `checkpoint.json` — everything `--resume`
 *   needs to continue bit for bit; the sidecar goes last, so its presence marks a complete checkpoint;
 *   `checkpoints/epoch-NNN-step-SSSSSSSSS/` the same inside epoch NNN + 1, after global step S
 *   (`--checkpoint-every-steps`, Ctrl-C);
 * - `model.safetensors` + `model-meta.json` — the final model (PyTorch `nn.Linear` layout) and its
 *   sidecar, which records the data it was trained on (runs before it was renamed have `model.json`);
 * - `accuracy.svg`, `loss.svg`, `report.html` — charts and report rendered from the log.
 * A run may start only in a new or empty directory or, with `--force` or `--resume`, an earlier run's
 * (see `run_dir_guard.ts`, which also keeps out a second writer); it then replaces what the earlier run
 * left there. Every file is written atomically, and every file read here must resolve inside the run
 * directory.
 * @module
 */
import { join } from "node:path";
import type { DatasetIdentity } from "@mnist/idx";
import { writeFileAtomic } from "@mnist/idx/fs";
import {
  formatRecord,
  type RunLog,
  type RunLogRecord,
  type RunStartRecord,
  readRunLog,
} from "@mnist/metrics";
import { renderReportHtml } from "@mnist/metrics/report";
import { renderAccuracySvg, renderLossSvg } from "@mnist/metrics/svg";
import {
  type CheckpointInfo,
  decodeCheckpoint,
  encodeCheckpoint,
  encodeModel,
  resolveConfig,
  type SoftmaxRegression,
  type StreamLayout,
  sidecarDataset,
  sidecarStream,
  type TrainConfig,
  type TrainingState,
} from "@mnist/softmax";
import { checkInside, openChecked, readChecked, readCheckedText } from "./checked_fs.ts";
import { type ClaimOptions, claimRunDir, type RunDirClaim } from "./run_dir_guard.ts";
import { errorMessage, UsageError } from "./usage_error.ts";

/** The final model's sidecar in a run directory. */
export const MODEL_META = "model-meta.json";
/** What {@link MODEL_META} was called before (tfjs users expect a `model.json` to be a LayersModel). */
export const LEGACY_MODEL_META = "model.json";

/** The run log's file name in a run directory. */
export const RUN_LOG = "run.jsonl";

/** How the error record of a run stopped with Ctrl-C begins (the run list, report and comparison tell it from a failure). */
export { INTERRUPTED_MESSAGE } from "@mnist/metrics";

/**
 * Directory of the checkpoint after `epoch`, or inside the epoch after it at global step `step`,
 * relative to the run directory.
 */
export function checkpointDir(epoch: number, step?: number): string {
  const name = `epoch-${String(epoch).padStart(3, "0")}`;
  return join("checkpoints", step === undefined ? name : `${name}-step-${String(step).padStart(9, "0")}`);
}

/** Where a checkpoint directory's name places it in a run: `[epochs completed, steps inside the next]` order. */
interface CheckpointName {
  readonly epoch: number;
  /** The global step of a checkpoint inside an epoch; absent after a whole epoch. */
  readonly step?: number;
}

function parseCheckpointName(name: string): CheckpointName | undefined {
  const m = /^epoch-(\d+)(?:-step-(\d+))?$/.exec(name);
  if (m === null) return undefined;
  return m[2] === undefined ? { epoch: Number(m[1]) } : { epoch: Number(m[1]), step: Number(m[2]) };
}

/** Whether checkpoint `a` was taken after `b` (a checkpoint inside an epoch follows the one before it). */
function later(a: CheckpointName, b: CheckpointName): boolean {
  return a.epoch !== b.epoch ? a.epoch > b.epoch : (a.step ?? -1) > (b.step ?? -1);
}

/**
 * Reads and validates a run log with the `@mnist/metrics` reader; an interrupted last line is left out.
 * The file must be a regular file within the run-log size cap (a FIFO is refused, never opened).
 * @param path the run.jsonl.
 * @param root the run directory it was found in, which it must resolve inside.
 * @throws {UsageError} when the file is missing, not a regular file or too large, or with the reader's
 *   message naming the line when a record is invalid.
 */
export async function loadRunLog(path: string, root?: string): Promise<RunLog> {
  const file = await openChecked(path, "runLog", {
    root,
    expected: "the run.jsonl of a run directory",
  });
  try {
    return await readRunLog(file.readable, { source: path });
  } catch (error) {
    // The reader's errors are one sentence naming the line ("Cannot read <path> line 3: …").
    if (error instanceof SyntaxError || error instanceof TypeError || error instanceof RangeError)
      throw new UsageError(error.message);
    throw error;
  }
}

/** Writes the charts and the HTML report of the run in `dir` from its log; returns the files written. */
export async function writeReport(dir: string): Promise<string[]> {
  const { records } = await loadRunLog(join(dir, RUN_LOG), dir);
  const files: [string, string][] = [
    [join(dir, "accuracy.svg"), `${renderAccuracySvg(records)}\n`],
    [join(dir, "loss.svg"), `${renderLossSvg(records)}\n`],
    [join(dir, "report.html"), renderReportHtml(records, { source: dir })],
  ];
  for (const [path, text] of files) await writeFileAtomic(path, text);
  return files.map(([path]) => path);
}

/** A run to continue: its log, its newest complete checkpoint (if any) and what it was started with. */
export interface ResumePoint {
  /** The run directory resumed from. */
  readonly dir: string;
  readonly log: RunLog;
  /** The newest complete checkpoint's state; `undefined` when the run stopped before its first. */
  readonly state?: TrainingState;
  /** Epochs completed: the checkpoint's, or 0. */
  readonly epoch: number;
  /** Optimiser steps completed: the checkpoint's, or 0 (more than `epoch` epochs' inside an epoch). */
  readonly step: number;
  /** The configuration to continue with: the checkpoint's, or the run log's when there is none. */
  readonly config: TrainConfig;
  /** The checkpoint's directory (not relative), when there is one. */
  readonly checkpointDir?: string;
  /** The data the run was trained on, when recorded. */
  readonly dataset?: DatasetIdentity;
  /** SHA-256 sums by file name, in checkpoints written before `dataset` existed. */
  readonly datasets?: Record<string, string>;
  /** Whether the log ends the run (`run-end`): its final model was written. */
  readonly complete: boolean;
  /** Settings of the run-start record that the training configuration does not hold. */
  readonly preset: string;
  readonly limit?: number;
  readonly dataDir?: string;
  /** When the resumed run started: the resumed log keeps it. */
  readonly time: string;
  /** The memory budget of a streamed run. */
  readonly memoryBudget?: number;
  /** How a streamed run cuts its training set (the checkpoint's, else the log's); absent in memory. */
  readonly stream?: StreamLayout;
}

/** Run-start `config` fields that are the CLI's, not the trainer's. */
const RUN_SETTINGS = [
  "preset",
  "limit",
  "dataDir",
  "resumedAfterEpoch",
  "memoryBudget",
  "stream",
  "augment",
  "val",
  "valFraction",
  "keep",
  "patience",
];

/**
 * Reads what `--resume runDir` continues from: the run log, then the newest complete checkpoint. A run
 * interrupted before its first checkpoint continues from the start, with the configuration its log
 * recorded, so the resume command printed at any interruption works.
 * @param atMost the newest epoch to continue from (a sweep resumes a group from the epoch all its
 *   runs reached); default the newest checkpoint.
 * @throws {UsageError} naming the directory when the log or a checkpoint is missing, corrupt or
 *   tampered with.
 */
export async function openResumePoint(runDir: string, atMost = Infinity): Promise<ResumePoint> {
  const log = await loadRunLog(join(runDir, RUN_LOG), runDir);
  const start = log.records[0] as RunStartRecord; // the reader guarantees run-start comes first
  const config = start.config as Record<string, unknown>;
  const checkpoint = await loadLatestCheckpoint(runDir, atMost);
  const logged = Object.fromEntries(Object.entries(config).filter(([k]) => !RUN_SETTINGS.includes(k)));
  if (checkpoint === undefined) {
    try {
      resolveConfig(logged as unknown as TrainConfig);
    } catch (error) {
      throw new UsageError(
        `Cannot use --resume ${runDir}: its run.jsonl holds no usable configuration (${errorMessage(error)}), expected the run-start record of "mnist train"`,
      );
    }
  }
  return {
    dir: runDir,
    log,
    epoch: checkpoint?.state.epoch ?? 0,
    step: checkpoint?.state.step ?? 0,
    config: checkpoint?.state.config ?? (logged as unknown as TrainConfig),
    ...checkpoint,
    // Before the first checkpoint, the data is the one the log's run-start record names.
    ...(checkpoint === undefined ? { dataset: start.dataset, datasets: start.datasets } : {}),
    complete: log.records.some((r) => r.type === "run-end"),
    preset: typeof config.preset === "string" ? config.preset : "tutorial",
    limit: typeof config.limit === "number" ? config.limit : undefined,
    dataDir: typeof config.dataDir === "string" ? config.dataDir : undefined,
    time: start.time,
    ...recordedStream(runDir, config, checkpoint?.stream),
  };
}

/** A streamed run's budget and layout: the checkpoint's layout, else the run log's. */
function recordedStream(
  runDir: string,
  config: Record<string, unknown>,
  fromCheckpoint: StreamLayout | undefined,
): { memoryBudget?: number; stream?: StreamLayout } {
  let stream: StreamLayout | undefined;
  try {
    stream = fromCheckpoint ?? sidecarStream(config, join(runDir, RUN_LOG));
  } catch (error) {
    throw new UsageError(`Cannot use --resume ${runDir}: ${errorMessage(error)}`);
  }
  const budget = config.memoryBudget;
  return stream === undefined
    ? {}
    : { stream, ...(typeof budget === "number" && budget > 0 ? { memoryBudget: budget } : {}) };
}

async function checkpointNames(runDir: string): Promise<CheckpointName[]> {
  const dir = join(runDir, "checkpoints");
  await checkInside(runDir, dir, `the run directory ${runDir}`);
  const epochs: CheckpointName[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const name = parseCheckpointName(entry.name);
      if (entry.isDirectory && name) epochs.push(name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return epochs;
}

async function loadLatestCheckpoint(
  runDir: string,
  atMost: number,
): Promise<
  | {
      state: TrainingState;
      checkpointDir: string;
      dataset?: DatasetIdentity;
      datasets?: Record<string, string>;
      stream?: StreamLayout;
    }
  | undefined
> {
  // A sweep resumes its group after a whole epoch: not from inside one.
  const names = (await checkpointNames(runDir)).filter(
    (n) => atMost === Infinity || (n.epoch <= atMost && n.step === undefined),
  );
  names.sort((a, b) => (later(a, b) ? -1 : later(b, a) ? 1 : 0));
  const grant = { root: runDir, rootName: `the run directory ${runDir}` };
  for (const name of names) {
    const dir = join(runDir, checkpointDir(name.epoch, name.step));
    try {
      await Deno.lstat(join(dir, "checkpoint.json"));
    } catch {
      continue; // incomplete: interrupted while writing; use the one before
    }
    const sidecar = await readCheckedText(join(dir, "checkpoint.json"), "sidecar", grant);
    const model = await readChecked(join(dir, "model.safetensors"), "model", grant);
    const optimizer = await readChecked(join(dir, "optimizer.safetensors"), "optimizer", grant);
    let state: TrainingState;
    let dataset: DatasetIdentity | undefined;
    try {
      state = decodeCheckpoint({ model, optimizer, sidecar });
      dataset = sidecarDataset(JSON.parse(sidecar), join(dir, "checkpoint.json"));
      // The name says where in the run the checkpoint is: it must agree with what the sidecar holds.
      const inside = state.epochStep === undefined ? undefined : state.step;
      if (state.epoch !== name.epoch || inside !== name.step) {
        throw new RangeError(
          `checkpoint.json is at epoch ${state.epoch}, step ${state.step}${state.epochStep === undefined ? "" : ` (${state.epochStep} into the next epoch)`}, expected the directory's ${checkpointDir(state.epoch, inside)}`,
        );
      }
    } catch (error) {
      throw new UsageError(
        `Cannot use --resume ${runDir}: checkpoint ${dir} is unusable (${errorMessage(error)}), expected files written by "mnist train"`,
      );
    }
    const { datasets } = JSON.parse(sidecar);
    if (datasets === undefined && dataset === undefined) {
      throw new UsageError(
        `Cannot use --resume ${runDir}: ${join(dir, "checkpoint.json")} has no dataset field, expected the identity of the data it was trained on`,
      );
    }
    let stream: StreamLayout | undefined;
    try {
      stream = sidecarStream(JSON.parse(sidecar), join(dir, "checkpoint.json"));
    } catch (error) {
      throw new UsageError(`Cannot use --resume ${runDir}: ${errorMessage(error)}`);
    }
    return { state, checkpointDir: dir, dataset, datasets, stream };
  }
  return undefined;
}

/**
 * A run directory being written by one run. {@link RunDirectory.claim} checks, before any data is
 * loaded, that the run may write here and takes the directory's lock; nothing but the lock file is
 * written before {@link RunDirectory.start}, so a run that fails earlier leaves the directory as it was.
 */
export class RunDirectory {
  readonly path: string;
  #log: Deno.FsFile | undefined;
  #echo: ((text: string) => Promise<void>) | undefined;
  #encoder = new TextEncoder();
  #claim: RunDirClaim | undefined;
  #started = false;

  /**
   * @param path the run directory.
   * @param echo called with every log line written (e.g. `--json` prints them).
   */
  constructor(path: string, echo?: (text: string) => Promise<void>) {
    this.path = path;
    this.#echo = echo;
  }

  /**
   * Checks that this run may write the directory (new, empty, or an earlier run it may replace or
   * continue; no links; not `/`, home or the data) and locks it against a second writer.
   * @throws {UsageError} naming the flag and what was found.
   */
  async claim(options: ClaimOptions): Promise<void> {
    this.#claim = await claimRunDir(this.path, options);
  }

  /** Whether {@link RunDirectory.start} has written the log. */
  get started(): boolean {
    return this.#started;
  }

  /**
   * Starts the run:  removes what an earlier run left that this one would not
   * write itself, and writes the log atomically — `start`, then, when resuming, the resumed log's steps,
   * epochs and checkpoints up to the checkpoint (its `error` record and anything later are dropped, so
   * the log reads like one run).
   */
  async start(start: RunStartRecord, resumed?: ResumePoint): Promise<void> {
    if (this.#claim === undefined) throw new Error(`Cannot start a run in ${this.path}: not claimed`);
    this.#started = true;
    const at = resumed !== undefined && this.path === resumed.dir ? resumedName(resumed) : { epoch: 0 };
    await this.#removeStale(at);
    const kept = resumed === undefined ? [] : keptRecords(resumed.log, resumedName(resumed), resumed.step);
    const text = [start, ...kept].map(formatRecord).join("");
    const logPath = join(this.path, RUN_LOG);
    await writeFileAtomic(logPath, text);
    this.#log = await Deno.open(logPath, { append: true });
    await this.#echo?.(text);
  }

  /** Appends a record to the log (once started) and echoes it. */
  async record(record: RunLogRecord): Promise<void> {
    const line = formatRecord(record);
    if (this.#log !== undefined) await this.#log.write(this.#encoder.encode(line));
    await this.#echo?.(line);
  }

  /** Writes the checkpoint of `state`; returns its directory relative to the run directory. */
  async saveCheckpoint(state: TrainingState, info: CheckpointInfo): Promise<string> {
    const rel = checkpointDir(state.epoch, state.epochStep === undefined ? undefined : state.step);
    const dir = join(this.path, rel);
    await Deno.mkdir(dir, { recursive: true });
    const encoded = encodeCheckpoint(state, info);
    await writeFileAtomic(join(dir, "model.safetensors"), encoded.model);
    await writeFileAtomic(join(dir, "optimizer.safetensors"), encoded.optimizer);
    await writeFileAtomic(join(dir, "checkpoint.json"), `${JSON.stringify(encoded.sidecar, null, 2)}\n`);
    return rel;
  }

  /** Writes the final model: `model.safetensors` and its sidecar `model-meta.json`. */
  async saveModel(model: SoftmaxRegression, sidecar: Record<string, unknown>): Promise<void> {
    await writeFileAtomic(join(this.path, "model.safetensors"), encodeModel(model));
    const json = {
      format: "mnist-softmax-model",
      features: model.features,
      classes: model.classes,
      ...sidecar,
    };
    await writeFileAtomic(join(this.path, MODEL_META), `${JSON.stringify(json, null, 2)}\n`);
  }

  /** Writes the charts and the report from the log. */
  async writeReport(): Promise<string[]> {
    return await writeReport(this.path);
  }

  /** Closes the log and releases the directory (removing it again if this run created it and wrote nothing). */
  async close(): Promise<void> {
    this.#log?.close();
    this.#log = undefined;
    await this.#claim?.release(!this.#started);
    this.#claim = undefined;
  }

  /**
   * Removes the checkpoints after `after` (all of them after epoch 0) and, from the start, the final
   * model — so `--resume` and `--model` never pick up another run's files.
   */
  async #removeStale(after: CheckpointName): Promise<void> {
    const stale: string[] = [];
    try {
      for await (const entry of Deno.readDir(join(this.path, "checkpoints"))) {
        const name = parseCheckpointName(entry.name);
        if (entry.isDirectory && name && later(name, after))
          stale.push(join(this.path, "checkpoints", entry.name));
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (after.epoch === 0 && after.step === undefined) {
      stale.push(
        join(this.path, "model.safetensors"),
        join(this.path, MODEL_META),
        join(this.path, LEGACY_MODEL_META),
      );
    }
    for (const path of stale)
      await Deno.remove(path, { recursive: true }).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
  }
}

/** The checkpoint a run resumes from, as named in its run directory (epoch 0: from the start). */
function resumedName(resumed: ResumePoint): CheckpointName {
  const inside = resumed.state?.epochStep !== undefined;
  return inside ? { epoch: resumed.epoch, step: resumed.step } : { epoch: resumed.epoch };
}

/** The records of a resumed run's log that stay true after resuming from checkpoint `at`, at global `step`. */
function keptRecords(log: RunLog, at: CheckpointName, step: number): RunLogRecord[] {
  return log.records.filter((r) => {
    if (r.type === "epoch") return r.epoch <= at.epoch;
    if (r.type === "step") return r.epoch <= at.epoch || r.step <= step;
    if (r.type !== "checkpoint") return false;
    const name = parseCheckpointName(r.path.split(/[\\/]/).at(-1) ?? "");
    return name === undefined ? r.epoch <= at.epoch : !later(name, at);
  });
}
