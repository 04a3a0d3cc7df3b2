import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "./_test_fixtures.ts";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import { type GroupEvent, groupKey, trainGroup } from "./train_group.ts";
import { type TrainEvent, type TrainingState, type TrainOptions, train } from "./trainer.ts";
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

  it("stops one member early and trains the others to the end", async () => {
    const d = await data();
    const events = await collect(
      trainGroup({
        backend: createCpuBackend(),
        ...d,
        configs: members.slice(0, 3),
        stopAfter: (e) => (e.member === 1 ? "member 1 is done" : undefined),
      }),
    );
    const ends = events.filter((e) => e.type === "run-end");
    expect(ends.map((e) => e.type === "run-end" && [e.member, e.epoch, e.stopped])).toEqual(
      expect.arrayContaining([
        [0, 2, undefined],
        [1, 1, "member 1 is done"],
        [2, 2, undefined],
      ]),
    );
  });

  it("names the member that fails and refuses configs that cannot share batches", async () => {
    const d = await data();
    await expect(
      collect(
        trainGroup({
          backend: createCpuBackend(),
          ...d,
          configs: [base, { ...base, loss: "cross-entropy", lr: 1e37 }],
        }),
      ),
    ).rejects.toThrow(
      /^Cannot continue training \(configuration 1 of the group\): loss is (NaN|-?Infinity) at step \d+ with learning rate 1e\+37/,
    );
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
