/**
 * The compute worker's half of the small sweep: loads the data once, holds out the validation
 * images, and trains every configuration on the same batches with `trainGroup` (WebGPU when there is
 * an adapter, else the CPU), posting each configuration's epoch records as they come.
 * @module
 */
import { subset } from "@mnist/idx";
import { runLogRecord } from "@mnist/metrics";
import { selectRows, trainGroup, validationSplit } from "@mnist/softmax";
import { createBackend } from "@mnist/tensor";
import { loadSplits } from "./data.ts";
import type { SweepRequest, WorkerMessage } from "./protocol.ts";

/** Trains the request's configurations; `post` sends messages to the page. */
export async function trainSmallSweep(
  request: SweepRequest,
  post: (message: WorkerMessage) => void,
): Promise<void> {
  post({ type: "status", text: "Loading the data for the sweep…" });
  const data = await loadSplits(request.source);
  const all = subset(data.train, request.trainCount);
  const split = validationSplit(all.count, request.val, request.configs[0].seed);
  const { backend, reason } = await createBackend({ prefer: request.prefer });
  post({
    type: "backend",
    kind: backend.kind,
    reason,
    adapter: backend.adapter ? { ...backend.adapter } : null,
    trainCount: split.train.length,
    testCount: data.test.count,
    identity: data.identity,
  });
  post({ type: "status", text: `Training ${request.configs.length} configurations together…` });
  const started = performance.now();
  try {
    for await (const event of trainGroup({
      backend,
      train: selectRows(all, split.train),
      validation: selectRows(all, split.val),
      test: data.test,
      configs: request.configs,
    })) {
      if (event.type === "epoch")
        post({ type: "sweep-epoch", member: event.member, record: runLogRecord(event) });
      else if (event.type === "member-failed")
        post({ type: "sweep-failed", member: event.member, message: event.message });
    }
  } finally {
    backend.destroy();
  }
  post({ type: "sweep-done", seconds: (performance.now() - started) / 1000 });
}
