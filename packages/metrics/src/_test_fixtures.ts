// Test fixtures: a deterministic, tutorial-like run log (10 epochs, a step record every 10 steps).
import { ConfusionMatrix } from "./confusion_matrix.ts";
import { RUN_LOG_VERSION, type RunLogRecord } from "./run_log.ts";

/** A finished run of `epochs` epochs with `stepsPerEpoch` logged steps each. */
export function sampleRun(epochs = 10, stepsPerEpoch = 60): RunLogRecord[] {
  const records: RunLogRecord[] = [
    {
      type: "run-start",
      version: RUN_LOG_VERSION,
      time: "2024-05-01T12:00:00.000Z",
      config: { preset: "tutorial", loss: "mse", optimizer: "sgd", lr: 0.05, batchSize: 100, epochs },
      seed: 42,
      backend: "cpu",
      backendReason: "no WebGPU adapter",
      adapter: null,
      datasets: {
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
      },
      software: { deno: "2.9.6" },
    },
  ];
  let step = 0;
  for (let e = 1; e <= epochs; e++) {
    for (let s = 0; s < stepsPerEpoch; s++) {
      step += 10;
      const t = step / (stepsPerEpoch * 10);
      const loss = 0.02 + 0.07 / (1 + t) + 0.006 * Math.sin(step * 0.37);
      records.push({ type: "step", epoch: e, step, loss, lr: 0.05 * 0.9 ** (e - 1) });
    }
    const testAccuracy = 0.9 - 0.1 / e;
    const m = new ConfusionMatrix(10);
    for (let k = 0; k < 10; k++) {
      m.add(k, k, Math.round(1000 * testAccuracy));
      m.add(k, (k + 3) % 10, 1000 - Math.round(1000 * testAccuracy));
    }
    records.push({
      type: "epoch",
      epoch: e,
      trainAccuracy: 0.88 - 0.12 / e,
      testAccuracy,
      trainLoss: 0.03 + 0.05 / e,
      testLoss: 0.028 + 0.048 / e,
      seconds: 1.5,
      lr: 0.05 * 0.9 ** (e - 1),
      confusion: m.toRows(),
    });
    records.push({ type: "checkpoint", epoch: e, path: `checkpoints/epoch-${e}.safetensors` });
  }
  records.push({
    type: "run-end",
    time: "2024-05-01T12:00:15.000Z",
    seconds: 15,
    testAccuracy: 0.89,
    epochs,
  });
  return records;
}
