/**
 * The CPU backend's tensors and datasets: plain typed arrays (in the SIMD module's shared memory
 * with two threads) and the kernels chosen for a dataset at upload, with the checks that an object
 * came from this backend.
 *
 * Runtime-neutral.
 * @module
 */
import type { DeviceDataset, DType, HostArray, RowSelection, Tensor } from "../backend.ts";
import type { HostRows } from "./_dense_kernels.ts";
import type { LinearKernels, LossKernel } from "./_kernel_sets.ts";
import type { SimdRows } from "./_simd_index.ts";

/** A tensor of the CPU backend: a typed array until released. */
export class CpuTensor<D extends DType = DType> implements Tensor<D> {
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

/** A dataset of the CPU backend, with the kernels chosen for it at upload. */
export class CpuDataset implements DeviceDataset {
  constructor(
    readonly count: number,
    readonly features: number,
    readonly classes: number,
    /** Chosen at upload. */
    readonly linear: LinearKernels,
    readonly loss: LossKernel,
    /** The SIMD index and labels, for the two-thread group ops (ten classes only). */
    readonly simd: { readonly index: SimdRows; readonly labels: Uint8Array } | null,
  ) {}
}

/** The array behind a CPU tensor; throws for another backend's or a released one. */
export function asCpu<D extends DType>(t: Tensor<D>): HostArray<D> {
  if (!(t instanceof CpuTensor)) throw new TypeError("Cannot use tensor: it belongs to another backend");
  return (t as CpuTensor<D>).live();
}

/** A CPU dataset; throws for another backend's. */
export function asCpuDataset(ds: DeviceDataset): CpuDataset {
  if (!(ds instanceof CpuDataset)) throw new TypeError("Cannot use dataset: it belongs to another backend");
  return ds;
}

/** A row selection with its order as a host array. */
export function hostRows(rows: RowSelection): HostRows {
  return { order: rows.order === null ? null : asCpu(rows.order), offset: rows.offset, count: rows.count };
}
