/// <reference types="@webgpu/types" preserve="true" />
/**
 * What every op of the WebGPU backend shares: the recorder and the tensor pool, the backend's failed
 * or destroyed state, and the checks that turn a caller's tensors, dataset and rows into buffers to
 * bind (each failure a one-line error naming the op).
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { Backend, DeviceDataset, DType, RowSelection, Tensor } from "../backend.ts";
import type { StackedParts } from "../train_step.ts";
import { BatchGather, type BatchTarget } from "./_dataset_parts.ts";
import { oneLine } from "./_device.ts";
import { UniformWeights } from "./_group_eval.ts";
import type { Kernel } from "./_kernel.ts";
import { type Compiled, compiledFor, Recorder, type RecorderOptions } from "./_recorder.ts";
import { type BatchBuffers, BufferPool, GpuDataset, GpuTensor, tensorUsage } from "./_resources.ts";

/** What an op binds for its rows ({@link BackendContext.bind}). */
export interface BoundRows {
  readonly rows: RowSelection;
  readonly order: GPUBuffer | null;
  readonly images: GPUBuffer;
  readonly labels: GPUBuffer;
}

export const IMAGES: readonly BatchTarget[] = ["images"];
export const LABELS: readonly BatchTarget[] = ["labels"];
export const IMAGES_AND_LABELS: readonly BatchTarget[] = ["images", "labels"];

/** The tensors {@link BackendContext.batchBuffers} binds: weights, bias, per-row scratch. */
interface BatchTensors {
  readonly w: Tensor;
  readonly b: Tensor;
  readonly z: Tensor;
}

/** The largest power of two up to `wanted` that a workgroup of the device may have. */
export function workgroupSizeFor(device: GPUDevice, wanted: number): number {
  const cap = Math.min(
    device.limits.maxComputeInvocationsPerWorkgroup,
    device.limits.maxComputeWorkgroupSizeX,
  );
  let size = 1;
  while (size * 2 <= Math.min(wanted, cap)) size *= 2;
  return size;
}

/** The state and checks one backend's ops share; `owner` is the backend its tensors and datasets name. */
export class BackendContext {
  readonly recorder: Recorder;
  readonly tensors: BufferPool;
  /** Uniform copies of a model's weights for the row-tile kernels. */
  readonly uniforms: UniformWeights;
  /** Invocations per workgroup of most kernels, and of the one-workgroup reductions. */
  readonly wg: number;
  readonly wgLoss: number;
  readonly gather: BatchGather;
  readonly #onError = (event: Event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    this.fail(`uncaptured WebGPU ${error?.constructor?.name ?? "error"}: ${oneLine(error?.message)}`);
  };
  #failure: string | null = null;
  #destroyed = false;

  constructor(
    readonly device: GPUDevice,
    readonly owner: Backend,
    recording: RecorderOptions,
  ) {
    this.recorder = new Recorder(device, recording);
    this.tensors = new BufferPool(device, tensorUsage());
    this.uniforms = new UniformWeights(device, this.recorder);
    this.wg = workgroupSizeFor(device, 64);
    this.wgLoss = workgroupSizeFor(device, 256);
    this.gather = new BatchGather(device, this.recorder, this.tensors, this.wg);
    device.addEventListener("uncapturederror", this.#onError);
    device.lost.then((info) => {
      if (!this.#destroyed) this.fail(`the device was lost (${info.reason}): ${oneLine(info.message)}`);
    });
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Records the backend's first failure: every later op throws it ({@link BackendContext.check}). */
  fail(message: string): void {
    this.#failure ??= message;
  }

  /** Marks the backend destroyed and frees what the context holds (not the device). */
  destroy(): void {
    this.#destroyed = true;
    this.device.removeEventListener("uncapturederror", this.#onError);
    this.recorder.destroy();
    this.gather.release();
    this.tensors.destroy();
    this.uniforms.destroy();
  }

  check(action: string): void {
    if (this.#destroyed) throw new Error(`Cannot ${action}: the WebGPU backend was destroyed`);
    if (this.#failure !== null) throw new Error(`Cannot ${action}: ${this.#failure}`);
  }

  /** {@link BackendContext.check}, then `ds` as this backend's live dataset: how an op on rows begins. */
  begin(action: string, ds: DeviceDataset): GpuDataset {
    this.check(action);
    return this.dataset(ds, action);
  }

  kernel(key: string, make: () => Kernel): Compiled {
    return compiledFor(this.device, key, make);
  }

  /** Bytes of weights a uniform binding may take: the device's limit (64 KiB by default; MNIST's are 31 KiB). */
  get uniformBytes(): number {
    return this.device.limits.maxUniformBufferBindingSize;
  }

  tensor<D extends DType>(t: Tensor<D>, action: string): GpuTensor<D> {
    if (!(t instanceof GpuTensor) || t.owner !== this.owner)
      throw new TypeError(`Cannot ${action}: the tensor belongs to another backend`);
    if (t.buffer === null) throw new ReferenceError(`Cannot ${action}: the tensor was released`);
    return t as GpuTensor<D>;
  }

  buffer(t: Tensor, action: string): GPUBuffer {
    return this.tensor(t, action).buffer!;
  }

  dataset(ds: DeviceDataset, action: string): GpuDataset {
    if (!(ds instanceof GpuDataset) || ds.owner !== this.owner)
      throw new TypeError(`Cannot ${action}: the dataset belongs to another backend`);
    if (ds.images === null) throw new ReferenceError(`Cannot ${action}: the dataset was released`);
    return ds;
  }

  /**
   * The buffers an op binds for `rows` of `data`: the dataset's own with `rows` as given, or, for a
   * split dataset, the batch gathered (here, before the op) from its parts for the `needed` targets,
   * with the rows in storage order from 0.
   */
  bind(data: GpuDataset, rows: RowSelection, needed: readonly BatchTarget[], action: string): BoundRows {
    const order = rows.order === null ? null : this.buffer(rows.order, action);
    const images = data.images!;
    const labels = data.labels!;
    if (!data.split) return { rows, order, images: images.buffers[0], labels: labels.buffers[0] };
    const copy = (target: BatchTarget) =>
      target === "images"
        ? this.gather.gather(target, images, data.features, rows, order, action)
        : this.gather.gather(target, labels, 1, rows, order, action);
    return {
      rows: { order: null, offset: 0, count: rows.count },
      order: null,
      images: needed.includes("images") ? copy("images") : images.buffers[0],
      labels: needed.includes("labels") ? copy("labels") : labels.buffers[0],
    };
  }

  /**
   * The buffers of a fused batch op on `bound` rows: stacked (or one model's) weights `t.w`, `t.b`,
   * the per-row scratch `t.z`, a training step's logit gradient `g`, and `stats` (checked in that order).
   */
  batchBuffers(bound: BoundRows, t: BatchTensors, stats: Tensor, action: string): BatchBuffers;
  batchBuffers(
    bound: BoundRows,
    t: BatchTensors,
    stats: Tensor,
    action: string,
    g: Tensor,
  ): BatchBuffers & { readonly g: GPUBuffer };
  batchBuffers(
    bound: BoundRows,
    t: BatchTensors,
    stats: Tensor,
    action: string,
    g?: Tensor,
  ): BatchBuffers & { readonly g?: GPUBuffer } {
    const batch = {
      images: bound.images,
      labels: bound.labels,
      order: bound.order,
      w: this.buffer(t.w, action),
      b: this.buffer(t.b, action),
      z: this.buffer(t.z, action),
    };
    if (g === undefined) return { ...batch, stats: this.buffer(stats, action) };
    const grad = this.buffer(g, action);
    return { ...batch, g: grad, stats: this.buffer(stats, action) };
  }

  checkRows(data: GpuDataset, rows: RowSelection, action: string): void {
    const end = rows.offset + rows.count;
    const limit = rows.order === null ? data.count : rows.order.length;
    if (rows.offset < 0 || end > limit) {
      throw new RangeError(
        `Cannot ${action}: rows ${rows.offset}…${end} selected, expected at most ${limit} ${rows.order === null ? "dataset rows" : "order entries"}`,
      );
    }
  }

  expectLength(t: Tensor, length: number, name: string, action: string): void {
    if (t.length !== length) {
      throw new RangeError(`Cannot ${action}: ${name} has ${t.length} elements, expected ${length}`);
    }
  }

  expectAtLeast(t: Tensor, length: number, name: string, action: string): void {
    if (t.length < length) {
      throw new RangeError(`Cannot ${action}: ${name} has ${t.length} elements, expected at least ${length}`);
    }
  }

  /** Parts of stacked tensors as copies recorded on the device, copied back (and freed) after each model. */
  copiedParts(action: string): StackedParts {
    return {
      part: (x, k, per) => {
        const copy = this.owner.zeros(x.dtype, per);
        this.#copy(this.buffer(x, action), k * per, this.buffer(copy, action), 0, per);
        return copy;
      },
      commit: (x, k, per, copy) => {
        this.#copy(this.buffer(copy, action), 0, this.buffer(x, action), k * per, per);
        this.owner.release(copy);
      },
    };
  }

  #copy(from: GPUBuffer, fromAt: number, to: GPUBuffer, toAt: number, count: number): void {
    if (count > 0) this.recorder.encoder().copyBufferToBuffer(from, fromAt * 4, to, toAt * 4, count * 4);
  }
}
