import type { EpochRecord } from "@mnist/metrics";
import { TUTORIAL } from "@mnist/softmax";
import { describe, expect, it } from "vitest";
import type { WorkerMessage } from "./protocol.ts";
import type { OpenedSweep } from "./sweep_open.ts";
import { runSmallSweep, SMALL_SWEEP_LRS } from "./sweep_small.ts";

/** A stand-in for the compute worker: the test delivers its messages by hand. */
function fakeWorker() {
  const fake = {
    onmessage: null as ((e: MessageEvent<WorkerMessage>) => void) | null,
    onerror: null as unknown,
    posted: [] as unknown[],
    terminated: false,
    postMessage(m: unknown) {
      fake.posted.push(m);
    },
    terminate() {
      fake.terminated = true;
    },
  };
  const deliver = (m: WorkerMessage) => fake.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
  return { fake, deliver };
}

const epoch = (epoch: number, valAccuracy: number): EpochRecord =>
  ({
    type: "epoch",
    epoch,
    step: epoch * 10,
    valAccuracy,
    valLoss: 1 - valAccuracy,
  }) as unknown as EpochRecord;

describe("runSmallSweep", () => {
  it("marks a diverged configuration failed, keeps the others, and never picks it as best", () => {
    const { fake, deliver } = fakeWorker();
    const seen: OpenedSweep[] = [];
    const statuses: string[] = [];
    runSmallSweep(
      fake as unknown as Worker,
      {
        config: { ...TUTORIAL, epochs: 1 },
        source: { kind: "bundled" } as never,
        trainCount: 6000,
        prefer: "cpu",
      },
      { update: (s) => seen.push(s), status: (text) => statuses.push(text) },
    );
    expect(fake.posted).toHaveLength(1);
    deliver({ type: "sweep-epoch", member: 0, record: epoch(1, 0.8) });
    deliver({ type: "sweep-epoch", member: 4, record: epoch(1, 0.9) });
    deliver({ type: "sweep-failed", member: 4, message: "Cannot continue training: loss is NaN at step 7" });
    const last = seen.at(-1)?.manifest;
    expect(last?.runs.map((r) => r.status)).toEqual(["done", "running", "running", "running", "failed"]);
    expect(last?.runs[4].values.lr).toBe(SMALL_SWEEP_LRS[4]);
    expect(last?.best).toBe(last?.runs[0].id);
    expect(statuses.at(-1)).toContain("failed: Cannot continue training: loss is NaN at step 7");
    deliver({ type: "sweep-done", seconds: 1.5 });
    expect(fake.terminated).toBe(true);
  });
});
