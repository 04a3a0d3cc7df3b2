/**
 * The SIMD module's exports as the host calls them: one signature per kernel, for every file that
 * instantiates the module (`_simd_kernels.ts`, `_simd_worker.ts`) or runs its group kernels
 * (`_group_runner.ts`). Addresses and sizes are byte addresses and counts in module memory; the
 * kernels' own documentation is beside their builders (`_simd_module.ts`, `_simd_exp.ts`,
 * `_simd_loss.ts`, `_simd_group*.ts`).
 *
 * Runtime-neutral: only types and one cast.
 * @module
 */

/** `forward10(rows, n, w, out)` and `backward10(rows, n, g, gw)`: one ten-class model over `n` rows. */
export type RowKernel = (rows: number, n: number, a: number, b: number) => void;
/** `forwardK(rows, n, K, w, wStride, out, scratch)` and `backwardK(rows, n, K, g, gw, gwStride, scratch)`. */
export type GroupKernel = (
  rows: number,
  n: number,
  K: number,
  a: number,
  b: number,
  c: number,
  scratch: number,
) => void;
/** `biasK(out, n, K, b)` and `gbK(g, n, K, gb)`: `K` models' `n` rows each. */
export type RowsKernel = (at: number, n: number, K: number, b: number) => void;
/** `sgdK(w, g, count, K, stride, lrs)`. */
export type SgdKernel = (w: number, g: number, count: number, K: number, stride: number, lrs: number) => void;
/** `index16(src, rows, chunks, dst, ends)`. */
export type IndexKernel = (src: number, rows: number, chunks: number, dst: number, ends: number) => void;
/** `loss10(z, labels, n, grad, out, args, mse, scratch, gscale)`. */
export type LossKernel = (
  z: number,
  labels: number,
  n: number,
  grad: number,
  out: number,
  args: number,
  mse: number,
  scratch: number,
  gscale: number,
) => void;
/** `exp64(src, dst, pairs)`. */
export type ExpKernel = (src: number, dst: number, pairs: number) => void;

/** The module's exports by name. */
export interface SimdExports {
  readonly memory: WebAssembly.Memory;
  readonly forward10: RowKernel;
  readonly backward10: RowKernel;
  readonly index16: IndexKernel;
  readonly loss10: LossKernel;
  readonly exp64: ExpKernel;
  readonly forwardK: GroupKernel;
  readonly backwardK: GroupKernel;
  readonly sgdK: SgdKernel;
  readonly biasK: RowsKernel;
  readonly gbK: RowsKernel;
}

/**
 * An instance's exports, typed: the module is built in this package (`simdModuleBytes`), so its
 * exports are known rather than checked.
 */
export function simdExports(instance: WebAssembly.Instance): SimdExports {
  return instance.exports as unknown as SimdExports;
}
