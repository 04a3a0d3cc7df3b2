/**
 * The training panel's "small sweep": the tutorial's learning rates trained together in the compute
 * worker on the form's other settings, scored on held-out training images, and shown live in the
 * sweep view as a sweep opened from files would be (one point per learning rate).
 * @module
 */
import { type EpochRecord, RUN_LOG_VERSION, type RunLogRecord } from "@mnist/metrics";
import {
  bestRun,
  SWEEP_FORMAT,
  SWEEP_VERSION,
  type SweepManifest,
  type SweepRun,
} from "@mnist/metrics/sweep";
import type { TrainConfig } from "@mnist/softmax";
import type { BackendPreference } from "@mnist/tensor";
import type { DataSource } from "./data.ts";
import type { WorkerMessage } from "./protocol.ts";
import type { OpenedSweep } from "./sweep_open.ts";

/** The learning rates of the tutorial's comparison. */
export const SMALL_SWEEP_LRS: readonly number[] = [0.01, 0.03, 0.05, 0.1, 0.3];

/** Validation images held out of `trainCount` training images: 10,000 of 60,000, at most a sixth. */
export function smallSweepValidation(trainCount: number): number {
  return Math.max(1, Math.min(10_000, Math.round(trainCount / 6)));
}

/** What a small sweep reports to the page. */
export interface SmallSweepHooks {
  /** The sweep as it stands (after every epoch of any configuration). */
  update(sweep: OpenedSweep): void;
  status(text: string, state: "running" | "done" | "error"): void;
}

/** What the sweep trains. */
export interface SmallSweepSettings {
  readonly config: TrainConfig;
  readonly source: DataSource;
  readonly trainCount: number;
  readonly prefer: BackendPreference;
}

/** Runs one small sweep in a fresh worker. */
export function runSmallSweep(
  worker: Worker,
  settings: SmallSweepSettings,
  hooks: SmallSweepHooks,
): { stop(): void } {
  const configs = SMALL_SWEEP_LRS.map((lr) => ({ ...settings.config, lr }));
  const val = smallSweepValidation(settings.trainCount);
  const ids = configs.map((c, i) => `${String(i + 1).padStart(2, "0")}_lr=${c.lr}`);
  const logs = new Map<string, RunLogRecord[]>(ids.map((id) => [id, []]));
  const runs: SweepRun[] = ids.map((id, i) => ({
    id,
    dir: id,
    values: { lr: configs[i].lr },
    config: { ...configs[i], val },
    status: "running",
    bestValAccuracy: null,
    bestEpoch: null,
  }));
  let manifest: SweepManifest = {
    format: SWEEP_FORMAT,
    version: SWEEP_VERSION,
    time: new Date().toISOString(),
    mode: "grid",
    keys: ["lr"],
    validation: { count: val },
    runs,
    best: null,
  };
  const publish = () => hooks.update({ manifest, logs, base: null, note: "small sweep" });
  let backend = "";
  worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    switch (m.type) {
      case "status":
        hooks.status(m.text, "running");
        break;
      case "backend":
        backend = m.kind;
        for (const [i, id] of ids.entries()) {
          logs.get(id)?.push({
            type: "run-start",
            version: RUN_LOG_VERSION,
            time: manifest.time,
            config: { ...configs[i], val, trainImages: m.trainCount, testImages: m.testCount },
            seed: configs[i].seed,
            backend: m.kind,
            backendReason: m.reason,
            adapter: m.adapter,
            dataset: m.identity,
          });
        }
        publish();
        break;
      case "sweep-epoch": {
        const id = ids[m.member];
        const log = logs.get(id) as RunLogRecord[];
        log.push(m.record);
        const epochs = log.filter((r): r is EpochRecord => r.type === "epoch");
        const best = epochs.reduce<EpochRecord | undefined>(
          (b, r) => (b === undefined || (r.valAccuracy ?? 0) > (b.valAccuracy ?? 0) ? r : b),
          undefined,
        );
        const done = m.record.epoch >= configs[m.member].epochs;
        const next = manifest.runs.map((r, i) =>
          i === m.member
            ? {
                ...r,
                status: done ? ("done" as const) : r.status,
                bestValAccuracy: best?.valAccuracy ?? null,
                bestEpoch: best?.epoch ?? null,
                bestValLoss: best?.valLoss ?? null,
              }
            : r,
        );
        manifest = { ...manifest, runs: next, best: bestRun(next) };
        publish();
        hooks.status(`Small sweep on ${backend}: ${id} finished epoch ${m.record.epoch}.`, "running");
        break;
      }
      case "sweep-failed": {
        const runs = manifest.runs.map((r, i) => (i === m.member ? { ...r, status: "failed" as const } : r));
        manifest = { ...manifest, runs, best: bestRun(runs) };
        publish();
        hooks.status(`Small sweep on ${backend}: ${ids[m.member]} failed: ${m.message}`, "running");
        break;
      }
      case "sweep-done": {
        worker.terminate();
        const best = manifest.runs.find((r) => r.id === manifest.best);
        hooks.status(
          `Small sweep done in ${m.seconds.toFixed(1)} s on ${backend}: best learning rate ${best?.values.lr} (${((best?.bestValAccuracy ?? 0) * 100).toFixed(2)}% validation accuracy).`,
          "done",
        );
        break;
      }
      case "error":
        worker.terminate();
        hooks.status(m.message, "error");
        break;
    }
  };
  worker.onerror = (e) =>
    hooks.status(`Cannot run the sweep worker: ${e.message || "it failed to load"}`, "error");
  worker.postMessage({
    type: "sweep",
    source: settings.source,
    configs,
    trainCount: settings.trainCount,
    val,
    prefer: settings.prefer,
  });
  return { stop: () => worker.terminate() };
}
