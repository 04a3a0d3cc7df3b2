/**
 * The training batch source: where the trainer's rows come from, one epoch at a time. A set held in
 * memory is one resident segment ({@link memoryBatchSource}); a set larger than memory is streamed
 * from storage in buffers of shards (`streamBatchSource`).
 *
 * Runtime-neutral.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend, DeviceDataset, LossKind, Random, Tensor } from "@mnist/tensor";
import { _evaluateGroupOnDevice, _evaluateOnDevice } from "./_evaluate_device.ts";
import type { Evaluation } from "./evaluate.ts";

/**
 * One stretch of an epoch's row sequence that lives on the device at once: the trainer takes batches
 * as consecutive slices of `order` (indices into `dataset`).
 */
export interface BatchSegment {
  /** The rows of this stretch, on the trainer's backend; owned by the source. */
  readonly dataset: DeviceDataset;
  /** Row indices into `dataset`, in training order. */
  readonly order: Uint32Array;
}

/** A {@link TrainingBatchSource} opened on a backend for one run. */
export interface OpenBatchSource {
  /** The most rows any segment's `order` holds (sizes the trainer's order tensor). */
  readonly maxSegmentRows: number;
  /**
   * The segments of an epoch, in training order. Together their orders hold every training row once;
   * every segment but the last holds a multiple of the batch size rows, so no batch spans two.
   * Draws its shuffling from `rng` (only while iterating), so that equal states give equal epochs.
   * A segment may be released once the next is requested.
   * @param epoch 1-based epoch.
   * @param rng the run's shuffling generator, advanced by what the epoch draws.
   * @param shuffle whether to shuffle (the config's `shuffle`); without it no number is drawn.
   * @param from rows of the epoch's sequence already trained (a multiple of the batch size; default
   *   0): the segments then hold only rows `from …` of the same sequence, and `rng` is advanced as by
   *   the whole epoch. Resuming a checkpoint taken inside an epoch.
   */
  epoch(epoch: number, rng: Random, shuffle: boolean, from?: number): AsyncIterable<BatchSegment>;
  /**
   * Loss and accuracy of the parameters `w`, `b` over every training row.
   * @param z scratch logits of at least `EVAL_CHUNK × classes` values.
   */
  evaluate(loss: LossKind, w: Tensor<"f32">, b: Tensor<"f32">, z: Tensor<"f32">): Promise<Evaluation>;
  /**
   * {@link evaluate} of the `losses.length` models stacked in `w` and `b` (a group's parameters), with
   * the same sums per model as `evaluate` of that model alone.
   * @param z scratch logits of at least `losses.length × EVAL_CHUNK × classes` values.
   */
  evaluateGroup(
    losses: readonly LossKind[],
    w: Tensor<"f32">,
    b: Tensor<"f32">,
    z: Tensor<"f32">,
  ): Promise<Evaluation[]>;
  /** Frees what the source placed on the backend. */
  close(): void;
}

/** Training data as the trainer sees it: its shape and a way to open it on a backend. */
export interface TrainingBatchSource {
  /** Number of training rows. */
  readonly count: number;
  /** Inputs per row. */
  readonly features: number;
  /** Number of classes; every label is below it. */
  readonly classes: number;
  /**
   * Opens the source for one run.
   * @param backend where segments are placed.
   * @param batchSize rows per optimiser step (segments are cut to multiples of it).
   */
  open(backend: Backend, batchSize: number): OpenBatchSource;
}

/**
 * Rewrites training rows in place before they are trained on, e.g. random deformations: `images`
 * holds whole rows, the first of them row `firstRow` of the set, in the given (1-based) epoch. What
 * it writes must depend only on those three, so that a row gets the same treatment however the set
 * is read (in memory, or streamed in any shard order) and a resumed run repeats it. Evaluation sees
 * the rows unchanged.
 */
export type RowTransform = (images: Uint8Array, firstRow: number, epoch: number) => void;

/** Options of {@link memoryBatchSource}. */
export interface MemoryBatchSourceOptions {
  /** Explicit row order per epoch (see `TrainOptions.order`). */
  readonly order?: (epoch: number) => Uint32Array;
  /** Applied to a copy of the set every epoch (the set is then on the backend twice). */
  readonly transform?: RowTransform;
}

/**
 * A data set held in memory as a batch source: uploaded once, one segment per epoch whose order is
 * `rng.permutation(count)` (or `order(epoch)`, or storage order without shuffling).
 * @param data the training set.
 * @param options explicit orders, a per-epoch transform.
 * @returns the source.
 * @throws {RangeError} from the epoch when `order` returns the wrong length or a row out of range.
 * @example
 * ```ts
 * import { memoryBatchSource } from "@mnist/softmax";
 * import { createCpuBackend, Random } from "@mnist/tensor";
 * const data = { images: new Uint8Array(6), labels: new Uint8Array(3), count: 3, rows: 1, cols: 2, features: 2, classes: 1 };
 * const be = createCpuBackend();
 * const open = memoryBatchSource(data).open(be, 2);
 * for await (const s of open.epoch(1, new Random(1), false)) console.log(Array.from(s.order)); // [ 0, 1, 2 ]
 * open.close();
 * be.destroy();
 * ```
 */
export function memoryBatchSource(
  data: Dataset,
  options: MemoryBatchSourceOptions = {},
): TrainingBatchSource {
  const { count, features, classes } = data;
  const { order, transform } = options;
  return {
    count,
    features,
    classes,
    open(be: Backend): OpenBatchSource {
      const ds = be.uploadDataset(data.images, data.labels, features, classes);
      let changed: DeviceDataset | undefined;
      const scratch = transform === undefined ? undefined : new Uint8Array(data.images.length);
      const release = () => {
        if (changed !== undefined) be.releaseDataset(changed);
        changed = undefined;
      };
      return {
        maxSegmentRows: count,
        async *epoch(epoch, rng, shuffle, from = 0) {
          let dataset = ds;
          if (transform !== undefined && scratch !== undefined) {
            release(); // the backend may hold the scratch bytes until then
            scratch.set(data.images);
            transform(scratch, 0, epoch);
            dataset = changed = be.uploadDataset(scratch, data.labels, features, classes);
          }
          const rows = epochOrder(order, epoch, rng, shuffle, count);
          yield { dataset, order: from === 0 ? rows : rows.subarray(from) };
        },
        evaluate: (loss, w, b, z) => _evaluateOnDevice(be, ds, loss, w, b, z, false),
        evaluateGroup: (losses, w, b, z) => _evaluateGroupOnDevice(be, ds, losses, w, b, z, false),
        close: () => {
          release();
          be.releaseDataset(ds);
        },
      };
    },
  };
}

/** Whether `train` is a {@link TrainingBatchSource} rather than a {@link Dataset}. */
export function isBatchSource(train: Dataset | TrainingBatchSource): train is TrainingBatchSource {
  return typeof (train as TrainingBatchSource).open === "function";
}

function epochOrder(
  order: ((epoch: number) => Uint32Array) | undefined,
  epoch: number,
  rng: Random,
  shuffle: boolean,
  n: number,
): Uint32Array {
  if (order === undefined) return shuffle ? rng.permutation(n) : identity(n);
  const rows = order(epoch);
  if (rows.length !== n) {
    throw new RangeError(`Cannot train epoch ${epoch}: the order holds ${rows.length} rows, expected ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (rows[i] >= n) {
      throw new RangeError(
        `Cannot train epoch ${epoch}: the order names row ${rows[i]}, expected rows below ${n}`,
      );
    }
  }
  return rows;
}

/** `0, 1, …, n − 1`. */
export function identity(n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}
