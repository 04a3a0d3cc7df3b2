/**
 * The CPU backend: sparse WebAssembly SIMD kernels where the runtime has them, TypeScript kernels
 * elsewhere, chosen once per uploaded dataset. What every op of {@link Backend} means is defined by
 * the float64 reference backend (`testing/reference_backend.ts`), which this one is tested against.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { checkDatasetUpload } from "../_check_dataset.ts";
import type {
  AdamParams,
  Backend,
  DeviceDataset,
  DType,
  GroupEvalTensors,
  GroupMember,
  GroupStepTensors,
  HostArray,
  LossKind,
  RowSelection,
  SgdParams,
  StepUpdate,
  Tensor,
  TrainStepTensors,
} from "../backend.ts";
import { checkEvaluateGroup } from "../evaluate_group.ts";
import { checkGroupStep, composedTrainStep } from "../train_step.ts";
import { evaluateGroupOnHost, groupStepOnHost, sharedGroupAddresses } from "./_cpu_group.ts";
import { asCpu, asCpuDataset, CpuDataset, CpuTensor, hostRows } from "./_cpu_objects.ts";
import { denseLinear, rowsLoss, Scratch, simdLinear, simdLoss, sparseLinear } from "./_kernel_sets.ts";
import { adam, sgd } from "./_optimizers.ts";
import { SimdKernels as Simd, type SimdKernels, simdAvailable } from "./_simd_kernels.ts";
import { CLASSES } from "./_simd_layout.ts";
import { buildSparseRows, MAX_SPARSE_FEATURES } from "./_sparse_rows.ts";

/** Which kernels the CPU backend's linear ops use; see {@link CpuBackendOptions.kernel}. */
export type CpuKernel = "auto" | "simd" | "sparse" | "dense";

/** Options for {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /**
   * - `"sparse"` indexes the non-zero pixels of each dataset once in {@link Backend.uploadDataset}
   *   and lets the linear ops skip zeros (TypeScript, float64 accumulation);
   * - `"simd"` uses the same index with hand-written WebAssembly SIMD kernels for ten classes
   *   (float32 accumulation; other class counts run the sparse kernels);
   * - `"dense"` runs the plain loops over the bytes (also what rows of 2^24 or more pixels use);
   * - `"auto"` (default) is `"simd"` where WebAssembly SIMD exists, otherwise `"sparse"`.
   *
   * All give the same results within float32 rounding.
   */
  readonly kernel?: CpuKernel;
  /**
   * 1 (default) or 2: with 2 and the SIMD kernels, a helper Worker takes half of every linear op
   * (rows of the forward pass, feature ranges of the weight gradient), with results identical to one
   * thread. Needs Workers, SharedArrayBuffer and Atomics (Deno; browsers when cross-origin
   * isolated); elsewhere it quietly runs on one thread. Call {@link Backend.destroy} to stop the Worker.
   */
  readonly threads?: 1 | 2;
  /** With two threads, the fewest rows an op splits between them (default 512: evaluation chunks). */
  readonly splitRows?: number;
}

/**
 * Creates the CPU backend.
 * @param options which kernels the linear ops use (default `auto`: SIMD where available, else sparse).
 * @returns a synchronous {@link Backend} over typed arrays.
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor/cpu";
 * const cpu = createCpuBackend({ kernel: "dense" });
 * console.log(cpu.kind); // "cpu"
 * ```
 */
export function createCpuBackend(options: CpuBackendOptions = {}): Backend {
  const kernel = options.kernel ?? "auto";
  if (kernel === "simd" && !simdAvailable()) {
    throw new TypeError(
      "Cannot create the CPU backend with kernel simd: WebAssembly SIMD is unavailable here",
    );
  }
  const simd =
    kernel === "simd" || kernel === "auto" ? Simd.create(options.threads ?? 1, options.splitRows) : null;
  return new CpuBackend(kernel === "dense" ? "dense" : "sparse", simd);
}

/**
 * How many threads a backend from {@link createCpuBackend} runs its ops on: 2 when it was created
 * with `threads: 2` and its helper Worker can run here (it may still be starting), else 1; 1 for any
 * other backend.
 * @param backend any backend.
 * @returns 1 or 2.
 * @example
 * ```ts
 * import { cpuThreads, createCpuBackend } from "@mnist/tensor/cpu";
 * const cpu = createCpuBackend();
 * console.log(cpuThreads(cpu)); // 1
 * cpu.destroy();
 * ```
 */
export function cpuThreads(backend: Backend): 1 | 2 {
  return backend instanceof CpuBackend && backend.simd?.threads === 2 ? 2 : 1;
}

class CpuBackend implements Backend {
  readonly kind = "cpu" as const;
  readonly adapter = null;
  readonly #linearScratch = new Scratch();
  readonly #lossScratch = new Scratch();
  readonly #released = new WeakSet<CpuDataset>();

  constructor(
    readonly kernel: "sparse" | "dense",
    readonly simd: SimdKernels | null,
  ) {}

  /**
   * Waits for the training steps the helper thread may still run (`trainStepGroup` with two threads
   * queues them and returns): every other method starts here, so none sees their tensors half done.
   */
  #sync(): void {
    this.simd?.drain();
  }

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    this.#sync();
    // With two threads float32 tensors live in the shared module memory, where the helper reaches them.
    const shared = dtype === "f32" ? (this.simd?.allocShared(length) ?? null) : null;
    const data = shared ?? (dtype === "f32" ? new Float32Array(length) : new Uint32Array(length));
    return new CpuTensor(dtype, data as HostArray<D>);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    this.#sync();
    const t = this.zeros(dtype, data.length);
    asCpu(t).set(data);
    return t;
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
    this.#sync();
    asCpu(t).set(data, offset);
  }

  read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    this.#sync();
    return Promise.resolve(asCpu(t).slice() as HostArray<D>);
  }

  release(t: Tensor): void {
    this.#sync();
    const data = (t as CpuTensor).data;
    if (data instanceof Float32Array && this.simd?.holds(data)) this.simd.releaseShared(data);
    (t as CpuTensor).data = null;
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    this.#sync();
    checkDatasetUpload(images, labels, features, classes);
    const loss =
      this.simd !== null && classes === CLASSES
        ? simdLoss(this.simd, labels)
        : rowsLoss(labels, classes, this.#lossScratch);
    const count = labels.length;
    // Sparse entries hold the feature in 24 bits; wider rows stay dense.
    if (this.kernel === "dense" || features >= MAX_SPARSE_FEATURES) {
      return new CpuDataset(count, features, classes, denseLinear(images, features), loss, null);
    }
    if (this.simd === null) {
      const sparse = buildSparseRows(images, count, features);
      const linear = sparseLinear(() => sparse, this.#linearScratch);
      return new CpuDataset(count, features, classes, linear, loss, null);
    }
    const index =
      this.simd.index(images, count, features) ??
      this.simd.upload(buildSparseRows(images, count, features), features);
    const linear = simdLinear(this.simd, index, this.#linearScratch);
    const simd = classes === CLASSES ? { index, labels } : null;
    return new CpuDataset(count, features, classes, linear, loss, simd);
  }

  releaseDataset(dsIn: DeviceDataset): void {
    this.#sync();
    const ds = asCpuDataset(dsIn);
    if (!this.#released.has(ds)) ds.linear.release();
    this.#released.add(ds);
  }

  #live(dsIn: DeviceDataset): CpuDataset {
    const ds = asCpuDataset(dsIn);
    if (this.#released.has(ds)) throw new ReferenceError("Cannot use dataset: it was released");
    return ds;
  }

  linearForward(
    ds: DeviceDataset,
    rows: RowSelection,
    w: Tensor<"f32">,
    b: Tensor<"f32">,
    out: Tensor<"f32">,
  ): void {
    this.#sync();
    this.#live(ds).linear.forward(hostRows(rows), asCpu(w), asCpu(b), asCpu(out));
  }

  linearBackward(
    ds: DeviceDataset,
    rows: RowSelection,
    g: Tensor<"f32">,
    gw: Tensor<"f32">,
    gb: Tensor<"f32">,
  ): void {
    this.#sync();
    this.#live(ds).linear.backward(hostRows(rows), asCpu(g), asCpu(gw), asCpu(gb));
  }

  lossAndGrad(
    kind: LossKind,
    z: Tensor<"f32">,
    ds: DeviceDataset,
    rows: RowSelection,
    grad: Tensor<"f32"> | null,
    statsT: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void {
    this.#sync();
    const stats = asCpu(statsT);
    const [lossSum, correct] = asCpuDataset(ds).loss(
      kind,
      asCpu(z),
      hostRows(rows),
      grad === null ? null : asCpu(grad),
      confusion === null ? null : asCpu(confusion),
    );
    stats[0] += lossSum;
    stats[1] += correct;
  }
  softmax(zT: Tensor<"f32">, outT: Tensor<"f32">, classes: number): void {
    this.#sync();
    const z = asCpu(zT);
    const out = asCpu(outT);
    const n = z.length / classes;
    for (let i = 0; i < n; i++) {
      const o = i * classes;
      let max = z[o];
      for (let c = 1; c < classes; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(z[o + c] - max);
      for (let c = 0; c < classes; c++) out[o + c] = Math.exp(z[o + c] - max) / sum;
    }
  }

  sgdStep(paramT: Tensor<"f32">, gradT: Tensor<"f32">, velocityT: Tensor<"f32"> | null, p: SgdParams): void {
    this.#sync();
    if (p.momentum !== 0 && velocityT === null)
      throw new TypeError("Cannot take SGD step: momentum needs a velocity");
    sgd(asCpu(paramT), asCpu(gradT), p.momentum !== 0 ? asCpu(velocityT!) : null, p);
  }

  adamStep(
    paramT: Tensor<"f32">,
    gradT: Tensor<"f32">,
    mT: Tensor<"f32">,
    vT: Tensor<"f32">,
    p: AdamParams,
  ): void {
    this.#sync();
    adam(asCpu(paramT), asCpu(gradT), asCpu(mT), asCpu(vT), p);
  }

  trainStep(
    kind: LossKind,
    ds: DeviceDataset,
    rows: RowSelection,
    t: TrainStepTensors,
    stats: Tensor<"f32">,
    update: StepUpdate,
  ): void {
    this.#sync();
    composedTrainStep(this, kind, ds, rows, t, stats, update);
  }

  trainStepGroup(
    dsIn: DeviceDataset,
    rowsIn: RowSelection,
    t: GroupStepTensors,
    statsT: Tensor<"f32">,
    members: readonly GroupMember[],
  ): void {
    const ds = this.#live(dsIn);
    const { K, FC, C } = checkGroupStep(ds, rowsIn, t, statsT, members);
    const rows = hostRows(rowsIn);
    const at = sharedGroupAddresses(this.simd, ds, rows, t, K, FC);
    if (at !== null && ds.simd !== null && this.simd !== null) {
      const op = { rows, labels: ds.simd.labels, FC, at, members, confusion: null };
      this.simd.runGroup(ds.simd.index, { ...op, stats: asCpu(statsT).subarray(0, 2 * K) });
      return;
    }
    this.#sync();
    groupStepOnHost(ds, rows, t, statsT, members, { K, FC, C });
  }

  evaluateGroup(
    dsIn: DeviceDataset,
    rowsIn: RowSelection,
    t: GroupEvalTensors,
    losses: readonly LossKind[],
    statsT: Tensor<"f32">,
    confusionT: Tensor<"u32"> | null,
  ): void {
    this.#sync();
    const ds = this.#live(dsIn);
    const { K, FC, C } = checkEvaluateGroup(ds, rowsIn, t, losses, statsT, confusionT);
    const rows = hostRows(rowsIn);
    const stats = asCpu(statsT).subarray(0, 2 * K);
    const confusion = confusionT === null ? null : asCpu(confusionT).subarray(0, K * C * C);
    const at = sharedGroupAddresses(this.simd, ds, rows, t, K, FC);
    if (at !== null && ds.simd !== null && this.simd !== null) {
      const op = { rows, labels: ds.simd.labels, FC, at, losses, stats, confusion };
      this.simd.runGroup(ds.simd.index, op);
      return;
    }
    evaluateGroupOnHost(ds, rows, t, losses, stats, confusion, { K, FC, C });
  }

  fill(t: Tensor, value: number): void {
    this.#sync();
    asCpu(t).fill(value);
  }

  destroy(): void {
    this.simd?.destroy(); // queued steps are dropped with the helper
  }
}
