import type { Dataset } from "@mnist/idx";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "./_test_fixtures.ts";
import type { RowTransform } from "./batch_source.ts";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import { type ShardedTrainingSet, streamBatchSource } from "./stream_source.ts";
import { type GroupEvent, groupKey, trainGroup } from "./train_group.ts";
import { type EpochEvent, type TrainEvent, type TrainingState, type TrainOptions, train } from "./trainer.ts";
import { selectRows, validationSplit } from "./validation.ts";

const base: TrainConfig = { ...TUTORIAL, epochs: 2, seed: 3 };

/** Configs that differ in everything a group may differ in. */
const members: TrainConfig[] = [
  base,
  { ...base, lr: 0.5 },
  { ...base, loss: "cross-entropy", momentum: 0.9, nesterov: true, weightDecay: 1e-3 },
  { ...base, loss: "cross-entropy", optimizer: "adam", lr: 0.003, weightDecay: 1e-4, schedule: "cosine" },
  { ...base, momentum: 0.5, dampening: 0.1, schedule: "step", gamma: 0.5, warmupSteps: 4 },
];

async function data() {
  const { train: all, test } = await smallMnist(3000, 500);
  const split = validationSplit(all.count, 500, base.seed);
  return { train: selectRows(all, split.train), validation: selectRows(all, split.val), test };
}

/** An event as comparable data: timing fields dropped, float arrays as their bit patterns. */
function comparable(e: TrainEvent): unknown {
  const {
    seconds: _s,
    trainSeconds: _t,
    ...rest
  } = e as TrainEvent & { seconds?: number; trainSeconds?: number };
  return JSON.parse(
    JSON.stringify(rest, (_key, value) =>
      value instanceof Float32Array
        ? Array.from(new Uint32Array(value.buffer, value.byteOffset, value.length))
        : ArrayBuffer.isView(value)
          ? Array.from(value as Uint32Array)
          : value,
    ),
  );
}

async function collect<E>(events: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function ofMember(events: GroupEvent[], member: number): unknown[] {
  return events.filter((e) => e.member === member).map(({ member: _, ...e }) => comparable(e as TrainEvent));
}

describe("groupKey", () => {
  it("is equal for configs that differ only in what a group may differ in", () => {
    for (const config of members) expect(groupKey(config)).toBe(groupKey(base));
    for (const other of [{ batchSize: 10 }, { seed: 4 }, { epochs: 3 }, { shuffle: false }]) {
      expect(groupKey({ ...base, ...other })).not.toBe(groupKey(base));
    }
  });
});

describe("trainGroup", () => {
  it("gives every member the events of its own train run, bit for bit on the CPU", async () => {
    const d = await data();
    const shared: Omit<TrainOptions, "config" | "backend"> = { ...d, stepEvery: 7 };
    const group = await collect(trainGroup({ backend: createCpuBackend(), ...shared, configs: members }));
    for (let i = 0; i < members.length; i++) {
      const single = await collect(train({ backend: createCpuBackend(), ...shared, config: members[i] }));
      const mine = ofMember(group, i);
      expect(mine.length).toBe(single.length);
      expect(mine).toEqual(single.map(comparable));
    }
    const epochs = group.filter((e) => e.type === "epoch");
    expect(epochs).toHaveLength(2 * members.length);
    for (const e of epochs) expect(e.type === "epoch" && e.valAccuracy).toBeGreaterThan(0);
    const last = epochs.filter((e) => e.member === 2).at(-1);
    expect(last?.type === "epoch" && last.valAccuracy).toBeGreaterThan(0.8);
  });

  it("resumes every member from its checkpoint as its own resumed run", async () => {
    const d = await data();
    const configs = members.map((c) => ({ ...c, epochs: 3 }));
    const states: (TrainingState | undefined)[] = configs.map(() => undefined);
    for await (const e of trainGroup({ backend: createCpuBackend(), ...d, configs })) {
      if (e.type === "checkpoint" && e.epoch === 1) states[e.member] = e.state;
      if (states.every((s) => s !== undefined)) break; // interrupted after epoch 1
    }
    const resumed = await collect(trainGroup({ backend: createCpuBackend(), ...d, configs, resume: states }));
    for (let i = 0; i < configs.length; i++) {
      const single = await collect(
        train({ backend: createCpuBackend(), ...d, config: configs[i], resume: states[i] }),
      );
      expect(ofMember(resumed, i)).toEqual(single.map(comparable));
    }
  });

  it("stops one member early and trains the others to the end, each as its own run", async () => {
    const d = await data();
    const configs = members.map((c) => ({ ...c, epochs: 3 }));
    const stopAfter = (e: EpochEvent & { member?: number }) =>
      e.member === 1 || (e.member === undefined && e.lr === configs[1].lr) ? "member 1 is done" : undefined;
    const events = await collect(trainGroup({ backend: createCpuBackend(), ...d, configs, stopAfter }));
    for (let i = 0; i < configs.length; i++) {
      const single = await collect(
        train({
          backend: createCpuBackend(),
          ...d,
          config: configs[i],
          stopAfter: i === 1 ? stopAfter : undefined,
        }),
      );
      expect(ofMember(events, i)).toEqual(single.map(comparable));
    }
    const ends = events.filter((e) => e.type === "run-end");
    expect(ends.map((e) => e.type === "run-end" && [e.member, e.epoch, e.stopped])).toEqual([
      [1, 1, "member 1 is done"],
      [0, 3, undefined],
      [2, 3, undefined],
      [3, 3, undefined],
      [4, 3, undefined],
    ]);
  });

  it("trains a streamed, transformed set as every member's own streamed run, NaN replay included", async () => {
    const d = await data();
    const set = (data: Dataset): ShardedTrainingSet => ({
      count: data.count,
      features: data.features,
      classes: data.classes,
      async read(start, count, images, labels) {
        images.set(data.images.subarray(start * data.features, (start + count) * data.features));
        labels.set(data.labels.subarray(start, start + count));
      },
    });
    // Depends on the row and the epoch only, as a RowTransform must.
    const transform: RowTransform = (images, firstRow, epoch) => {
      for (let i = 0; i < images.length; i += 97) images[i] = (firstRow + i + epoch) & 255;
    };
    // Shards of 150 rows, two to a buffer: an epoch of 2500 rows is several segments, and batches of 100
    // straddle shards.
    const source = () => streamBatchSource(set(d.train), { shardRows: 150, bufferShards: 2 }, transform);
    const configs = members.slice(0, 3);
    const options = { test: d.test, validation: d.validation, stepEvery: 9 };
    const group = await collect(
      trainGroup({ backend: createCpuBackend(), ...options, train: source(), configs }),
    );
    for (let i = 0; i < configs.length; i++) {
      const single = await collect(
        train({ backend: createCpuBackend(), ...options, train: source(), config: configs[i] }),
      );
      expect(ofMember(group, i)).toEqual(single.map(comparable));
    }
    const diverging: TrainConfig = { ...base, loss: "cross-entropy", lr: 1e37 };
    // Without step reports, so that the replay over the streamed segments is what names the step.
    const quiet = { ...options, stepEvery: 0 };
    const alone = await collect(
      train({ backend: createCpuBackend(), ...quiet, train: source(), config: diverging }),
    ).catch((e: Error) => e.message);
    expect(alone).toMatch(/^Cannot continue training: loss is (NaN|-?Infinity) at step \d+/);
    const streamed = await collect(
      trainGroup({ backend: createCpuBackend(), ...quiet, train: source(), configs: [base, diverging] }),
    );
    expect(streamed.filter((e) => e.member === 1).at(-1)).toMatchObject({
      type: "member-failed",
      message: alone,
    });
    const baseAlone = await collect(
      train({ backend: createCpuBackend(), ...quiet, train: source(), config: base }),
    );
    expect(ofMember(streamed, 0)).toEqual(baseAlone.map(comparable));
    await expect(
      collect(
        trainGroup({
          backend: createCpuBackend(),
          test: d.test,
          train: source(),
          configs: [base],
          order: () => new Uint32Array(d.train.count),
        }),
      ),
    ).rejects.toThrow(
      "Cannot train a group: an explicit order needs the training set in memory, expected no order with a batch source",
    );
  });

  it("drops a member whose loss diverges with a member-failed event; the others train on as their own runs", async () => {
    const d = await data();
    const diverging: TrainConfig = { ...base, loss: "cross-entropy", lr: 1e37 };
    const configs = [base, diverging, members[3]];
    for (const stepEvery of [0, 1]) {
      const options = { ...d, stepEvery };
      const single = await collect(
        train({ backend: createCpuBackend(), ...options, config: diverging }),
      ).catch((e: Error) => e);
      expect(single).toBeInstanceOf(RangeError);
      const message = (single as RangeError).message;
      const found = /^Cannot continue training: loss is (\S+) at step (\d+) with learning rate 1e\+37,/.exec(
        message,
      );
      expect(found).not.toBeNull();
      const group = await collect(trainGroup({ backend: createCpuBackend(), ...options, configs }));
      const failed = group.filter((e) => e.type === "member-failed");
      expect(failed).toEqual([
        {
          type: "member-failed",
          member: 1,
          step: Number(found?.[2]),
          loss: Number(found?.[1]),
          lr: 1e37,
          message,
        },
      ]);
      const failing = group.filter((e) => e.member === 1);
      expect(failing.at(-1)).toBe(failed[0]);
      expect(failing.some((e) => e.type === "epoch" || e.type === "run-end")).toBe(false);
      for (const k of [0, 2]) {
        const alone = await collect(train({ backend: createCpuBackend(), ...options, config: configs[k] }));
        expect(ofMember(group, k)).toEqual(alone.map(comparable));
      }
    }
    const all = await collect(trainGroup({ backend: createCpuBackend(), ...d, configs: [diverging] }));
    expect(all.map((e) => e.type)).toEqual(["run-start", "member-failed"]);
    await expect(
      collect(trainGroup({ backend: createCpuBackend(), ...d, configs: [base, { ...base, batchSize: 10 }] })),
    ).rejects.toThrow(
      "Cannot train a group: configuration 1 has batchSize=10 seed=3 epochs=2 shuffle=true, expected configuration 0's batchSize=100 seed=3 epochs=2 shuffle=true",
    );
    await expect(collect(trainGroup({ backend: createCpuBackend(), ...d, configs: [] }))).rejects.toThrow(
      "Cannot train a group: it has no configurations, expected at least one",
    );
    await expect(
      collect(
        trainGroup({ backend: createCpuBackend(), ...d, configs: [base], resume: [undefined, undefined] }),
      ),
    ).rejects.toThrow(
      "Cannot resume a group: 2 resume states for 1 configurations, expected one per configuration",
    );
  });
});
