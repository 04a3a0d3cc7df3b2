/**
 * The streaming rows of `pnpm bench`: the tutorial's training epoch on the CPU with MNIST's training
 * set streamed from disk in shards (what `mnist train` does past its `--memory-budget`) beside the same
 * epoch in memory, timed back to back on one backend, and the shard reader's throughput: positional
 * reads of the raw file in shard order, and inflating the `.gz` file (what a `.gz` set costs once).
 * The files are copies of the embedded MNIST in a temporary directory, read from a warm page cache.
 * @module
 */
import { join } from "node:path";
import { type Dataset, streamIdx } from "@mnist/idx";
import { Random, type StreamLayout, streamBatchSource, streamLayout, type TrainConfig } from "@mnist/softmax";
import { benchTraining, type Clock, type Figure, figure, formatValue, measure } from "@mnist/softmax/bench";
import type { Backend } from "@mnist/tensor";
import { openStreamedData } from "../../apps/cli/src/stream_data.ts";

/** The budget whose layout the streamed rows use: three buffers of 21,372 images per MNIST epoch. */
const BUDGET = 64 * 2 ** 20;

/** What {@link streamingFigures} needs. */
export interface StreamingBenchOptions {
  readonly backend: Backend;
  readonly id: string;
  readonly dataDir: string;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly config: TrainConfig;
  readonly reps: number;
  readonly warmup: number;
  readonly clock: Clock;
}

/**
 * Times a streamed and an in-memory training epoch, and the shard reader.
 * @returns the figures and one line comparing the two epochs.
 */
export async function streamingFigures(
  o: StreamingBenchOptions,
): Promise<{ figures: Figure[]; line: string }> {
  const tmp = await Deno.makeTempDir({ prefix: "mnist-bench-stream-" });
  try {
    for (const name of [
      "train-images-idx3-ubyte",
      "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte",
    ]) {
      await Deno.copyFile(join(o.dataDir, name), join(tmp, name));
    }
    const gz = join(tmp, "train-images-idx3-ubyte.gz");
    const raw = await Deno.open(join(tmp, "train-images-idx3-ubyte"));
    await raw.readable
      .pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
      .pipeTo((await Deno.open(gz, { write: true, createNew: true })).writable);
    const data = await openStreamedData(tmp, undefined, tmp);
    try {
      const layout = streamLayout(BUDGET, data.train.features, 4);
      const variant = `streamed in ${layout.bufferShards}×${layout.shardRows}-image shards`;
      const common = {
        backend: o.backend,
        id: o.id,
        test: o.test,
        config: o.config,
        reps: o.reps,
        clock: o.clock,
      };
      const warmup = Math.min(o.warmup, 1);
      const memory = await benchTraining({ ...common, train: o.train, warmup, variant: "in memory" });
      const streamed = await benchTraining({
        ...common,
        train: streamBatchSource(data.train, layout),
        warmup,
        variant,
      });
      const readMs = await measure(() => readAllShards(data.train, layout), {
        reps: o.reps,
        warmup: 1,
        clock: o.clock,
      });
      const gzMs = await measure(() => inflateAll(gz), { reps: o.reps, warmup: 1, clock: o.clock });
      const mib = (data.train.count * (data.train.features + 1)) / 2 ** 20;
      const imageMib = (data.train.count * data.train.features + 16) / 2 ** 20;
      const figures = [
        ...memory,
        ...streamed,
        figure(
          "host",
          "shard reader: raw file, shard order (60k)",
          "MiB/s",
          "higher",
          readMs.map((t) => mib / (t / 1000)),
        ),
        figure(
          "host",
          "shard reader: inflate .gz (60k images)",
          "MiB/s",
          "higher",
          gzMs.map((t) => imageMib / (t / 1000)),
        ),
      ];
      const rate = (f: Figure[]) =>
        f.find((x) => x.unit === "samples/s" && x.workload.startsWith("train epoch"));
      const [m, s] = [rate(memory), rate(streamed)];
      const ratio = m === undefined || s === undefined ? Number.NaN : s.value.median / m.value.median;
      const line = `${o.id} streamed train epoch: ${formatValue(s?.value.median ?? Number.NaN)} samples/s = ${(100 * ratio).toFixed(0)}% of in memory ${formatValue(m?.value.median ?? Number.NaN)} samples/s (medians, this run; goal ≥ 70%)`;
      return { figures, line };
    } finally {
      await data.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function readAllShards(
  set: {
    count: number;
    features: number;
    read: (s: number, n: number, i: Uint8Array, l: Uint8Array) => Promise<void>;
  },
  layout: StreamLayout,
): Promise<void> {
  const images = new Uint8Array(layout.shardRows * set.features);
  const labels = new Uint8Array(layout.shardRows);
  const shards = Math.ceil(set.count / layout.shardRows);
  // Shards in a seeded shuffled order, as an epoch reads them.
  for (const m of new Random(1).permutation(shards)) {
    const start = m * layout.shardRows;
    const n = Math.min(layout.shardRows, set.count - start);
    await set.read(start, n, images.subarray(0, n * set.features), labels.subarray(0, n));
  }
}

async function inflateAll(path: string): Promise<void> {
  const file = await Deno.open(path);
  for await (const _ of streamIdx(file.readable, { name: path })) {
    // reading is the work
  }
}
