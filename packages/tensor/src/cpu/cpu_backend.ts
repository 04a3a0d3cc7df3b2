/**
 * The CPU reference backend: plain TypeScript over typed arrays. Its results define what every op
 * of {@link Backend} means; other backends are tested against it.
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
  HostArray,
  LossKind,
  RowSelection,
  SgdParams,
  Tensor,
} from "../backend.ts";
import { denseBackward, denseForward, type HostRows } from "./_dense_kernels.ts";
import { lossRows } from "./_loss.ts";
import { SimdKernels as Simd, type SimdKernels, type SimdRows, simdAvailable } from "./_simd_kernels.ts";
import { sparseBackward, sparseForward } from "./_sparse_kernels.ts";
import { buildSparseRows, MAX_SPARSE_FEATURES, type SparseRows } from "./_sparse_rows.ts";

/** Which kernels the CPU backend's linear ops use; see {@link CpuBackendOptions.kernel}. */
export type CpuKernel = "auto" | "simd" | "sparse" | "dense";

/** Options for {@link createCpuBackend}. */
export interface CpuBackendOptions {
  /**
   * - `"sparse"` indexes the non-zero pixels of each dataset once in {@link Backend.uploadDataset}
   *   and lets the linear ops skip zeros (TypeScript, float64 accumulation);
   * - `"simd"` uses the same index with hand-written WebAssembly SIMD kernels for ten classes
   *   (float32 accumulation; other class counts run the sparse kernels);
   * - `"dense"` runs the plain reference loops over the bytes;
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

class CpuTensor<D extends DType = DType> implements Tensor<D> {
  constructor(
    readonly dtype: D,
    public data: HostArray<D> | null,
  ) {}
  get length(): number {
    return this.live().length;
  }
  live(): HostArray<D> {
    if (this.data === null) throw new ReferenceError("Cannot use tensor: it was released");
    return this.data;
  }
}

class CpuDataset implements DeviceDataset {
  constructor(
    readonly sparse: SparseRows | null,
    readonly simd: SimdRows | null,
    readonly images: Uint8Array,
    readonly labels: Uint8Array,
    readonly count: number,
    readonly features: number,
    readonly classes: number,
  ) {}
}

function asCpu<D extends DType>(t: Tensor<D>): HostArray<D> {
  if (!(t instanceof CpuTensor)) throw new TypeError("Cannot use tensor: it belongs to another backend");
  return (t as CpuTensor<D>).live();
}

function asCpuDataset(ds: DeviceDataset): CpuDataset {
  if (!(ds instanceof CpuDataset)) throw new TypeError("Cannot use dataset: it belongs to another backend");
  return ds;
}

function hostRows(rows: RowSelection): HostRows {
  return { order: rows.order === null ? null : asCpu(rows.order), offset: rows.offset, count: rows.count };
}

/**
 * Creates the CPU backend.
 * @param options which kernels the linear ops use (default: sparse).
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

class CpuBackend implements Backend {
  readonly kind = "cpu" as const;
  readonly adapter = null;
  #scratch = new Float64Array(0);
  readonly #released = new WeakSet<CpuDataset>();
  #lossScratch = new Float64Array(0);

  constructor(
    readonly kernel: "sparse" | "dense",
    readonly simd: SimdKernels | null,
  ) {}

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    const data = (dtype === "f32" ? new Float32Array(length) : new Uint32Array(length)) as HostArray<D>;
    return new CpuTensor(dtype, data);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    const copy = (dtype === "f32" ? Float32Array.from(data) : Uint32Array.from(data)) as HostArray<D>;
    return new CpuTensor(dtype, copy);
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
    asCpu(t).set(data, offset);
  }

  read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    return Promise.resolve(asCpu(t).slice() as HostArray<D>);
  }

  release(t: Tensor): void {
    (t as CpuTensor).data = null;
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    const count = labels.length;
    checkDatasetUpload(images, labels, features, classes);
    if (this.kernel === "dense" || features >= MAX_SPARSE_FEATURES) {
      return new CpuDataset(null, null, images, labels, count, features, classes);
    }
    if (this.simd === null) {
      const sparse = buildSparseRows(images, count, features);
      return new CpuDataset(sparse, null, images, labels, count, features, classes);
    }
    const rows =
      this.simd.index(images, count, features) ??
      this.simd.upload(buildSparseRows(images, count, features), features);
    return new CpuDataset(null, rows, images, labels, count, features, classes);
  }

  releaseDataset(dsIn: DeviceDataset): void {
    const ds = asCpuDataset(dsIn);
    if (ds.simd !== null && this.simd !== null && !this.#released.has(ds)) this.simd.release(ds.simd);
    this.#released.add(ds);
  }

  #checkLive(ds: CpuDataset): void {
    if (this.#released.has(ds)) throw new ReferenceError("Cannot use dataset: it was released");
  }

  /** The dataset's sparse index, wherever it lives, or null for dense datasets. */
  #sparseOf(ds: CpuDataset): SparseRows | null {
    this.#checkLive(ds);
    if (ds.simd !== null && this.simd !== null) return this.simd.view(ds.simd);
    return ds.sparse;
  }

  linearForward(
    dsIn: DeviceDataset,
    rows: RowSelection,
    wT: Tensor<"f32">,
    bT: Tensor<"f32">,
    outT: Tensor<"f32">,
  ): void {
    const ds = asCpuDataset(dsIn);
    const [w, b, out] = [asCpu(wT), asCpu(bT), asCpu(outT)];
    if (ds.simd !== null && this.simd !== null && b.length === 10) {
      this.#checkLive(ds);
      this.simd.forward(ds.simd, hostRows(rows), w, b, out);
      return;
    }
    const sparse = this.#sparseOf(ds);
    if (sparse !== null) sparseForward(sparse, hostRows(rows), w, b, out, this.#scratchFor(w.length));
    else denseForward(ds.images, ds.features, hostRows(rows), w, b, out);
  }

  linearBackward(
    dsIn: DeviceDataset,
    rows: RowSelection,
    gT: Tensor<"f32">,
    gwT: Tensor<"f32">,
    gbT: Tensor<"f32">,
  ): void {
    const ds = asCpuDataset(dsIn);
    const [g, gw, gb] = [asCpu(gT), asCpu(gwT), asCpu(gbT)];
    if (ds.simd !== null && this.simd !== null && gb.length === 10) {
      this.#checkLive(ds);
      this.simd.backward(ds.simd, hostRows(rows), g, gw, gb);
      return;
    }
    const sparse = this.#sparseOf(ds);
    if (sparse === null) {
      denseBackward(ds.images, ds.features, hostRows(rows), g, gw, gb);
      return;
    }
    sparseBackward(sparse, hostRows(rows), g, gw, gb, this.#scratchFor(gw.length));
  }

  #scratchFor(length: number): Float64Array {
    if (this.#scratch.length < length) this.#scratch = new Float64Array(length);
    return this.#scratch;
  }

  lossAndGrad(
    kind: LossKind,
    zT: Tensor<"f32">,
    dsIn: DeviceDataset,
    rows: RowSelection,
    gradT: Tensor<"f32"> | null,
    statsT: Tensor<"f32">,
    confusionT: Tensor<"u32"> | null,
  ): void {
    const ds = asCpuDataset(dsIn);
    const stats = asCpu(statsT);
    const z = asCpu(zT);
    const grad = gradT === null ? null : asCpu(gradT);
    const confusion = confusionT === null ? null : asCpu(confusionT);
    if (this.simd !== null && ds.classes === 10) {
      const [lossSum, correct] = this.simd.loss(kind, z, ds.labels, hostRows(rows), grad, confusion);
      stats[0] += lossSum;
      stats[1] += correct;
      return;
    }
    if (this.#lossScratch.length < ds.classes) this.#lossScratch = new Float64Array(ds.classes);
    const [lossSum, correct] = lossRows({
      kind,
      z,
      labels: ds.labels,
      classes: ds.classes,
      rows: hostRows(rows),
      grad,
      confusion,
      p: this.#lossScratch,
    });
    stats[0] += lossSum;
    stats[1] += correct;
  }

  softmax(zT: Tensor<"f32">, outT: Tensor<"f32">, classes: number): void {
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
    const param = asCpu(paramT);
    const grad = asCpu(gradT);
    const useMomentum = p.momentum !== 0;
    if (useMomentum && velocityT === null)
      throw new TypeError("Cannot take SGD step: momentum needs a velocity");
    const buf = useMomentum ? asCpu(velocityT!) : null;
    const { lr, weightDecay, momentum, dampening, nesterov } = p;
    const first = p.step === 1;
    if (buf === null && weightDecay === 0) {
      // The tutorial's plain SGD: the same arithmetic as below with every other term zero.
      for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
      return;
    }
    for (let i = 0; i < param.length; i++) {
      let g = Math.fround(grad[i] + weightDecay * param[i]);
      if (buf !== null) {
        buf[i] = first ? g : momentum * buf[i] + (1 - dampening) * g;
        g = nesterov ? Math.fround(g + momentum * buf[i]) : buf[i];
      }
      param[i] -= lr * g;
    }
  }

  adamStep(
    paramT: Tensor<"f32">,
    gradT: Tensor<"f32">,
    mT: Tensor<"f32">,
    vT: Tensor<"f32">,
    p: AdamParams,
  ): void {
    const param = asCpu(paramT);
    const grad = asCpu(gradT);
    const m = asCpu(mT);
    const v = asCpu(vT);
    const bc1 = 1 - p.beta1 ** p.step;
    const bc2Sqrt = Math.sqrt(1 - p.beta2 ** p.step);
    const stepSize = p.lr / bc1;
    for (let i = 0; i < param.length; i++) {
      const g = Math.fround(grad[i] + p.weightDecay * param[i]);
      m[i] = p.beta1 * m[i] + (1 - p.beta1) * g;
      v[i] = p.beta2 * v[i] + (1 - p.beta2) * g * g;
      const denom = Math.fround(Math.sqrt(v[i]) / bc2Sqrt + p.eps);
      param[i] -= stepSize * (m[i] / denom);
    }
  }

  fill(t: Tensor, value: number): void {
    asCpu(t).fill(value);
  }

  destroy(): void {
    this.simd?.destroy();
  }
}
