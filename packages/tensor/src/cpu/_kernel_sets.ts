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
import type { SimdRows } from "./_simd_index.ts";
import type { SimdKernels } from "./_simd_kernels.ts";
import { CLASSES } from "./_simd_layout.ts";
import { sparseBackward, sparseForward } from "./_sparse_kernels.ts";
import type { SparseRows } from "./_sparse_rows.ts";

/** The linear ops over one dataset's rows (see `Backend.linearForward`, `Backend.linearBackward`). */
export interface LinearKernels {
  forward(rows: HostRows, w: Float32Array, b: Float32Array, out: Float32Array): void;
  backward(rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void;
  /**
   * `forward` of `K` models stacked in `w` (`[K·F·C]`) and `b` (`[K·C]`): model `k`'s `n×C` logits
   * go to `out[k·n·C …)`, computed exactly as `forward` computes them.
   */
  forwardGroup(rows: HostRows, K: number, w: Float32Array, b: Float32Array, out: Float32Array): void;
  /** `backward` of `K` models: model `k`'s logit gradient at `g[k·n·C …)`, its gradients stacked in `gw`, `gb`. */
  backwardGroup(rows: HostRows, K: number, g: Float32Array, gw: Float32Array, gb: Float32Array): void;
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
  return modelByModel({
    forward: (rows, w, b, out) => denseForward(images, features, rows, w, b, out),
    backward: (rows, g, gw, gb) => denseBackward(images, features, rows, g, gw, gb),
    release: () => {},
  });
}

/** TypeScript kernels over a sparse index (`index()` is called per op: it may view moving memory). */
export function sparseLinear(index: () => SparseRows, scratch: Scratch): LinearKernels {
  return modelByModel({
    forward: (rows, w, b, out) => sparseForward(index(), rows, w, b, out, scratch.get(w.length)),
    backward: (rows, g, gw, gb) => sparseBackward(index(), rows, g, gw, gb, scratch.get(gw.length)),
    release: () => {},
  });
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
    forwardGroup: (rows, K, w, b, out) =>
      b.length === K * CLASSES
        ? simd.forwardGroup(index, rows, K, w, b, out)
        : other.forwardGroup(rows, K, w, b, out),
    backwardGroup: (rows, K, g, gw, gb) =>
      gb.length === K * CLASSES
        ? simd.backwardGroup(index, rows, K, g, gw, gb)
        : other.backwardGroup(rows, K, g, gw, gb),
    release: () => simd.release(index),
  };
}

type SingleModel = Pick<LinearKernels, "forward" | "backward" | "release">;

/** The group ops of kernels that gain nothing from sharing a pass: each model in turn, on views. */
function modelByModel(kernels: SingleModel): LinearKernels {
  return {
    ...kernels,
    forwardGroup(rows, K, w, b, out) {
      const [FC, C] = [w.length / K, b.length / K];
      const nC = rows.count * C;
      for (let k = 0; k < K; k++) {
        kernels.forward(rows, part(w, k, FC), part(b, k, C), part(out, k, nC));
      }
    },
    backwardGroup(rows, K, g, gw, gb) {
      const [FC, C] = [gw.length / K, gb.length / K];
      const nC = rows.count * C;
      for (let k = 0; k < K; k++) {
        kernels.backward(rows, part(g, k, nC), part(gw, k, FC), part(gb, k, C));
      }
    },
  };
}

/** Model `k`'s `per` elements of a stacked array, as a view. */
export function part(a: Float32Array, k: number, per: number): Float32Array {
  return a.subarray(k * per, (k + 1) * per);
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
