/**
 * Training on a set larger than memory: a {@link TrainingBatchSource} that reads the set from storage
 * in shards, a buffer of shards at a time, with seeded shuffling.
 *
 * The order of an epoch, with `N` rows, shards of `K` rows and a buffer of `S` shards: shard `m` holds
 * rows `mK … min(N, (m+1)K) − 1` (there are `M = ⌈N/K⌉`), and with shuffling, drawing from the run's
 * shuffling generator in this order,
 * 1. `σ = permutation(M)`: the epoch's shard order;
 * 2. the shards are taken `S` at a time in that order: buffer `g` holds shards `σ[gS … gS+S−1]`
 *    concatenated, `R_g` rows; for each buffer in turn `τ_g = permutation(R_g)`, and the buffer's rows
 *    are trained in the order `τ_g`;
 * 3. the epoch's rows are the buffers' rows one buffer after another, and batches are consecutive
 *    slices of that sequence, so a batch may span two buffers (and so two shards).
 * Without shuffling, `σ` and every `τ_g` are the identity and nothing is drawn. {@link streamOrder}
 * computes the sequence. `permutation(1)` draws nothing, so with one shard (`K ≥ N`) the order is
 * `permutation(N)`, exactly the order an in-memory run draws for the same seed: the two runs train
 * the same weights.
 *
 * Resuming inside an epoch (a checkpoint's `epochStep`) draws the same `σ` and `τ_g` from the epoch's
 * starting state, reads none of the buffers wholly trained before, and reads one by one the few rows
 * the last of them carried into the next batch: the same sequence from there on.
 *
 * Runtime-neutral: storage is reached through {@link ShardedTrainingSet.read}.
 * @module
 */
import type { Backend, DeviceDataset, LossKind, Random, RowSelection, Tensor } from "@mnist/tensor";
import { EVAL_CHUNK, groupEvaluations } from "./_evaluate_device.ts";
import {
  type BatchSegment,
  identity,
  type OpenBatchSource,
  type RowTransform,
  type TrainingBatchSource,
} from "./batch_source.ts";
import type { Evaluation } from "./evaluate.ts";

/** A training set in storage, read by row range. */
export interface ShardedTrainingSet {
  /** Number of rows. */
  readonly count: number;
  /** Bytes (pixels) per row. */
  readonly features: number;
  /** Number of classes; every label is below it. */
  readonly classes: number;
  /**
   * Reads rows `start … start + count − 1` into `images` (`count × features` bytes) and `labels`
   * (`count` bytes). Calls do not overlap.
   */
  read(start: number, count: number, images: Uint8Array, labels: Uint8Array): Promise<void>;
}

/** How a streamed set is cut: what the order of its epochs depends on (recorded in checkpoints). */
export interface StreamLayout {
  /** Rows per shard, ≥ 1. */
  readonly shardRows: number;
  /** Shards per shuffle buffer, ≥ 1. */
  readonly bufferShards: number;
}

/**
 * The layout whose buffers fit a memory budget: two buffers (one trained while the next is read),
 * each counted at `2 × (features + 1)` bytes a row (the bytes and the backend's copy or index).
 * @param budgetBytes the budget for training data.
 * @param features bytes per image.
 * @param bufferShards shards per buffer (more: better mixing, smaller reads).
 * @returns the layout; at least one row per shard.
 * @example
 * ```ts
 * import { streamLayout } from "@mnist/softmax";
 * console.log(streamLayout(64 * 2 ** 20, 784, 4)); // { shardRows: 5343, bufferShards: 4 }
 * ```
 */
export function streamLayout(budgetBytes: number, features: number, bufferShards: number): StreamLayout {
  const bufferRows = Math.floor(budgetBytes / (4 * (features + 1)));
  return { shardRows: Math.max(1, Math.floor(bufferRows / bufferShards)), bufferShards };
}

/**
 * The rows of one epoch in training order, as the module documentation defines it (what
 * {@link streamBatchSource} trains, as one array: for tests and for explaining a run).
 * @param count rows in the set.
 * @param layout shard size and buffer size.
 * @param rng the shuffling generator (advanced as the epoch draws).
 * @param shuffle whether to shuffle.
 * @returns row indices into the set.
 * @example
 * ```ts
 * import { streamOrder } from "@mnist/softmax";
 * import { Random } from "@mnist/tensor";
 * const order = streamOrder(5, { shardRows: 2, bufferShards: 1 }, new Random(1), false);
 * console.log(Array.from(order)); // [ 0, 1, 2, 3, 4 ]
 * ```
 */
export function streamOrder(count: number, layout: StreamLayout, rng: Random, shuffle: boolean): Uint32Array {
  const out = new Uint32Array(count);
  let n = 0;
  for (const buffer of buffers(count, layout, rng, shuffle)) {
    const rows = bufferRows(buffer, layout.shardRows, count);
    const tau = shuffle ? rng.permutation(rows.length) : identity(rows.length);
    for (let i = 0; i < tau.length; i++) out[n++] = rows[tau[i]];
  }
  return out;
}

/**
 * Streams `data` in shards, shuffled as the module documentation says.
 * @param data the set in storage.
 * @param layout shard size and buffer size (see {@link streamLayout}).
 * @param transform applied to every shard as it is read for training (not for evaluation).
 * @returns a batch source for `train`.
 * @throws {RangeError} when the layout is not two positive integers.
 */
export function streamBatchSource(
  data: ShardedTrainingSet,
  layout: StreamLayout,
  transform?: RowTransform,
): TrainingBatchSource {
  for (const [name, v] of Object.entries(layout)) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Cannot stream training data: ${name} is ${v}, expected an integer ≥ 1`);
    }
  }
  const { count, features, classes } = data;
  return {
    count,
    features,
    classes,
    open: (be, batchSize) => new Streamer(be, data, layout, batchSize, transform),
  };
}

/** Host memory for one buffer: read into, then placed on the backend (which may keep a reference). */
interface HostBuffer {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

class Streamer implements OpenBatchSource {
  readonly maxSegmentRows: number;
  readonly #host: [HostBuffer, HostBuffer];
  #live: DeviceDataset | undefined;

  constructor(
    readonly be: Backend,
    readonly data: ShardedTrainingSet,
    readonly layout: StreamLayout,
    readonly batchSize: number,
    readonly transform: RowTransform | undefined,
  ) {
    // A buffer's shards, plus fewer than a batch of rows carried over from the buffer before.
    const rows = Math.min(data.count, layout.shardRows * layout.bufferShards) + batchSize - 1;
    this.maxSegmentRows = rows;
    const host = (): HostBuffer => ({
      images: new Uint8Array(rows * data.features),
      labels: new Uint8Array(rows),
    });
    this.#host = [host(), host()];
  }

  async *epoch(epoch: number, rng: Random, shuffle: boolean, from = 0): AsyncGenerator<BatchSegment> {
    const { data, layout, batchSize: B } = this;
    const F = data.features;
    const groups = [...buffers(data.count, layout, rng, shuffle)];
    // Resuming inside the epoch: the buffers before `from` are only drawn, never read; the rows the
    // last of them carries into the first trained segment are read one by one.
    const skipped =
      from === 0
        ? { g: 0, start: 0, carried: new Uint32Array(0) }
        : skipBuffers(this, groups, rng, shuffle, from);
    let carry = skipped.carried.length;
    let carryFrom: { host: HostBuffer; order: Uint32Array; from: number } | undefined;
    // Shards read into the other buffer while this one trains; offset by the rows carried over.
    let next = this.#readShards(groups[skipped.g], this.#host[skipped.g % 2], carry, epoch);
    next.catch(() => {}); // awaited below; a run that stops first leaves no unhandled rejection
    for (let g = skipped.g; g < groups.length; g++) {
      const host = this.#host[g % 2];
      const got = await next;
      if (carryFrom !== undefined) {
        for (let i = 0; i < carry; i++) {
          const row = carryFrom.order[carryFrom.from + i];
          host.images.set(carryFrom.host.images.subarray(row * F, (row + 1) * F), i * F);
          host.labels[i] = carryFrom.host.labels[row];
        }
      } else if (carry > 0) {
        await this.#readRows(skipped.carried, host, epoch);
      }
      const tau = shuffle ? rng.permutation(got) : identity(got);
      const total = carry + got;
      const last = g === groups.length - 1;
      const keep = last ? total : total - (total % B);
      const order = new Uint32Array(total);
      for (let i = 0; i < carry; i++) order[i] = i;
      for (let i = 0; i < got; i++) order[carry + i] = carry + tau[i];
      this.#release();
      const dataset = this.be.uploadDataset(
        host.images.subarray(0, total * F),
        host.labels.subarray(0, total),
        F,
        data.classes,
      );
      this.#live = dataset;
      const nextCarry = total - keep;
      if (!last) {
        next = this.#readShards(groups[g + 1], this.#host[(g + 1) % 2], nextCarry, epoch);
        next.catch(() => {});
      }
      const first = g === skipped.g ? from - skipped.start : 0;
      yield { dataset, order: order.subarray(first, keep) };
      carryFrom = { host, order, from: keep };
      carry = nextCarry;
    }
    this.#release();
  }

  async evaluate(loss: LossKind, w: Tensor<"f32">, b: Tensor<"f32">, z: Tensor<"f32">): Promise<Evaluation> {
    const [lossSum, correct] = await this.#evaluateChunks(2, (ds, rows, stats) => {
      this.be.linearForward(ds, rows, w, b, z);
      this.be.lossAndGrad(loss, z, ds, rows, null, stats, null);
    });
    return { accuracy: correct / this.data.count, meanLoss: lossSum / this.data.count };
  }

  async evaluateGroup(
    losses: readonly LossKind[],
    w: Tensor<"f32">,
    b: Tensor<"f32">,
    z: Tensor<"f32">,
  ): Promise<Evaluation[]> {
    const sums = await this.#evaluateChunks(2 * losses.length, (ds, rows, stats) => {
      this.be.evaluateGroup(ds, rows, { w, b, z }, losses, stats, null);
    });
    return groupEvaluations(sums, undefined, this.data.count, this.data.classes);
  }

  /** Runs `each` on every evaluation chunk of the set, read piece by piece; returns the stats it summed. */
  async #evaluateChunks(
    statsLength: number,
    each: (ds: DeviceDataset, rows: RowSelection, stats: Tensor<"f32">) => void,
  ): Promise<Float32Array> {
    const { be, data } = this;
    const F = data.features;
    // Pieces of whole evaluation chunks, so that a piece boundary falls where in-memory evaluation
    // starts a chunk anyway: the same sums in the same order.
    const fit = this.maxSegmentRows;
    const piece = fit >= EVAL_CHUNK ? fit - (fit % EVAL_CHUNK) : fit;
    const stats = be.zeros("f32", statsLength);
    try {
      const read = async (start: number, host: HostBuffer) => {
        const n = Math.min(piece, data.count - start);
        await data.read(start, n, host.images.subarray(0, n * F), host.labels.subarray(0, n));
        return n;
      };
      let next = read(0, this.#host[0]);
      for (let start = 0, k = 0; start < data.count; k++) {
        const host = this.#host[k % 2];
        const n = await next;
        this.#release();
        const ds = be.uploadDataset(
          host.images.subarray(0, n * F),
          host.labels.subarray(0, n),
          F,
          data.classes,
        );
        this.#live = ds;
        if (start + n < data.count) {
          next = read(start + n, this.#host[(k + 1) % 2]);
          next.catch(() => {});
        }
        for (let offset = 0; offset < n; offset += EVAL_CHUNK) {
          each(ds, { order: null, offset, count: Math.min(EVAL_CHUNK, n - offset) }, stats);
        }
        start += n;
      }
      return await be.read(stats);
    } finally {
      this.#release();
      be.release(stats);
    }
  }

  close(): void {
    this.#release();
  }

  #release(): void {
    if (this.#live !== undefined) this.be.releaseDataset(this.#live);
    this.#live = undefined;
  }

  /** Reads single rows of the set (given by index) into the first rows of `host`. */
  async #readRows(rows: Uint32Array, host: HostBuffer, epoch: number): Promise<void> {
    const F = this.data.features;
    for (let i = 0; i < rows.length; i++) {
      const images = host.images.subarray(i * F, (i + 1) * F);
      await this.data.read(rows[i], 1, images, host.labels.subarray(i, i + 1));
      this.transform?.(images, rows[i], epoch);
    }
  }

  /** Reads a buffer's shards, in the given order, into `host` after `offset` rows; returns the rows read. */
  async #readShards(shards: Uint32Array, host: HostBuffer, offset: number, epoch: number): Promise<number> {
    const { data, layout } = this;
    const F = data.features;
    let at = offset;
    for (const m of shards) {
      const start = m * layout.shardRows;
      const n = Math.min(layout.shardRows, data.count - start);
      const images = host.images.subarray(at * F, (at + n) * F);
      await data.read(start, n, images, host.labels.subarray(at, at + n));
      this.transform?.(images, start, epoch);
      at += n;
    }
    return at - offset;
  }
}

/** The shards of each buffer of an epoch, in order; draws `σ` from `rng` when shuffling. */
function* buffers(
  count: number,
  layout: StreamLayout,
  rng: Random,
  shuffle: boolean,
): Generator<Uint32Array> {
  const shards = Math.ceil(count / layout.shardRows);
  const sigma = shuffle ? rng.permutation(shards) : identity(shards);
  for (let g = 0; g < shards; g += layout.bufferShards) {
    yield sigma.subarray(g, Math.min(shards, g + layout.bufferShards));
  }
}

/**
 * Draws what the buffers wholly before row `from` of the epoch draw (their `τ`), without reading
 * them: returns the first buffer to read, the epoch row its segment starts at, and the set's rows
 * (by index) that the buffers before carry into that segment, in training order.
 */
function skipBuffers(
  streamer: { readonly data: ShardedTrainingSet; readonly layout: StreamLayout; readonly batchSize: number },
  groups: Uint32Array[],
  rng: Random,
  shuffle: boolean,
  from: number,
): { g: number; start: number; carried: Uint32Array } {
  const { data, layout, batchSize: B } = streamer;
  let carried = new Uint32Array(0);
  let start = 0;
  for (let g = 0; g < groups.length; g++) {
    const rows = bufferRows(groups[g], layout.shardRows, data.count);
    const total = carried.length + rows.length;
    const keep = g === groups.length - 1 ? total : total - (total % B);
    if (start + keep > from) return { g, start, carried };
    const tau = shuffle ? rng.permutation(rows.length) : identity(rows.length);
    const sequence = new Uint32Array(total);
    sequence.set(carried);
    for (let i = 0; i < rows.length; i++) sequence[carried.length + i] = rows[tau[i]];
    carried = sequence.slice(keep);
    start += keep;
  }
  throw new RangeError(
    `Cannot resume the epoch at row ${from}: the epoch holds ${data.count} rows, expected fewer`,
  );
}

/** The set's row indices held by a buffer's shards, in buffer order. */
function bufferRows(shards: Uint32Array, shardRows: number, count: number): Uint32Array {
  const rows: number[] = [];
  for (const m of shards) {
    for (let r = m * shardRows; r < Math.min(count, (m + 1) * shardRows); r++) rows.push(r);
  }
  return Uint32Array.from(rows);
}
