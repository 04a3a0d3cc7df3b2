/**
 * The `Backend` interface: everything softmax-regression training and inference needs
 * from a compute device, and nothing more.
 *
 * Runtime-neutral: no file system, network or DOM access.
 *
 * Conventions shared by every op:
 * - Matrices are row-major, dense, float32 unless stated otherwise.
 * - The model's weight matrix is stored **input-major**: `W[F×C]` (row = input feature, column = class),
 *   the transpose of PyTorch's `nn.Linear.weight [C×F]`. Checkpoints convert at the edge.
 * - A dataset lives on the device once ({@link Backend.uploadDataset}); ops address a batch by a row
 *   order (a `u32` permutation tensor, or `null` for rows in storage order), an offset into that order,
 *   and a row count. Pixels are stored as bytes and scaled by `1/255` inside the op.
 * - Ops are enqueued, never awaited: only {@link Backend.read} waits for the device. On the CPU
 *   backend ops run synchronously; on WebGPU they are recorded and submitted.
 * - Ops never allocate: outputs are tensors the caller created and reuses.
 * - Prefixes: an op with `n` rows reads and writes only the first `n×C` elements of its `[n×C]`
 *   tensors (`z`, `out`, `grad`, `g`), which may be longer (one buffer serves batches of every size);
 *   elements past the prefix are left unchanged. `n = rows.count`, `F = ds.features`.
 * - Rounding: values are float32 in memory; a backend may accumulate in float32 or wider and in any
 *   order. The conformance suite (`src/testing/conformance.ts`) states each op's tolerance against a
 *   float64 reference; integer results (correct counts, confusion cells, argmax) are exact.
 * - A tensor or dataset belongs to the backend that created it; passing it to another is a `TypeError`.
 * @module
 */

import type {
  AdamParams,
  GroupEvalTensors,
  GroupMember,
  GroupStepTensors,
  SgdParams,
  StepUpdate,
  TrainStepTensors,
} from "./step_types.ts";

/** Element type of a {@link Tensor}. */
export type DType = "f32" | "u32";

/** Host array type for a given {@link DType}. */
export type HostArray<D extends DType = DType> = D extends "f32" ? Float32Array : Uint32Array;

/** An opaque handle to device memory: `length` elements of `dtype`. */
export interface Tensor<D extends DType = DType> {
  /** The element type. */
  readonly dtype: D;
  /** Number of elements. */
  readonly length: number;
}

/** A dataset resident on the device: `count` rows of `features` u8 pixels and a u8 label per row. */
export interface DeviceDataset {
  /** Number of rows (images). */
  readonly count: number;
  /** Pixels per row. */
  readonly features: number;
  /** Number of classes; every label is below it. */
  readonly classes: number;
}

/** Which loss {@link Backend.lossAndGrad} computes. */
export type LossKind = "mse" | "cross-entropy";

/**
 * Rows of a device dataset that an op reads: `order[offset + i]` for `i < count`,
 * or rows `offset + i` when `order` is `null`.
 */
export interface RowSelection {
  /** Row indices into the dataset, or `null` for storage order. */
  readonly order: Tensor<"u32"> | null;
  /** First index used (into `order`, or the first row when `order` is `null`). */
  readonly offset: number;
  /** Number of rows selected. */
  readonly count: number;
}

export type * from "./step_types.ts";

/** What the device is, for reports and run logs. */
export interface AdapterReport {
  /** The adapter's vendor, as the adapter's info reports it (may be empty). */
  readonly vendor: string;
  /** The adapter's architecture (may be empty). */
  readonly architecture: string;
  /** A human-readable description of the adapter (may be empty). */
  readonly description: string;
  /** Whether it is a software fallback adapter (lavapipe, SwiftShader). */
  readonly isFallbackAdapter: boolean;
}

/** A compute device that can train and evaluate softmax regression. */
export interface Backend {
  /** `"cpu"` or `"webgpu"`. */
  readonly kind: "cpu" | "webgpu";
  /** Adapter details (WebGPU) or `null` (CPU). */
  readonly adapter: AdapterReport | null;

  // ---- allocator -------------------------------------------------------------------------------

  /** Allocates a zero-filled tensor of `length` elements (`length ≥ 0`). */
  zeros<D extends DType>(dtype: D, length: number): Tensor<D>;
  /** Allocates a tensor holding a copy of `data`. */
  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D>;
  /**
   * Overwrites `t[offset…offset+data.length)` with `data` (ordered after every op enqueued so far);
   * `offset` defaults to 0 and `offset + data.length ≤ t.length`. The caller may reuse `data` at once.
   */
  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset?: number): void;
  /** Copies a tensor back to the host once every enqueued op that writes it has run. */
  read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>>;
  /** Frees a tensor; using it afterwards is an error. */
  release(t: Tensor): void;
  /**
   * Places a dataset on the device once: `images` holds `count × features` bytes (row-major),
   * `labels` holds `count` bytes, each `< classes`; `count = labels.length`. The backend may keep
   * references to (not copies of) both arrays, so the caller must not modify them afterwards. This is
   * where a backend prepares the data once (the CPU backend builds its sparse index here).
   * @throws {RangeError} when the lengths disagree or a label is out of range.
   */
  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset;
  /** Frees a dataset. */
  releaseDataset(ds: DeviceDataset): void;

  // ---- ops -------------------------------------------------------------------------------------

  /**
   * `out[i×C + c] = b[c] + Σ_k x[r_i, k] · w[k×C + c]` for `i < n`, `c < C`: `X[n×F]` are the
   * selected rows (pixel bytes × 1/255, as float32), `W[F×C]` input-major, `b[C]`, `C = b.length`,
   * `w.length = F×C`, `out.length ≥ n×C` (prefix written, rest unchanged).
   */
  linearForward(
    ds: DeviceDataset,
    rows: RowSelection,
    w: Tensor<"f32">,
    b: Tensor<"f32">,
    out: Tensor<"f32">,
  ): void;

  /**
   * Weight and bias gradients of a linear layer: `gw[k×C + c] = Σ_i x[r_i, k] · g[i×C + c]`
   * (`Xᵀ · g`, input-major like `W`) and `gb[c] = Σ_i g[i×C + c]`, where `X[n×F]` are the selected
   * rows scaled by 1/255 and `g` (prefix `n×C` of a possibly longer tensor) the gradient w.r.t. the
   * logits; `C = gb.length`, `gw.length = F×C`. Overwrites all of `gw` and `gb` (zeros when `n = 0`).
   */
  linearBackward(
    ds: DeviceDataset,
    rows: RowSelection,
    g: Tensor<"f32">,
    gw: Tensor<"f32">,
    gb: Tensor<"f32">,
  ): void;

  /**
   * Loss, accuracy and logit gradient for a batch of logits `z[n×C]` (prefix of a possibly longer
   * tensor, `C = ds.classes`) against the selected rows' labels `y_i`. With `p = softmax(z_i)`:
   *
   * - `mse`: `L = mean over n×C of (softmax(z) − onehot(y))²` (`torch.nn.MSELoss` on softmax).
   * - `cross-entropy`: `L = mean over n of (logsumexp(z) − z_y)`, computed stably.
   *
   * Adds `n × L` (the loss summed over rows) to `stats[0]` and the number of rows whose argmax
   * (first maximum) equals the label to `stats[1]` (`stats` is f32, length ≥ 2, accumulated, never
   * cleared). When `grad` is non-null, overwrites its prefix `n×C` with `∂L/∂z` of the batch mean loss:
   * `(p − onehot(y)) / n` for cross-entropy; for MSE, with `d_c = 2 (p_c − onehot(y)_c) / (n C)`,
   * `grad_j = p_j (d_j − Σ_c p_c d_c)`. When `confusion` is non-null (`u32 [C×C]`, row = label,
   * column = prediction) increments one cell per row. Logits of ±1e4 give finite results.
   */
  lossAndGrad(
    kind: LossKind,
    z: Tensor<"f32">,
    ds: DeviceDataset,
    rows: RowSelection,
    grad: Tensor<"f32"> | null,
    stats: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void;

  /**
   * Row-wise softmax of `z[n×C]` into `out[n×C]`, `C = classes`, `n = ⌊z.length / C⌋`,
   * `out.length ≥ n×C`: `out_c = exp(z_c − max) / Σ exp(z − max)` (finite for logits of ±1e4).
   */
  softmax(z: Tensor<"f32">, out: Tensor<"f32">, classes: number): void;

  /**
   * One in-place SGD step on every element of `param` (`grad`, `velocity` at least as long), as PyTorch:
   * `d = grad + weightDecay·param`; with momentum, `v = step == 1 ? d : momentum·v + (1 − dampening)·d`
   * and `d = nesterov ? d + momentum·v : v`; then `param −= lr·d`. `velocity` is required (and updated)
   * when `momentum ≠ 0`, ignored otherwise.
   * @throws {TypeError} when momentum is non-zero and `velocity` is null.
   */
  sgdStep(param: Tensor<"f32">, grad: Tensor<"f32">, velocity: Tensor<"f32"> | null, p: SgdParams): void;

  /**
   * One in-place Adam step on `param` given `grad`, with moment buffers `m` and `v` (same length), as
   * PyTorch: `d = grad + weightDecay·param`, `m = β1·m + (1 − β1)·d`, `v = β2·v + (1 − β2)·d²`,
   * `param −= (lr / (1 − β1^step)) · m / (√v / √(1 − β2^step) + eps)`.
   */
  adamStep(
    param: Tensor<"f32">,
    grad: Tensor<"f32">,
    m: Tensor<"f32">,
    v: Tensor<"f32">,
    p: AdamParams,
  ): void;

  /**
   * One training step on the selected rows, with the maths of these ops run in this order:
   * ```
   * linearForward(ds, rows, t.w, t.b, t.z)
   * lossAndGrad(kind, t.z, ds, rows, t.g, stats, null)
   * linearBackward(ds, rows, t.g, t.gw, t.gb)
   * sgdStep or adamStep on (t.w, t.gw, state.w), then on (t.b, t.gb, state.b)
   * ```
   * so `stats` accumulates the batch's loss sum and correct count as {@link Backend.lossAndGrad}, and
   * `t.w`, `t.b` and the optimiser state end as that sequence leaves them (within the ops'
   * tolerances); the scratch tensors `z`, `g`, `gw`, `gb` are left unspecified. A backend may fuse the
   * sequence (WebGPU records at most two dispatches) or run the ops themselves (the CPU backend,
   * bit-identically; {@link composedTrainStep} in `train_step.ts`).
   * @throws {TypeError} when SGD momentum is non-zero and `update.velocity` is null.
   */
  trainStep(
    kind: LossKind,
    ds: DeviceDataset,
    rows: RowSelection,
    t: TrainStepTensors,
    stats: Tensor<"f32">,
    update: StepUpdate,
  ): void;

  /**
   * One training step of `K = members.length` models on the same selected rows (a sweep's group):
   * for every member `k`, exactly what {@link Backend.trainStep} does with `members[k].loss`, model
   * `k` of the stacked tensors ({@link GroupStepTensors}), its optimiser state, `stats[2k…2k+2)` as
   * its stats, and `members[k].update` with that state. The models do not interact. A backend may
   * share the pass over the rows between the models (the CPU backend indexes the rows once and runs
   * each model's arithmetic exactly as its `trainStep`, so results are bit-identical to `K` single
   * steps; WebGPU records two dispatches for the whole group).
   * @throws {TypeError} when a member needs optimiser state that `t` lacks (momentum without
   *   `velocity`, Adam without `m` and `v`), before anything runs.
   * @throws {RangeError} when `members` is empty or a tensor is shorter than `K` models need.
   */
  trainStepGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupStepTensors,
    stats: Tensor<"f32">,
    members: readonly GroupMember[],
  ): void;

  /**
   * Evaluates `K = losses.length` models on the same selected rows (a group's per-epoch evaluation,
   * one call per chunk of rows): for every member `k`, exactly what
   * ```
   * linearForward(ds, rows, w_k, b_k, z_k)
   * lossAndGrad(losses[k], z_k, ds, rows, null, stats_k, confusion_k)
   * ```
   * does, where `w_k`, `b_k` are model `k` of the stacked `t.w`, `t.b` ({@link GroupEvalTensors}),
   * `z_k = t.z[k·n·C …)` scratch, `stats_k = stats[2k…2k+2)` (accumulated, never cleared) and
   * `confusion_k = confusion[k·C·C …)` when `confusion` is non-null (`u32 [K·C·C]`). The models do
   * not interact; no gradient is written. A backend may share the pass over the rows between the
   * models (the CPU backend does, bit-identically to the per-model ops; with two threads it splits
   * the models between them).
   * @throws {RangeError} when `losses` is empty or a tensor is shorter than `K` models need.
   */
  evaluateGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupEvalTensors,
    losses: readonly LossKind[],
    stats: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void;

  /** Sets every element of `t` to `value` (an integer in `[0, 2³²)` for u32 tensors). */
  fill(t: Tensor, value: number): void;

  /** Frees everything this backend allocated (and the device, when the backend requested it). */
  destroy(): void;
}
