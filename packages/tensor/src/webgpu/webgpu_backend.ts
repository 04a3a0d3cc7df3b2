/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend: the {@link Backend} ops as WGSL compute kernels (one per file beside this one).
 * Ops are recorded, never awaited; {@link Backend.read} is the only call that waits for the device.
 *
 * Runtime-neutral: uses only `navigator.gpu`, a `GPU` object or a `GPUDevice` passed in.
 * @module
 */
import { checkDatasetUpload } from "../_check_dataset.ts";
import type {
  AdamParams,
  AdapterReport,
  Backend,
  DeviceDataset,
  DType,
  GroupEvalTensors,
  GroupMember,
  GroupStepTensors,
  HostArray,
  LossKind,
  ModelTensors,
  RowSelection,
  SgdParams,
  StepUpdate,
  Tensor,
  TrainStepTensors,
} from "../backend.ts";
import { checkEvaluateGroup, composedEvaluateGroup } from "../evaluate_group.ts";
import {
  checkGroupStep,
  composedTrainStep,
  composedTrainStepGroup,
  type StackedParts,
} from "../train_step.ts";
import {
  BatchGather,
  type BatchTarget,
  checkForcedPartBytes,
  partBytesFor,
  uploadParts,
} from "./_dataset_parts.ts";
import { acquireDevice, oneLine, WebGpuUnavailableError } from "./_device.ts";
import { FusedGroupStep } from "./_fused_group_step.ts";
import { FusedStep, MAX_FUSED_CLASSES } from "./_fused_step.ts";
import { GroupEvaluation, UniformWeights } from "./_group_eval.ts";
import type { Kernel } from "./_kernel.ts";
import type { KernelTime } from "./_profiler.ts";
import { type Compiled, compiledFor, Recorder, type RecorderOptions } from "./_recorder.ts";
import { BufferPool, GpuDataset, GpuTensor, paddedSize, tensorUsage } from "./_resources.ts";
import { uploadSparseImages } from "./_sparse_images.ts";
import { adamStepKernel, adamStepKey, writeAdamStepParams } from "./adam_step.ts";
import { evalRowsFits } from "./evaluate_group.ts";
import { fillKernel, fillKey, writeFillParams } from "./fill.ts";
import {
  linearBackwardInvocations,
  linearBackwardKernel,
  linearBackwardKey,
  writeLinearBackwardParams,
} from "./linear_backward.ts";
import {
  linearForwardKernel,
  linearForwardKey,
  linearForwardTile,
  linearForwardWorkgroups,
  writeLinearForwardParams,
} from "./linear_forward.ts";
import { lossAndGradKernel, lossAndGradKey, writeLossAndGradParams } from "./loss_and_grad.ts";
import { sgdStepKernel, sgdStepKey, writeSgdStepParams } from "./sgd_step.ts";
import { softmaxKernel, softmaxKey, writeSoftmaxParams } from "./softmax.ts";

export type { KernelTime };
export { WebGpuUnavailableError };

/** Options for {@link createWebGpuBackend}. */
export interface WebGpuOptions {
  /** A `GPU` object to use instead of `navigator.gpu`. */
  readonly gpu?: GPU;
  /** A device to borrow: the backend never destroys it. */
  readonly device?: GPUDevice;
  /**
   * Parameter blocks per submit (default 1024, about 200 training steps): the backend submits when
   * they run out, and before every `write`, `upload` and `read`.
   */
  readonly paramSlots?: number;
  /** Split dispatches at this many workgroups per dimension instead of the device limit (tests). */
  readonly maxWorkgroupsPerDimension?: number;
  /**
   * `trainStep` as two fused dispatches (default `true`); `false` runs it as the five separate ops,
   * for cross-checking the fused kernels against the ones they replace. Likewise `evaluateGroup`:
   * its own kernels, or (`false`) each model's `linearForward` and `lossAndGrad`.
   */
  readonly fused?: boolean;
  /**
   * Time every dispatch on the GPU with timestamp queries, where the adapter offers the
   * `timestamp-query` feature ({@link WebGpuBackend.kernelTimes}); each dispatch then runs in a pass
   * of its own, so use it to compare kernels, not to train.
   */
  readonly profile?: boolean;
  /**
   * Hold a dataset's images (and labels) in buffers of at most this many bytes (rounded down to a
   * word) instead of the device's `maxStorageBufferBindingSize` and `maxBufferSize`, so that small
   * datasets take the split path (tests); results are the same either way.
   */
  readonly maxDatasetBindingBytes?: number;
}

/** The WebGPU {@link Backend}, plus what tests and benchmarks need to look at. */
export interface WebGpuBackend extends Backend {
  /** Always `"webgpu"`. */
  readonly kind: "webgpu";
  /** The adapter the device came from. */
  readonly adapter: AdapterReport;
  /** The device; owned by the backend unless it was passed in. */
  readonly device: GPUDevice;
  /** Submits everything recorded so far without waiting. */
  flush(): void;
  /** How many command buffers have been submitted. */
  readonly submits: number;
  /**
   * The most bytes of a dataset's images or labels one buffer holds: the device's
   * `maxStorageBufferBindingSize` and `maxBufferSize` (or `maxDatasetBindingBytes`), rounded down to a
   * word. A larger dataset is split across buffers and each batch gathered from them.
   */
  readonly datasetPartBytes: number;
  /** Whether `trainStep` uses the fused kernels where they apply (the `fused` option). */
  readonly fused: boolean;
  /** Why kernels are not being timed (`null` when `profile: true` and the device has `timestamp-query`). */
  readonly profileUnavailable: string | null;
  /**
   * GPU time per kernel since the last call (largest first), once every submitted dispatch has run.
   * @throws {Error} when {@link WebGpuBackend.profileUnavailable} says why there is none.
   */
  kernelTimes(): Promise<KernelTime[]>;
}

/**
 * Creates the WebGPU backend on a new device (destroyed by {@link Backend.destroy}) or a borrowed one.
 * @param options `gpu` instead of `navigator.gpu`, or a `device` to borrow.
 * @returns the backend.
 * @throws {WebGpuUnavailableError} when there is no `navigator.gpu`, no adapter, or no device.
 * @example
 * ```ts ignore
 * import { createWebGpuBackend } from "@mnist/tensor/webgpu";
 * const backend = await createWebGpuBackend();
 * console.log(backend.adapter.description);
 * backend.destroy();
 * ```
 */
export async function createWebGpuBackend(options: WebGpuOptions = {}): Promise<WebGpuBackend> {
  const forced = options.maxDatasetBindingBytes;
  checkForcedPartBytes(forced);
  const acquired = await acquireDevice(options);
  const timestamps = acquired.device.features.has("timestamp-query");
  const profileUnavailable =
    options.profile !== true
      ? "profiling was not requested (profile: true)"
      : timestamps
        ? null
        : `the adapter (${acquired.adapter.description || acquired.adapter.vendor || "unnamed"}) does not offer timestamp-query`;
  return new GpuBackend(
    acquired.device,
    acquired.adapter,
    acquired.owned,
    {
      paramSlots: options.paramSlots ?? DEFAULT_PARAM_SLOTS,
      maxWorkgroupsPerDimension: options.maxWorkgroupsPerDimension,
      profile: profileUnavailable === null,
    },
    options.fused ?? true,
    profileUnavailable,
    partBytesFor(acquired.device.limits, forced),
  );
}

/**
 * Parameter blocks per submit: a 600-step epoch of fused steps (two blocks each) fits in one command
 * buffer; the arena is 4096 × 256 bytes = 1 MiB at the usual 256-byte offset alignment.
 */
const DEFAULT_PARAM_SLOTS = 4096;

/**
 * Invocations per workgroup of the fused step's two kernels on `adapter`. A tutorial step has only
 * ~100 rows (one invocation each) and ~200 weight cells. Lavapipe runs a workgroup on one of its
 * threads: in workgroups of 16 it spreads a step evenly over them, where two of 64 split 64/36 (a
 * tutorial epoch ~0.5 s instead of ~0.7 s at load average ≈ 2.5). SwiftShader in Chromium pays per
 * workgroup instead (the dashboard's epoch 2.2 s with 16 against 1.7 s with 64), as a real GPU would
 * for such small groups, so everything else keeps 64.
 */
function fusedStepWorkgroup(adapter: AdapterReport): number {
  return /llvmpipe/i.test(adapter.description) ? 16 : 64;
}

/** What an op binds for its rows ({@link GpuBackend} `#bind`). */
interface BoundRows {
  readonly rows: RowSelection;
  readonly order: GPUBuffer | null;
  readonly images: GPUBuffer;
  readonly labels: GPUBuffer;
}

const IMAGES: readonly BatchTarget[] = ["images"];
const LABELS: readonly BatchTarget[] = ["labels"];
const IMAGES_AND_LABELS: readonly BatchTarget[] = ["images", "labels"];

function workgroupSizeFor(device: GPUDevice, wanted: number): number {
  const cap = Math.min(
    device.limits.maxComputeInvocationsPerWorkgroup,
    device.limits.maxComputeWorkgroupSizeX,
  );
  let size = 1;
  while (size * 2 <= Math.min(wanted, cap)) size *= 2;
  return size;
}

class GpuBackend implements WebGpuBackend {
  readonly kind = "webgpu" as const;
  readonly #owned: boolean;
  readonly #recorder: Recorder;
  readonly #tensors: BufferPool;
  readonly #staging: BufferPool;
  /** Uniform copies of a model's weights for the row-tile kernels. */
  readonly #uniforms: UniformWeights;
  readonly #groupEval: GroupEvaluation;
  readonly #wg: number;
  readonly #wgLoss: number;
  readonly #fusedStep: FusedStep;
  readonly #groupStep: FusedGroupStep;
  readonly #gather: BatchGather;
  readonly #onError = (event: Event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    this.#failure ??= `uncaptured WebGPU ${error?.constructor?.name ?? "error"}: ${oneLine(error?.message)}`;
  };
  #failure: string | null = null;
  #destroyed = false;

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterReport,
    owned: boolean,
    recording: RecorderOptions,
    readonly fused: boolean,
    readonly profileUnavailable: string | null,
    readonly datasetPartBytes: number,
  ) {
    this.#owned = owned;
    this.#recorder = new Recorder(device, recording);
    this.#tensors = new BufferPool(device, tensorUsage());
    this.#staging = new BufferPool(device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.#uniforms = new UniformWeights(device, this.#recorder);
    this.#wg = workgroupSizeFor(device, 64);
    this.#wgLoss = workgroupSizeFor(device, 256);
    this.#fusedStep = new FusedStep(
      device,
      this.#recorder,
      workgroupSizeFor(device, fusedStepWorkgroup(adapter)),
    );
    this.#groupStep = new FusedGroupStep(device, this.#recorder, this.#wg);
    this.#groupEval = new GroupEvaluation(device, this.#recorder, this.#uniforms, this.#wg, this.#wgLoss);
    this.#gather = new BatchGather(device, this.#recorder, this.#tensors, this.#wg);
    device.addEventListener("uncapturederror", this.#onError);
    device.lost.then((info) => {
      if (!this.#destroyed)
        this.#failure ??= `the device was lost (${info.reason}): ${oneLine(info.message)}`;
    });
  }

  get submits(): number {
    return this.#recorder.submits;
  }

  // ---- allocator -------------------------------------------------------------------------------

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    this.#check("allocate tensor");
    const buffer = this.#tensors.take(paddedSize(length * 4), `${dtype}[${length}]`);
    this.#recorder.encoder().clearBuffer(buffer);
    return new GpuTensor(dtype, length, buffer, this);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    this.#check("upload tensor");
    const buffer = this.#tensors.take(paddedSize(data.length * 4), `${dtype}[${data.length}]`);
    this.#recorder.flush(); // a pooled buffer may still be read by recorded work
    if (data.length > 0) this.device.queue.writeBuffer(buffer, 0, data as ArrayBufferView<ArrayBuffer>);
    return new GpuTensor(dtype, data.length, buffer, this);
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
    this.#check("write tensor");
    const tensor = this.#tensor(t, "write tensor");
    if (offset < 0 || offset + data.length > tensor.length) {
      throw new RangeError(
        `Cannot write tensor: ${data.length} elements at offset ${offset}, expected at most ${tensor.length} in all`,
      );
    }
    this.#recorder.flush(); // queue writes run before unsubmitted work; keep the caller's order
    if (data.length > 0)
      this.device.queue.writeBuffer(tensor.buffer!, offset * 4, data as ArrayBufferView<ArrayBuffer>);
  }

  async read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    this.#check("read tensor");
    const tensor = this.#tensor(t, "read tensor");
    const size = paddedSize(tensor.length * 4);
    const staging = this.#staging.take(size, "staging");
    this.#recorder.encoder().copyBufferToBuffer(tensor.buffer!, 0, staging, 0, size);
    this.device.pushErrorScope("validation");
    this.#recorder.flush();
    const validation = this.device.popErrorScope();
    // Both requests go out at once: awaiting the error scope before asking for the mapping costs a
    // second round trip to the GPU process in a browser, on every read.
    const mapped = staging.mapAsync(GPUMapMode.READ);
    mapped.catch(() => {}); // awaited below; a failed validation may reject it first
    try {
      const error = await validation;
      if (error !== null) this.#failure ??= `WebGPU validation error: ${oneLine(error.message)}`;
      await mapped;
    } catch (error) {
      this.#check("read tensor");
      throw new Error(`Cannot read tensor: mapping the staging buffer failed with "${oneLine(error)}"`);
    }
    this.#check("read tensor");
    const bytes = staging.getMappedRange().slice(0, tensor.length * 4);
    staging.unmap();
    this.#staging.give(staging);
    return (tensor.dtype === "f32" ? new Float32Array(bytes) : new Uint32Array(bytes)) as HostArray<D>;
  }

  release(t: Tensor): void {
    const tensor = this.#tensor(t, "release tensor");
    if (!this.#destroyed) this.#tensors.give(tensor.buffer!);
    tensor.buffer = null;
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    this.#check("upload dataset");
    const count = labels.length;
    checkDatasetUpload(images, labels, features, classes);
    this.#recorder.flush();
    const queue = this.device.queue;
    const part = this.datasetPartBytes;
    const dataset = new GpuDataset(
      count,
      features,
      classes,
      uploadParts(queue, this.#tensors, images, part, `images ${count}×${features}`),
      uploadParts(queue, this.#tensors, labels, part, `labels ${count}`),
      this,
    );
    if (!dataset.split) {
      dataset.sparse = uploadSparseImages(queue, this.#tensors, images, count, features, part);
    }
    return dataset;
  }

  releaseDataset(ds: DeviceDataset): void {
    const dataset = this.#dataset(ds, "release dataset");
    if (!this.#destroyed) {
      this.#recorder.flush();
      const sparse = dataset.sparse === null ? [] : [dataset.sparse];
      for (const buffer of [...dataset.images!.buffers, ...dataset.labels!.buffers, ...sparse]) {
        this.#recorder.forget(buffer);
        this.#tensors.drop(buffer);
      }
    }
    dataset.images = dataset.labels = dataset.sparse = null;
  }

  // ---- ops -------------------------------------------------------------------------------------

  linearForward(
    ds: DeviceDataset,
    rows: RowSelection,
    w: Tensor<"f32">,
    b: Tensor<"f32">,
    out: Tensor<"f32">,
  ): void {
    const action = "run linearForward";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const F = data.features;
    const C = b.length;
    this.#expectLength(w, F * C, "w", action);
    this.#expectAtLeast(out, rows.count * C, "out", action);
    this.#checkRows(data, rows, action);
    if (rows.count === 0) return;
    const bound = this.#bind(data, rows, IMAGES, action);
    const o = {
      features: F,
      classes: C,
      ordered: bound.order !== null,
      workgroupSize: this.#wg,
      uniformBytes: this.#uniformBytes,
    };
    const uniform = linearForwardTile(o).weights === "uniform";
    const weights = uniform
      ? this.#uniforms.take(this.#buffer(w, action), 0, F * C)
      : this.#buffer(w, action);
    const compiled = this.#kernel(linearForwardKey(o), () => linearForwardKernel(o));
    const params = this.#recorder.params();
    writeLinearForwardParams(params, bound.rows);
    const buffers = [bound.images, weights, this.#buffer(b, action), this.#buffer(out, action)];
    if (bound.order !== null) buffers.push(bound.order);
    this.#recorder.dispatch(compiled, params, buffers, linearForwardWorkgroups(o, rows.count));
    if (uniform) this.#uniforms.give(weights); // work recorded later runs after this dispatch
  }

  /** Bytes of weights a uniform binding may take: the device's limit (64 KiB by default; MNIST's are 31 KiB). */
  get #uniformBytes(): number {
    return this.device.limits.maxUniformBufferBindingSize;
  }

  linearBackward(
    ds: DeviceDataset,
    rows: RowSelection,
    g: Tensor<"f32">,
    gw: Tensor<"f32">,
    gb: Tensor<"f32">,
  ): void {
    const action = "run linearBackward";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const F = data.features;
    const C = gb.length;
    this.#expectLength(gw, F * C, "gw", action);
    this.#expectAtLeast(g, rows.count * C, "g", action);
    this.#checkRows(data, rows, action);
    const bound = this.#bind(data, rows, IMAGES, action);
    const o = { features: F, classes: C, ordered: bound.order !== null, workgroupSize: this.#wg };
    const compiled = this.#kernel(linearBackwardKey(o), () => linearBackwardKernel(o));
    const params = this.#recorder.params();
    writeLinearBackwardParams(params, bound.rows);
    const buffers = [
      bound.images,
      this.#buffer(g, action),
      this.#buffer(gw, action),
      this.#buffer(gb, action),
    ];
    if (bound.order !== null) buffers.push(bound.order);
    const groups = Math.ceil(linearBackwardInvocations(F, C) / o.workgroupSize);
    this.#recorder.dispatch(compiled, params, buffers, groups);
  }

  lossAndGrad(
    kind: LossKind,
    z: Tensor<"f32">,
    ds: DeviceDataset,
    rows: RowSelection,
    grad: Tensor<"f32"> | null,
    stats: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void {
    const action = "run lossAndGrad";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const C = data.classes;
    const n = rows.count;
    this.#expectAtLeast(z, n * C, "z", action);
    this.#expectAtLeast(stats, 2, "stats", action);
    if (grad !== null) this.#expectAtLeast(grad, n * C, "grad", action);
    if (confusion !== null) this.#expectAtLeast(confusion, C * C, "confusion", action);
    this.#checkRows(data, rows, action);
    const bound = this.#bind(data, rows, LABELS, action);
    const o = {
      loss: kind,
      classes: C,
      ordered: bound.order !== null,
      grad: grad === null ? "none" : grad === z ? "in-place" : "separate",
      confusion: confusion !== null,
      workgroupSize: this.#wgLoss,
    } as const;
    const compiled = this.#kernel(lossAndGradKey(o), () => lossAndGradKernel(o));
    const params = this.#recorder.params();
    writeLossAndGradParams(params, bound.rows, C);
    const buffers = [this.#buffer(z, action), bound.labels, this.#buffer(stats, action)];
    if (o.grad === "separate") buffers.push(this.#buffer(grad!, action));
    if (o.confusion) buffers.push(this.#buffer(confusion!, action));
    if (bound.order !== null) buffers.push(bound.order);
    this.#recorder.dispatch(compiled, params, buffers, n === 0 ? 0 : 1);
  }

  softmax(z: Tensor<"f32">, out: Tensor<"f32">, classes: number): void {
    const action = "run softmax";
    this.#check(action);
    const rows = Math.floor(z.length / classes);
    this.#expectAtLeast(out, rows * classes, "out", action);
    const o = { classes, inPlace: out === z, workgroupSize: this.#wg };
    const compiled = this.#kernel(softmaxKey(o), () => softmaxKernel(o));
    const params = this.#recorder.params();
    writeSoftmaxParams(params, rows);
    const buffers = o.inPlace
      ? [this.#buffer(z, action)]
      : [this.#buffer(z, action), this.#buffer(out, action)];
    this.#recorder.dispatch(compiled, params, buffers, Math.ceil(rows / o.workgroupSize));
  }

  sgdStep(param: Tensor<"f32">, grad: Tensor<"f32">, velocity: Tensor<"f32"> | null, p: SgdParams): void {
    const action = "take SGD step";
    this.#check(action);
    const momentum = p.momentum !== 0;
    if (momentum && velocity === null) throw new TypeError("Cannot take SGD step: momentum needs a velocity");
    this.#expectAtLeast(grad, param.length, "grad", action);
    if (momentum) this.#expectAtLeast(velocity!, param.length, "velocity", action);
    const o = { momentum, workgroupSize: this.#wg };
    const compiled = this.#kernel(sgdStepKey(o), () => sgdStepKernel(o));
    const params = this.#recorder.params();
    writeSgdStepParams(params, param.length, p);
    const buffers = [this.#buffer(param, action), this.#buffer(grad, action)];
    if (momentum) buffers.push(this.#buffer(velocity!, action));
    this.#recorder.dispatch(compiled, params, buffers, Math.ceil(param.length / o.workgroupSize));
  }

  adamStep(
    param: Tensor<"f32">,
    grad: Tensor<"f32">,
    m: Tensor<"f32">,
    v: Tensor<"f32">,
    p: AdamParams,
  ): void {
    const action = "take Adam step";
    this.#check(action);
    for (const [t, name] of [
      [grad, "grad"],
      [m, "m"],
      [v, "v"],
    ] as const) {
      this.#expectAtLeast(t, param.length, name, action);
    }
    const o = { workgroupSize: this.#wg };
    const compiled = this.#kernel(adamStepKey(o), () => adamStepKernel(o));
    const params = this.#recorder.params();
    writeAdamStepParams(params, param.length, p);
    const buffers = [param, grad, m, v].map((t) => this.#buffer(t, action));
    this.#recorder.dispatch(compiled, params, buffers, Math.ceil(param.length / o.workgroupSize));
  }

  trainStep(
    kind: LossKind,
    ds: DeviceDataset,
    rows: RowSelection,
    t: TrainStepTensors,
    stats: Tensor<"f32">,
    update: StepUpdate,
  ): void {
    const action = "take training step";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const C = data.classes;
    const n = rows.count;
    // With a permutation, Adam's update binds 11 storage buffers; where the device allows fewer
    // (Chromium's SwiftShader offers 10), the update binds no permutation: the sparse forward hands it
    // the batch's rows after the rows' (loss, correct) pairs in \`z\` (room for them needs C ≥ 3), or
    // else the batch's images are gathered first (three dispatches). Same numbers either way.
    const unorderedUpdate =
      !data.split &&
      rows.order !== null &&
      !this.#fusedStep.fits(update, true) &&
      this.#fusedStep.fits(update, false);
    const forwardRows = unorderedUpdate && data.sparse !== null && C >= 3;
    const gatherForUpdate = unorderedUpdate && !forwardRows;
    // The fused kernels keep a row's logits in registers and workgroup memory and each row's loss
    // and correctness in `z` (2n ≤ n·C when C ≥ 2); everything else takes the separate kernels.
    if (
      !this.fused ||
      n === 0 ||
      C < 2 ||
      C > MAX_FUSED_CLASSES ||
      t.b.length !== C ||
      t.z === t.g ||
      !this.#fusedStep.fits(update, rows.order !== null && !data.split && !unorderedUpdate)
    ) {
      composedTrainStep(this, kind, ds, rows, t, stats, update);
      return;
    }
    const F = data.features;
    this.#expectLength(t.w, F * C, "w", action);
    this.#expectAtLeast(t.z, n * C, "z", action);
    this.#expectAtLeast(t.g, n * C, "g", action);
    this.#expectAtLeast(stats, 2, "stats", action);
    this.#checkRows(data, rows, action);
    const bound = this.#bind(data, rows, IMAGES_AND_LABELS, action);
    this.#fusedStep.record(kind, update, bound.rows, F, C, {
      images: bound.images,
      labels: bound.labels,
      order: bound.order,
      w: this.#buffer(t.w, action),
      b: this.#buffer(t.b, action),
      z: this.#buffer(t.z, action),
      g: this.#buffer(t.g, action),
      stats: this.#buffer(stats, action),
      state: this.#stateBuffers(update, F * C, C, action),
      sparse: data.sparse,
      forwardRows,
      gathered: gatherForUpdate
        ? this.#gather.gather("images", data.images!, F, rows, bound.order, action)
        : null,
    });
  }

  trainStepGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupStepTensors,
    stats: Tensor<"f32">,
    members: readonly GroupMember[],
  ): void {
    const action = "take group training step";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const { C } = checkGroupStep(ds, rows, t, stats, members);
    if (
      this.fused &&
      rows.count > 0 &&
      C >= 2 &&
      C <= MAX_FUSED_CLASSES &&
      t.z !== t.g &&
      // A split dataset's batch is gathered first, so the kernels then bind no permutation.
      this.#groupStep.fits(members, rows.order !== null && !data.split)
    ) {
      this.#checkRows(data, rows, action);
      const bound = this.#bind(data, rows, IMAGES_AND_LABELS, action);
      const pair = (m: ModelTensors | null) =>
        m === null ? null : ([this.#buffer(m.w, action), this.#buffer(m.b, action)] as const);
      this.#groupStep.record(members, bound.rows, data.features, C, {
        images: bound.images,
        labels: bound.labels,
        order: bound.order,
        w: this.#buffer(t.w, action),
        b: this.#buffer(t.b, action),
        z: this.#buffer(t.z, action),
        g: this.#buffer(t.g, action),
        stats: this.#buffer(stats, action),
        velocity: pair(t.velocity),
        m: pair(t.m),
        v: pair(t.v),
        sparse: data.sparse,
      });
      return;
    }
    // Elsewhere each member's step on copies of its parts of the stacked tensors, copied back in order.
    composedTrainStepGroup(this, ds, rows, t, stats, members, this.#copiedParts(action));
  }

  evaluateGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupEvalTensors,
    losses: readonly LossKind[],
    stats: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void {
    const action = "evaluate a group";
    this.#check(action);
    const data = this.#dataset(ds, action);
    const { K, C } = checkEvaluateGroup(ds, rows, t, losses, stats, confusion);
    const loss = losses[0];
    if (!this.fused || !evalRowsFits(C) || losses.some((l) => l !== loss)) {
      // Each model's forward pass and loss on copies of its parts, copied back in order.
      composedEvaluateGroup(this, ds, rows, t, losses, stats, confusion, this.#copiedParts(action));
      return;
    }
    this.#checkRows(data, rows, action);
    if (rows.count === 0) return;
    const bound = this.#bind(data, rows, IMAGES_AND_LABELS, action);
    const shape = { loss, features: data.features, classes: C, members: K };
    this.#groupEval.record(shape, bound.rows, {
      images: bound.images,
      labels: bound.labels,
      order: bound.order,
      w: this.#buffer(t.w, action),
      b: this.#buffer(t.b, action),
      z: this.#buffer(t.z, action),
      stats: this.#buffer(stats, action),
      confusion: confusion === null ? null : this.#buffer(confusion, action),
    });
  }

  /** Parts of stacked tensors as copies recorded on the device, copied back (and freed) after each model. */
  #copiedParts(action: string): StackedParts {
    return {
      part: (x, k, per) => {
        const copy = this.zeros(x.dtype, per);
        this.#copy(this.#buffer(x, action), k * per, this.#buffer(copy, action), 0, per);
        return copy;
      },
      commit: (x, k, per, copy) => {
        this.#copy(this.#buffer(copy, action), 0, this.#buffer(x, action), k * per, per);
        this.release(copy);
      },
    };
  }

  #copy(from: GPUBuffer, fromAt: number, to: GPUBuffer, toAt: number, count: number): void {
    if (count > 0) this.#recorder.encoder().copyBufferToBuffer(from, fromAt * 4, to, toAt * 4, count * 4);
  }

  fill(t: Tensor, value: number): void {
    const action = "fill tensor";
    this.#check(action);
    const buffer = this.#buffer(t, action);
    const bits = t.dtype === "f32" ? new Uint32Array(new Float32Array([value]).buffer)[0] : value >>> 0;
    if (bits === 0) {
      this.#recorder.encoder().clearBuffer(buffer);
      return;
    }
    const o = { workgroupSize: this.#wg };
    const compiled = this.#kernel(fillKey(o), () => fillKernel(o));
    const params = this.#recorder.params();
    writeFillParams(params, t.length, bits);
    this.#recorder.dispatch(compiled, params, [buffer], Math.ceil(t.length / o.workgroupSize));
  }

  async kernelTimes(): Promise<KernelTime[]> {
    this.#check("read kernel times");
    const profiler = this.#recorder.profiler;
    if (profiler === null) throw new Error(`Cannot read kernel times: ${this.profileUnavailable}`);
    this.#recorder.flush();
    return await profiler.take();
  }

  flush(): void {
    this.#check("submit work");
    this.#recorder.flush();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.device.removeEventListener("uncapturederror", this.#onError);
    this.#recorder.destroy();
    this.#gather.release();
    this.#tensors.destroy();
    this.#staging.destroy();
    this.#uniforms.destroy();
    if (this.#owned) this.device.destroy();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  #check(action: string): void {
    if (this.#destroyed) throw new Error(`Cannot ${action}: the WebGPU backend was destroyed`);
    if (this.#failure !== null) throw new Error(`Cannot ${action}: ${this.#failure}`);
  }

  #kernel(key: string, make: () => Kernel): Compiled {
    return compiledFor(this.device, key, make);
  }

  #tensor<D extends DType>(t: Tensor<D>, action: string): GpuTensor<D> {
    if (!(t instanceof GpuTensor) || t.owner !== this)
      throw new TypeError(`Cannot ${action}: the tensor belongs to another backend`);
    if (t.buffer === null) throw new ReferenceError(`Cannot ${action}: the tensor was released`);
    return t as GpuTensor<D>;
  }

  #buffer(t: Tensor, action: string): GPUBuffer {
    return this.#tensor(t, action).buffer!;
  }

  #dataset(ds: DeviceDataset, action: string): GpuDataset {
    if (!(ds instanceof GpuDataset) || ds.owner !== this)
      throw new TypeError(`Cannot ${action}: the dataset belongs to another backend`);
    if (ds.images === null) throw new ReferenceError(`Cannot ${action}: the dataset was released`);
    return ds;
  }

  /**
   * The buffers an op binds for `rows` of `data`: the dataset's own with `rows` as given, or, for a
   * split dataset, the batch gathered (here, before the op) from its parts for the `needed` targets,
   * with the rows in storage order from 0.
   */
  #bind(data: GpuDataset, rows: RowSelection, needed: readonly BatchTarget[], action: string): BoundRows {
    const order = rows.order === null ? null : this.#buffer(rows.order, action);
    const images = data.images!;
    const labels = data.labels!;
    if (!data.split) return { rows, order, images: images.buffers[0], labels: labels.buffers[0] };
    const copy = (target: BatchTarget) =>
      target === "images"
        ? this.#gather.gather(target, images, data.features, rows, order, action)
        : this.#gather.gather(target, labels, 1, rows, order, action);
    return {
      rows: { order: null, offset: 0, count: rows.count },
      order: null,
      images: needed.includes("images") ? copy("images") : images.buffers[0],
      labels: needed.includes("labels") ? copy("labels") : labels.buffers[0],
    };
  }

  #checkRows(data: GpuDataset, rows: RowSelection, action: string): void {
    const end = rows.offset + rows.count;
    const limit = rows.order === null ? data.count : rows.order.length;
    if (rows.offset < 0 || end > limit) {
      throw new RangeError(
        `Cannot ${action}: rows ${rows.offset}…${end} selected, expected at most ${limit} ${rows.order === null ? "dataset rows" : "order entries"}`,
      );
    }
  }

  /** The optimiser state of a fused step in binding order: each slot's weight buffers, then its bias buffers. */
  #stateBuffers(update: StepUpdate, weights: number, classes: number, action: string): GPUBuffer[] {
    let slots: ModelTensors[];
    if (update.kind === "adam") slots = [update.m, update.v];
    else if (update.params.momentum === 0) slots = [];
    else if (update.velocity === null)
      throw new TypeError("Cannot take training step: SGD momentum needs a velocity");
    else slots = [update.velocity];
    for (const slot of slots) {
      this.#expectAtLeast(slot.w, weights, "optimizer state (weight)", action);
      this.#expectAtLeast(slot.b, classes, "optimizer state (bias)", action);
    }
    return [...slots.map((s) => this.#buffer(s.w, action)), ...slots.map((s) => this.#buffer(s.b, action))];
  }

  #expectLength(t: Tensor, length: number, name: string, action: string): void {
    if (t.length !== length) {
      throw new RangeError(`Cannot ${action}: ${name} has ${t.length} elements, expected ${length}`);
    }
  }

  #expectAtLeast(t: Tensor, length: number, name: string, action: string): void {
    if (t.length < length) {
      throw new RangeError(`Cannot ${action}: ${name} has ${t.length} elements, expected at least ${length}`);
    }
  }
}
