/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend: the {@link Backend} ops as WGSL compute kernels (one per file beside this one).
 * Ops are recorded, never awaited; {@link Backend.read} is the only call that waits for the device.
 *
 * Runtime-neutral: uses only `navigator.gpu`, a `GPU` object or a `GPUDevice` passed in.
 * @module
 */
import type { AdapterReport, Backend, DeviceDataset, DType, HostArray, Tensor } from "../backend.ts";
import { BackendContext } from "./_backend_context.ts";
import { GroupEvaluator } from "./_backend_eval.ts";
import * as ops from "./_backend_ops.ts";
import { BackendStorage } from "./_backend_storage.ts";
import { TrainingSteps } from "./_backend_train.ts";
import { checkForcedPartBytes, partBytesFor } from "./_dataset_parts.ts";
import { acquireDevice, WebGpuUnavailableError } from "./_device.ts";
import type { KernelTime } from "./_profiler.ts";
import type { RecorderOptions } from "./_recorder.ts";

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

/** The {@link WebGpuBackend}: each op handed to the module that records its kind (`_backend_*.ts`). */
class GpuBackend implements WebGpuBackend {
  readonly kind = "webgpu" as const;
  readonly #owned: boolean;
  readonly #cx: BackendContext;
  readonly #storage: BackendStorage;
  readonly #training: TrainingSteps;
  readonly #evaluation: GroupEvaluator;

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterReport,
    owned: boolean,
    recording: RecorderOptions,
    readonly fused: boolean,
    readonly profileUnavailable: string | null,
    datasetPartBytes: number,
  ) {
    this.#owned = owned;
    this.#cx = new BackendContext(device, this, recording);
    this.#storage = new BackendStorage(this.#cx, datasetPartBytes);
    this.#training = new TrainingSteps(this.#cx, adapter, fused);
    this.#evaluation = new GroupEvaluator(this.#cx, fused);
  }

  get submits(): number {
    return this.#cx.recorder.submits;
  }

  get datasetPartBytes(): number {
    return this.#storage.datasetPartBytes;
  }

  // ---- memory ----------------------------------------------------------------------------------

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    return this.#storage.zeros(dtype, length);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    return this.#storage.upload(dtype, data);
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
    this.#storage.write(t, data, offset);
  }

  read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    return this.#storage.read(t);
  }

  release(t: Tensor): void {
    this.#storage.release(t);
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    return this.#storage.uploadDataset(images, labels, features, classes);
  }

  releaseDataset(ds: DeviceDataset): void {
    this.#storage.releaseDataset(ds);
  }

  // ---- ops: the Backend interface's signatures, each recorded by its module ----------------------

  linearForward(...a: Parameters<Backend["linearForward"]>): void {
    ops.linearForward(this.#cx, ...a);
  }

  linearBackward(...a: Parameters<Backend["linearBackward"]>): void {
    ops.linearBackward(this.#cx, ...a);
  }

  lossAndGrad(...a: Parameters<Backend["lossAndGrad"]>): void {
    ops.lossAndGrad(this.#cx, ...a);
  }

  softmax(...a: Parameters<Backend["softmax"]>): void {
    ops.softmax(this.#cx, ...a);
  }

  sgdStep(...a: Parameters<Backend["sgdStep"]>): void {
    ops.sgdStep(this.#cx, ...a);
  }

  adamStep(...a: Parameters<Backend["adamStep"]>): void {
    ops.adamStep(this.#cx, ...a);
  }

  fill(...a: Parameters<Backend["fill"]>): void {
    ops.fill(this.#cx, ...a);
  }

  trainStep(...a: Parameters<Backend["trainStep"]>): void {
    this.#training.trainStep(...a);
  }

  trainStepGroup(...a: Parameters<Backend["trainStepGroup"]>): void {
    this.#training.trainStepGroup(...a);
  }

  evaluateGroup(...a: Parameters<Backend["evaluateGroup"]>): void {
    this.#evaluation.evaluateGroup(...a);
  }

  // ---- device ----------------------------------------------------------------------------------

  async kernelTimes(): Promise<KernelTime[]> {
    this.#cx.check("read kernel times");
    const profiler = this.#cx.recorder.profiler;
    if (profiler === null) throw new Error(`Cannot read kernel times: ${this.profileUnavailable}`);
    this.#cx.recorder.flush();
    return await profiler.take();
  }

  flush(): void {
    this.#cx.check("submit work");
    this.#cx.recorder.flush();
  }

  destroy(): void {
    if (this.#cx.destroyed) return;
    this.#cx.destroy();
    this.#storage.destroy();
    if (this.#owned) this.device.destroy();
  }
}
