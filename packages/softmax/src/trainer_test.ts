import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "./_test_fixtures.ts";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import { type TrainEvent, type TrainingState, type TrainOptions, train } from "./trainer.ts";

async function collect(options: TrainOptions): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  for await (const e of train(options)) events.push(e);
  return events;
}

function finalWeights(events: TrainEvent[]): Float32Array[] {
  const end = events.find((e) => e.type === "run-end");
  if (end?.type !== "run-end") throw new Error("no run-end event");
  return [end.model.weight, end.model.bias];
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

const base: TrainConfig = { ...TUTORIAL, loss: "cross-entropy", epochs: 3, seed: 1 };

describe("train", () => {
  it("reaches > 80% test accuracy after 3 epochs of cross-entropy on 5,000 images", async () => {
    const data = await smallMnist(5000, 2000);
    const events = await collect({ backend: createCpuBackend(), ...data, config: base });
    const epochs = events.filter((e) => e.type === "epoch");
    expect(epochs).toHaveLength(3);
    expect(epochs[2].testAccuracy).toBeGreaterThan(0.8);
    expect(epochs[2].trainLoss).toBeLessThan(epochs[0].trainLoss);
    const confusion = epochs[2].testConfusion;
    expect(confusion.reduce((a, v) => a + v, 0)).toBe(2000);
    let diagonal = 0;
    for (let c = 0; c < 10; c++) diagonal += confusion[c * 11];
    expect(diagonal / 2000).toBeCloseTo(epochs[2].testAccuracy, 10);
  });

  it("emits run-start, steps every N, epoch and checkpoint events, run-end, in order", async () => {
    const data = await smallMnist(1000, 500);
    const events = await collect({
      backend: createCpuBackend(),
      ...data,
      config: { ...base, epochs: 2, schedule: "cosine", warmupSteps: 3 },
      stepEvery: 4,
    });
    expect(events.map((e) => e.type).join(" ")).toBe(
      "run-start step step epoch checkpoint step step step epoch checkpoint run-end",
    );
    const steps = events.flatMap((e) => (e.type === "step" ? [e] : []));
    expect(steps.map((s) => s.step)).toEqual([4, 8, 12, 16, 20]);
    expect(steps.map((s) => s.epoch)).toEqual([1, 1, 2, 2, 2]);
    expect(steps[0].lr).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * 0) / 17)) * 0.5, 12);
    expect(steps[4].lr).toBeCloseTo(0.05 * (1 + Math.cos((Math.PI * 16) / 17)) * 0.5, 12);
    for (const s of steps) expect(s.loss).toBeGreaterThan(0);
  });

  it("gives bit-identical weights for the same seed and different ones for another seed", async () => {
    const data = await smallMnist(2000, 200);
    const config = { ...base, epochs: 2, momentum: 0.9 };
    const [w1, b1] = finalWeights(await collect({ backend: createCpuBackend(), ...data, config }));
    const [w2, b2] = finalWeights(await collect({ backend: createCpuBackend(), ...data, config }));
    const [w3] = finalWeights(
      await collect({ backend: createCpuBackend(), ...data, config: { ...config, seed: 2 } }),
    );
    expect(bits(w2)).toEqual(bits(w1));
    expect(bits(b2)).toEqual(bits(b1));
    expect(bits(w3)).not.toEqual(bits(w1));
  });

  for (const [name, extra] of [
    [
      "SGD + Nesterov + weight decay + step schedule",
      { momentum: 0.9, nesterov: true, weightDecay: 1e-4, schedule: "step", stepEpochs: 1, gamma: 0.5 },
    ],
    ["Adam + cosine + warm-up", { optimizer: "adam", lr: 0.002, schedule: "cosine", warmupSteps: 5 }],
  ] as const) {
    it(`resumes from a checkpoint after epoch 2 bit-identically to an uninterrupted run (${name})`, async () => {
      const data = await smallMnist(1500, 200);
      const config: TrainConfig = { ...base, epochs: 4, ...extra };
      const full = await collect({ backend: createCpuBackend(), ...data, config });
      let state: TrainingState | undefined;
      for await (const e of train({ backend: createCpuBackend(), ...data, config })) {
        if (e.type === "checkpoint" && e.epoch === 2) {
          state = e.state;
          break; // interrupted after epoch 2
        }
      }
      if (state === undefined) throw new Error("no checkpoint after epoch 2");
      const encoded = encodeCheckpoint(state, { backend: "cpu", metrics: { testAccuracy: 0.5 } });
      const restored = decodeCheckpoint({
        model: encoded.model,
        optimizer: encoded.optimizer,
        sidecar: JSON.stringify(encoded.sidecar),
      });
      const resumed = await collect({ backend: createCpuBackend(), ...data, config, resume: restored });
      const start = resumed[0];
      expect(start.type === "run-start" && start.startEpoch).toBe(3);
      expect(resumed.filter((e) => e.type === "epoch").map((e) => e.type === "epoch" && e.epoch)).toEqual([
        3, 4,
      ]);
      const [wFull, bFull] = finalWeights(full);
      const [wRes, bRes] = finalWeights(resumed);
      expect(bits(wRes)).toEqual(bits(wFull));
      expect(bits(bRes)).toEqual(bits(bFull));
    });
  }

  it("refuses to resume from a checkpoint whose step does not fit the data and batch size", async () => {
    const data = await smallMnist(1500, 200);
    let state: TrainingState | undefined;
    for await (const e of train({ backend: createCpuBackend(), ...data, config: { ...base, epochs: 1 } })) {
      if (e.type === "checkpoint") state = e.state;
    }
    if (state === undefined) throw new Error("no checkpoint");
    expect(state.step).toBe(15);
    const resume = { ...state, step: 14 };
    await expect(collect({ backend: createCpuBackend(), ...data, config: base, resume })).rejects.toThrow(
      "Cannot resume training: the checkpoint is at step 14 after epoch 1, expected 1 × 15 = 15 (1500 training images in batches of 100)",
    );
  });

  it("stops on an aborted signal between steps", async () => {
    const data = await smallMnist(1000, 100);
    const controller = new AbortController();
    const seen: string[] = [];
    const run = async () => {
      for await (const e of train({
        backend: createCpuBackend(),
        ...data,
        config: base,
        signal: controller.signal,
        stepEvery: 1,
      })) {
        seen.push(e.type);
        if (e.type === "step" && e.step === 3) controller.abort(new Error("stop here"));
      }
    };
    await expect(run()).rejects.toThrow("stop here");
    expect(seen.filter((t) => t === "step")).toHaveLength(3);
  });

  it("lets a timer's abort land while the CPU trains", async () => {
    const data = await smallMnist(60000, 100);
    const signal = AbortSignal.timeout(30);
    const started = performance.now();
    const run = async () => {
      for await (const _ of train({
        backend: createCpuBackend(),
        ...data,
        config: { ...base, epochs: 50 },
        signal,
      })) {
        // consume
      }
    };
    await expect(run()).rejects.toThrow(/abort|timed out/i);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("stops on a non-finite loss with the step, loss and learning rate, with or without step events", async () => {
    const data = await smallMnist(1000, 100);
    const config: TrainConfig = { ...base, lr: 1e37 };
    const messages: string[] = [];
    for (const stepEvery of [0, 1]) {
      try {
        await collect({ backend: createCpuBackend(), ...data, config, stepEvery });
        messages.push("no error");
      } catch (e) {
        messages.push((e as Error).message);
      }
    }
    expect(messages[0]).toMatch(
      /^Cannot continue training: loss is (NaN|-?Infinity) at step \d+ with learning rate 1e\+37/,
    );
    expect(messages[1]).toBe(messages[0]);
  });

  it("rejects an order of the wrong length and an invalid config", async () => {
    const data = await smallMnist(100, 10);
    await expect(
      collect({ backend: createCpuBackend(), ...data, config: base, order: () => new Uint32Array(99) }),
    ).rejects.toThrow("Cannot train epoch 1: the order holds 99 rows, expected 100");
    await expect(
      collect({ backend: createCpuBackend(), ...data, config: { ...base, lr: -1 } }),
    ).rejects.toThrow("Cannot use training config: lr is -1, expected a positive number");
  });
});
