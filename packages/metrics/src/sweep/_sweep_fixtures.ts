// Test fixtures: a small finished sweep (manifest and logs) of `lrs` × `batches`.
import { RUN_LOG_VERSION, type RunLogRecord } from "../run_log.ts";
import type { SweepManifest, SweepRun } from "./sweep_manifest.ts";

/** A grid sweep over lr (and batch size when `batches` has more than one value), 3 epochs each. */
export function sampleSweep(
  lrs: readonly number[],
  batches: readonly number[] = [100],
): { manifest: SweepManifest; logs: Map<string, RunLogRecord[]> } {
  const keys = batches.length > 1 ? ["lr", "batchSize"] : ["lr"];
  const runs: SweepRun[] = [];
  const logs = new Map<string, RunLogRecord[]>();
  let n = 0;
  for (const batchSize of batches) {
    for (const lr of lrs) {
      n++;
      const id = `${String(n).padStart(2, "0")}_lr=${lr}${keys.length > 1 ? `_batch-size=${batchSize}` : ""}`;
      const config = { loss: "mse", optimizer: "sgd", lr, batchSize, epochs: 3, seed: 0 };
      // Accuracy peaks at lr 0.1 and drops with batch size: a shape the charts must show.
      const peak = 0.93 - 0.02 * Math.abs(Math.log10(lr / 0.1)) - batchSize / 1e5;
      const records: RunLogRecord[] = [
        {
          type: "run-start",
          version: RUN_LOG_VERSION,
          time: "2024-05-01T12:00:00.000Z",
          config,
          seed: 0,
          backend: "cpu",
        },
      ];
      for (let e = 1; e <= 3; e++) {
        records.push({
          type: "epoch",
          epoch: e,
          trainAccuracy: peak - 0.01 / e,
          testAccuracy: peak - 0.012 / e,
          trainLoss: 0.3 / e,
          testLoss: 0.31 / e,
          valAccuracy: peak - 0.01 / e,
          valLoss: 0.32 / e,
          seconds: 1,
        });
      }
      logs.set(id, records);
      runs.push({
        id,
        dir: id,
        values: keys.length > 1 ? { lr, batchSize } : { lr },
        config,
        status: "done",
        bestValAccuracy: peak - 0.01 / 3,
        bestEpoch: 3,
        bestValLoss: 0.32 / 3,
      });
    }
  }
  let best = runs[0];
  for (const r of runs) if ((r.bestValAccuracy ?? 0) > (best.bestValAccuracy ?? 0)) best = r;
  return {
    manifest: {
      format: "mnist-sweep",
      version: "1.0",
      time: "2024-05-01T12:00:00.000Z",
      mode: "grid",
      keys,
      validation: { count: 10000 },
      runs,
      best: best.id,
    },
    logs,
  };
}
