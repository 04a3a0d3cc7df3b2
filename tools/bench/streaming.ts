/**
 * The streaming rows of `pnpm bench`: the tutorial's training epoch on the CPU with MNIST's training
 * set streamed from disk in shards (what `mnist train` does past its `--memory-budget`) beside the same
 * epoch in memory, and the shard reader's throughput: positional reads of the raw file in shard order,
 * and inflating the `.gz` file (what a `.gz` set costs once). The two runs' epochs alternate (in memory,
 * streamed, in memory, …), each timed on both clocks, so each pair's ratio sees the same load; the
 * median of the pairs' ratios is the figure. The files are copies of the embedded MNIST in a temporary
 * directory, read from a warm page cache.
 * @module
 */
import { join } from "node:path";
import { type Dataset, streamIdx } from "@mnist/idx";
import { Random, type StreamLayout, streamBatchSource, streamLayout, type TrainConfig } from "@mnist/softmax";
import {
  type Clock,
  evalWorkload,
  type Figure,
  figure,
  measure,
  rates,
  summarise,
  trainEpochWorkload,
} from "@mnist/softmax/bench";
import type { Backend } from "@mnist/tensor";
import { openStreamedData } from "../../apps/cli/src/stream_data.ts";
import { type BothClocks, type EpochTimes, pairedEpochs } from "./paired_epochs.ts";
import type { ClockName } from "./stats.ts";

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
  /** Timed pairs of epochs. */
  readonly reps: number;
  readonly warmup: number;
  /** The clock of the figures (the ratios are given on both). */
  readonly clockName: ClockName;
  /** The same clock, for the shard reader's rows. */
  readonly clock: Clock;
}

/**
 * Times streamed and in-memory training epochs in pairs, and the shard reader.
 * @returns the figures and the lines giving the pairs' ratios on both clocks.
 */
export async function streamingFigures(
  o: StreamingBenchOptions,
): Promise<{ figures: Figure[]; lines: string[] }> {
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
      const common = { backend: o.backend, test: o.test, config: o.config };
      const pairs = await pairedEpochs({
        a: { ...common, train: o.train },
        b: { ...common, train: streamBatchSource(data.train, layout) },
        warmup: Math.min(o.warmup, 1),
        reps: o.reps,
      });
      const readMs = await measure(() => readAllShards(data.train, layout), {
        reps: o.reps,
        warmup: 1,
        clock: o.clock,
      });
      const gzMs = await measure(() => inflateAll(gz), { reps: o.reps, warmup: 1, clock: o.clock });
      const mib = (data.train.count * (data.train.features + 1)) / 2 ** 20;
      const imageMib = (data.train.count * data.train.features + 16) / 2 ** 20;
      const [n, t] = [o.train.count, o.test.count];
      const side = (k: 0 | 1, what: "train" | "eval") => pairs.map((p) => p[k][what][o.clockName]);
      const ratios = (c: keyof BothClocks) => pairs.map(([m, s]) => (100 * m.train[c]) / s.train[c]);
      const figures = [
        ...rates(o.id, trainEpochWorkload(n, "in memory"), side(0, "train"), n),
        ...rates(o.id, evalWorkload(n, t, "in memory"), side(0, "eval"), n + t),
        ...rates(o.id, trainEpochWorkload(n, variant), side(1, "train"), n),
        ...rates(o.id, evalWorkload(n, t, variant), side(1, "eval"), n + t),
        ...(["cpu", "wall"] as const).map((c) =>
          figure(
            o.id,
            `streamed ÷ in-memory train samples/s, paired epochs, ${c} clock`,
            "%",
            "higher",
            ratios(c),
          ),
        ),
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
      const lines = (["cpu", "wall"] as const).map((c) => ratioLine(o.id, c, pairs, ratios(c)));
      return { figures, lines };
    } finally {
      await data.close();
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

function ratioLine(
  id: string,
  clock: keyof BothClocks,
  pairs: ReadonlyArray<readonly [EpochTimes, EpochTimes]>,
  ratios: readonly number[],
): string {
  const ms = (k: 0 | 1) => summarise(pairs.map((p) => p[k].train[clock])).median.toFixed(0);
  return `${id} streamed train epoch, ${clock} clock: ${summarise(ratios).median.toFixed(0)}% of in memory's samples/s (median of ${ratios.length} pairs: ${ratios.map((r) => r.toFixed(0)).join(", ")}%; epochs ${ms(1)} against ${ms(0)} ms; goal ≥ 70%)`;
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
