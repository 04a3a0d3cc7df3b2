/**
 * The CPU backend's kernel sets: the linear and loss kernels one dataset uses, chosen once when it is
 * uploaded (see `cpu_backend.ts`), so an op runs its dataset's set without testing what it has.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import { denseBackward, denseForward, type HostRows } from "./_dense_kernels.ts";
import { lossRows } from "./_loss.ts";
import type { SimdKernels, SimdRows } from "./_simd_kernels.ts";
import { CLASSES } from "./_simd_layout.ts";
import { sparseBackward, sparseForward } from "./_sparse_kernels.ts";
import type { SparseRows } from "./_sparse_rows.ts";

/** The linear ops over one dataset's rows (see `Backend.linearForward`, `Backend.linearBackward`). */
export interface LinearKernels {
  forward(rows: HostRows, w: Float32Array, b: Float32Array, out: Float32Array): void;
  backward(rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void;
  /** Frees what the set holds outside the JavaScript heap. */
  release(): void;
}

/** The loss over one dataset's labels (see `Backend.lossAndGrad`); returns the loss sum and correct count. */
export type LossKernel = (
  kind: LossKind,
  z: Float32Array,
  rows: HostRows,
  grad: Float32Array | null,
  confusion: Uint32Array | null,
) => [number, number];

/** Float64 scratch reused across ops, grown on demand. */
export class Scratch {
  #data = new Float64Array(0);
  /** At least `length` float64s. */
  get(length: number): Float64Array {
    if (this.#data.length < length) this.#data = new Float64Array(length);
    return this.#data;
  }
}

/** The plain loops over the bytes: the readable definition, and rows too wide for a sparse index. */
export function denseLinear(images: Uint8Array, features: number): LinearKernels {
  return {
    forward: (rows, w, b, out) => denseForward(images, features, rows, w, b, out),
    backward: (rows, g, gw, gb) => denseBackward(images, features, rows, g, gw, gb),
    release: () => {},
  };
}

/** TypeScript kernels over a sparse index (`index()` is called per op: it may view moving memory). */
export function sparseLinear(index: () => SparseRows, scratch: Scratch): LinearKernels {
  return {
    forward: (rows, w, b, out) => sparseForward(index(), rows, w, b, out, scratch.get(w.length)),
    backward: (rows, g, gw, gb) => sparseBackward(index(), rows, g, gw, gb, scratch.get(gw.length)),
    release: () => {},
  };
}

/**
 * The SIMD kernels over an index in module memory; they are written for {@link CLASSES} classes, so
 * an op with another class count (which the contract allows) runs the sparse kernels on the same index.
 */
export function simdLinear(simd: SimdKernels, index: SimdRows, scratch: Scratch): LinearKernels {
  const other = sparseLinear(() => simd.view(index), scratch);
  return {
    forward: (rows, w, b, out) =>
      b.length === CLASSES ? simd.forward(index, rows, w, b, out) : other.forward(rows, w, b, out),
    backward: (rows, g, gw, gb) =>
      gb.length === CLASSES ? simd.backward(index, rows, g, gw, gb) : other.backward(rows, g, gw, gb),
    release: () => simd.release(index),
  };
}

/** The float64 TypeScript loss for any class count. */
export function rowsLoss(labels: Uint8Array, classes: number, scratch: Scratch): LossKernel {
  return (kind, z, rows, grad, confusion) =>
    lossRows({ kind, z, labels, classes, rows, grad, confusion, p: scratch.get(classes) });
}

/** The SIMD module's ten-class loss. */
export function simdLoss(simd: SimdKernels, labels: Uint8Array): LossKernel {
  return (kind, z, rows, grad, confusion) => simd.loss(kind, z, labels, rows, grad, confusion);
}
