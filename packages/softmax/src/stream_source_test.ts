import type { Dataset } from "@mnist/idx";
import { Random } from "@mnist/tensor";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { describe, expect, it } from "vitest";
import { smallMnist } from "./_test_fixtures.ts";
import { memoryBatchSource, type RowTransform } from "./batch_source.ts";
import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
import { type TrainConfig, TUTORIAL } from "./config.ts";
import {
  type ShardedTrainingSet,
  type StreamLayout,
  streamBatchSource,
  streamLayout,
  streamOrder,
} from "./stream_source.ts";
import { type EpochEvent, type TrainEvent, type TrainOptions, train } from "./trainer.ts";

/** The trainer's shuffling stream for a seed (trainer.ts: `seed ^ SHUFFLE_SALT`). */
const shuffling = (seed: number) => new Random(seed ^ 0x5eed);

async function collect(options: TrainOptions): Promise<TrainEvent[]> {
  const events: TrainEvent[] = [];
  for await (const e of train(options)) events.push(e);
  return events;
}

function weightBits(events: TrainEvent[]): Uint32Array[] {
  const end = events.find((e) => e.type === "run-end");
  if (end?.type !== "run-end") throw new Error("no run-end event");
  return [end.model.weight, end.model.bias].map((a) => new Uint32Array(a.buffer, a.byteOffset, a.length));
}

function epochs(events: TrainEvent[]): EpochEvent[] {
  return events.filter((e): e is EpochEvent => e.type === "epoch");
}

/** `data` as storage that counts what is read, and refuses overlapping reads. */
function stored(data: Dataset): ShardedTrainingSet & { rowsRead: number; largestRead: number } {
  let busy = false;
  const set = {
    count: data.count,
    features: data.features,
    classes: data.classes,
    rowsRead: 0,
    largestRead: 0,
    async read(start: number, count: number, images: Uint8Array, labels: Uint8Array) {
      if (busy) throw new Error("overlapping reads");
      busy = true;
      await new Promise((r) => setTimeout(r, 0));
      images.set(data.images.subarray(start * data.features, (start + count) * data.features));
      labels.set(data.labels.subarray(start, start + count));
      set.rowsRead += count;
      set.largestRead = Math.max(set.largestRead, count);
      busy = false;
    },
  };
  return set;
}

const config: TrainConfig = {
  ...TUTORIAL,
  loss: "cross-entropy",
  lr: 0.1,
  batchSize: 16,
  epochs: 3,
  seed: 7,
};

describe("streamOrder", () => {
  it("is a permutation that keeps each buffer's rows together", () => {
    const layout = { shardRows: 30, bufferShards: 2 };
    const order = streamOrder(250, layout, new Random(3), true);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(250).keys()]);
    // Buffer g holds the rows of shards σ[2g], σ[2g+1] (shard = row / 30; shard 8 has 10 rows).
    const sigma = new Random(3).permutation(9);
    let at = 0;
    for (let g = 0; g < 5; g++) {
      const shards = [...sigma.subarray(2 * g, 2 * g + 2)];
      const size = shards.reduce((n, m) => n + (m === 8 ? 10 : 30), 0);
      const held = new Set([...order.subarray(at, at + size)].map((r) => Math.floor(r / 30)));
      expect([...held].sort()).toEqual(shards.sort());
      at += size;
    }
    expect(streamOrder(250, layout, new Random(3), true)).toEqual(order);
    expect(streamOrder(250, layout, new Random(4), true)).not.toEqual(order);
  });

  it("is the in-memory order with one shard, and storage order without shuffling", () => {
    const one = streamOrder(100, { shardRows: 100, bufferShards: 3 }, new Random(9), true);
    expect(one).toEqual(new Random(9).permutation(100));
    const plain = streamOrder(100, { shardRows: 7, bufferShards: 2 }, new Random(9), false);
    expect([...plain]).toEqual([...Array(100).keys()]);
  });

  it("sizes shards from the memory budget", () => {
    expect(streamLayout(64 * 2 ** 20, 784, 4)).toEqual({ shardRows: 5343, bufferShards: 4 });
    expect(streamLayout(10, 784, 4)).toEqual({ shardRows: 1, bufferShards: 4 });
    expect(() => streamBatchSource(stored(emptySet()), { shardRows: 0, bufferShards: 1 })).toThrow(
      "Cannot stream training data: shardRows is 0, expected an integer ≥ 1",
    );
  });
});

function emptySet(): Dataset {
  return {
    images: new Uint8Array(0),
    labels: new Uint8Array(0),
    count: 0,
    rows: 1,
    cols: 1,
    features: 1,
    classes: 1,
  };
}

describe("train on a streamed set", () => {
  it("trains the weights of the in-memory run when one shard holds the whole set", async () => {
    const data = await smallMnist(500, 200);
    const memory = await collect({ backend: createCpuBackend(), ...data, config });
    const source = streamBatchSource(stored(data.train), { shardRows: 500, bufferShards: 1 });
    const streamed = await collect({ backend: createCpuBackend(), train: source, test: data.test, config });
    expect(weightBits(streamed)).toEqual(weightBits(memory));
    const metrics = (e: EpochEvent) => [e.trainAccuracy, e.trainLoss, e.testAccuracy, e.testLoss];
    expect(epochs(streamed).map(metrics)).toEqual(epochs(memory).map(metrics));
    const order = () => new Uint32Array(data.train.count);
    await expect(
      collect({ backend: createCpuBackend(), train: source, test: data.test, config, order }),
    ).rejects.toThrow(
      "Cannot train: an explicit order needs the training set in memory, expected no order with a batch source",
    );
  });

  it("trains the in-memory weights of its documented order, with batches across shard and buffer boundaries", async () => {
    const data = await smallMnist(250, 100);
    // Buffers of 60 rows in batches of 16: every buffer leaves rows for a batch that spans the next.
    const layout: StreamLayout = { shardRows: 30, bufferShards: 2 };
    const set = stored(data.train);
    const streamed = await collect({
      backend: createCpuBackend(),
      train: streamBatchSource(set, layout),
      test: data.test,
      config,
    });
    const rng = shuffling(config.seed);
    const orders = [1, 2, 3].map(() => streamOrder(250, layout, rng, true));
    const memory = await collect({
      backend: createCpuBackend(),
      ...data,
      config,
      order: (epoch) => orders[epoch - 1],
    });
    expect(weightBits(streamed)).toEqual(weightBits(memory));
    const [s, m] = [epochs(streamed), epochs(memory)];
    for (let i = 0; i < 3; i++) {
      expect(s[i].trainAccuracy).toBe(m[i].trainAccuracy);
      expect(s[i].trainLoss).toBeCloseTo(m[i].trainLoss, 5);
      expect(s[i].testLoss).toBe(m[i].testLoss);
    }
    // Each epoch reads the set once to train and once to evaluate, never more than a buffer at a time.
    expect(set.rowsRead).toBe(3 * 2 * 250);
    expect(set.largestRead).toBeLessThanOrEqual(60 + 15);
    // The layout matters: shards of another size give other weights.
    const other = await collect({
      backend: createCpuBackend(),
      train: streamBatchSource(stored(data.train), { shardRows: 25, bufferShards: 2 }),
      test: data.test,
      config,
    });
    expect(weightBits(other)).not.toEqual(weightBits(streamed));
  });

  it("resumes after an epoch to the weights of an uninterrupted run", async () => {
    const data = await smallMnist(250, 100);
    const layout: StreamLayout = { shardRows: 40, bufferShards: 3 };
    const run = (options: Partial<TrainOptions>) =>
      collect({
        backend: createCpuBackend(),
        train: streamBatchSource(stored(data.train), layout),
        test: data.test,
        config,
        ...options,
      });
    const whole = await run({});
    const first = await run({ config: { ...config, epochs: 1 } });
    const checkpoint = first.find((e) => e.type === "checkpoint");
    if (checkpoint?.type !== "checkpoint") throw new Error("no checkpoint event");
    const resumed = await run({ resume: checkpoint.state });
    expect(epochs(resumed).map((e) => e.epoch)).toEqual([2, 3]);
    expect(weightBits(resumed)).toEqual(weightBits(whole));
  });

  it("resumes inside an epoch, across shard and buffer boundaries, to the weights of an uninterrupted run", async () => {
    const data = await smallMnist(250, 100);
    // Buffers of 60 rows in batches of 16 (16 steps an epoch): a segment starts with the 12, 8, …
    // rows its predecessor carried over, so most resume points fall after a batch that spans two shards.
    const layout: StreamLayout = { shardRows: 30, bufferShards: 2 };
    const run = (set: ShardedTrainingSet, options: Partial<TrainOptions>) =>
      collect({
        backend: createCpuBackend(),
        train: streamBatchSource(set, layout),
        test: data.test,
        config,
        ...options,
      });
    const whole = await run(stored(data.train), {});
    const taken = await run(stored(data.train), { checkpointEverySteps: 3 });
    expect(weightBits(taken)).toEqual(weightBits(whole));
    const checkpoints = taken.filter((e) => e.type === "checkpoint").map((e) => e.state);
    // Steps 3, 6, … 45 inside epochs (none is a multiple of 16), then the three epochs' own.
    expect(checkpoints.map((c) => [c.epoch, c.step, c.epochStep])).toEqual(
      [
        ...[3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45].map((s) => [
          Math.floor(s / 16),
          s,
          s % 16,
        ]),
        [1, 16, undefined],
        [2, 32, undefined],
        [3, 48, undefined],
      ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
    for (const state of checkpoints.filter((c) => c.epochStep !== undefined)) {
      // Through the files, as the CLI resumes: what the sidecar records is enough.
      const resume = decodeCheckpoint(encodeCheckpoint(state, { stream: layout }));
      expect(resume.epochStep).toBe(state.epochStep);
      const set = stored(data.train);
      const resumed = await run(set, { resume });
      expect(weightBits(resumed), `resumed at step ${state.step}`).toEqual(weightBits(whole));
      expect(epochs(resumed).map((e) => e.epoch)).toEqual([1, 2, 3].filter((e) => e > state.epoch));
      // The buffers before the resume point's are not read again: at most its buffer (60 rows) and
      // the rows carried into it (< 16) besides the rest of the epoch, then whole epochs.
      const from = (state.epochStep ?? 0) * 16;
      expect(set.rowsRead).toBeLessThanOrEqual((3 - state.epoch) * 2 * 250 - from + 60 + 15);
    }
  });

  it("resumes an in-memory run inside an epoch, and checkpoints where the signal stops it", async () => {
    const data = await smallMnist(250, 100);
    const whole = await collect({ backend: createCpuBackend(), ...data, config });
    const controller = new AbortController();
    const events: TrainEvent[] = [];
    const stopped = (async () => {
      for await (const e of train({
        backend: createCpuBackend(),
        ...data,
        config,
        stepEvery: 1,
        signal: controller.signal,
        checkpointOnAbort: true,
      })) {
        events.push(e);
        if (e.type === "step" && e.step === 21) controller.abort(new Error("stop"));
      }
    })();
    await expect(stopped).rejects.toThrow("stop");
    const last = events.at(-1);
    if (last?.type !== "checkpoint") throw new Error(`last event ${last?.type}`);
    expect([last.epoch, last.step, last.state.epochStep]).toEqual([1, 21, 5]);
    const resumed = await collect({ backend: createCpuBackend(), ...data, config, resume: last.state });
    expect(weightBits(resumed)).toEqual(weightBits(whole));
    await expect(
      collect({
        backend: createCpuBackend(),
        ...data,
        config: { ...config, batchSize: 25 },
        resume: last.state,
      }),
    ).rejects.toThrow(
      "Cannot resume training: the checkpoint is at step 21 after epoch 1 and 5 steps, expected 1 × 10 + 5 = 15",
    );
  });

  it("names the step whose loss went non-finite by replaying the streamed epoch", async () => {
    const data = await smallMnist(250, 100);
    const events = collect({
      backend: createCpuBackend(),
      train: streamBatchSource(stored(data.train), { shardRows: 30, bufferShards: 2 }),
      test: data.test,
      config: { ...config, loss: "cross-entropy", lr: 1e38 },
    });
    await expect(events).rejects.toThrow(
      /^Cannot continue training: loss is \S+ at step \d+ with learning rate 1e\+38/,
    );
  });

  it("transforms each row alike in memory and streamed, every epoch, leaving evaluation alone", async () => {
    const data = await smallMnist(250, 100);
    const F = data.train.features;
    const seen = new Map<string, number>();
    // Lights one pixel that depends on the row and the epoch only.
    const transform: RowTransform = (images, firstRow, epoch) => {
      for (let r = 0; r * F < images.length; r++) {
        images[r * F + (((firstRow + r) * 7 + epoch * 13) % F)] = 255;
        const key = `${epoch}:${firstRow + r}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    };
    const layout: StreamLayout = { shardRows: 30, bufferShards: 2 };
    const streamed = await collect({
      backend: createCpuBackend(),
      train: streamBatchSource(stored(data.train), layout, transform),
      test: data.test,
      config,
    });
    expect(seen.size).toBe(3 * 250);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const rng = shuffling(config.seed);
    const orders = [1, 2, 3].map(() => streamOrder(250, layout, rng, true));
    const order = (epoch: number) => orders[epoch - 1];
    const memory = await collect({
      backend: createCpuBackend(),
      train: memoryBatchSource(data.train, { order, transform }),
      test: data.test,
      config,
    });
    expect(weightBits(streamed)).toEqual(weightBits(memory));
    const untouched = await collect({ backend: createCpuBackend(), ...data, config, order });
    expect(weightBits(untouched)).not.toEqual(weightBits(memory));
    // The in-memory set itself is never written.
    const again = await smallMnist(250, 100);
    expect(data.train.images).toEqual(again.train.images);
  });
});
