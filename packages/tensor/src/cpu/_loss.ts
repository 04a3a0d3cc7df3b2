/**
 * The CPU loss kernel: softmax, loss, accuracy, confusion and logit gradient per row, in float64.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import type { HostRows } from "./_dense_kernels.ts";

/** Where {@link lossRows} reads and writes. */
export interface LossArgs {
  readonly kind: LossKind;
  readonly z: Float32Array;
  readonly labels: Uint8Array;
  readonly classes: number;
  readonly rows: HostRows;
  readonly grad: Float32Array | null;
  readonly confusion: Uint32Array | null;
  /** Float64 scratch of at least `classes` elements. */
  readonly p: Float64Array;
}

/**
 * Runs the loss over the selected rows (see `Backend.lossAndGrad`).
 * @returns the summed loss and the number of correct rows.
 */
export function lossRows(a: LossArgs): [number, number] {
  const { z, labels, grad, confusion, p } = a;
  const C = a.classes;
  const { order, offset, count: n } = a.rows;
  const mse = a.kind === "mse";
  const scale = 2 / (n * C);
  const invN = 1 / n;
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[order === null ? offset + i : order[offset + i]];
    const o = i * C;
    let max = z[o];
    let arg = 0;
    for (let c = 1; c < C; c++) {
      const v = z[o + c];
      if (v > max) {
        max = v;
        arg = c;
      }
    }
    let sum = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(z[o + c] - max);
      p[c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < C; c++) p[c] *= inv;
    if (arg === y) correct++;
    if (confusion !== null) confusion[y * C + arg]++;
    if (!mse) {
      lossSum += Math.log(sum) + max - z[o + y];
      if (grad !== null) {
        for (let c = 0; c < C; c++) grad[o + c] = p[c] * invN;
        grad[o + y] = (p[y] - 1) * invN;
      }
      continue;
    }
    // d_c = p_c − onehot_c; loss = Σ d² / C; grad_j = p_j (d_j − Σ_c p_c d_c)·s with s = 2/(nC).
    // The label's term is kept apart so that no sum cancels when p_y is close to 1.
    let others = 0; // Σ_{c≠y} p_c² (= Σ_{c≠y} d_c² = Σ_{c≠y} p_c d_c)
    for (let c = 0; c < y; c++) others += p[c] * p[c];
    for (let c = y + 1; c < C; c++) others += p[c] * p[c];
    const py = p[y];
    const dy = py - 1;
    lossSum += (others + dy * dy) / C;
    if (grad !== null) {
      const dot = others + py * dy;
      for (let c = 0; c < C; c++) grad[o + c] = p[c] * (p[c] - dot) * scale;
      grad[o + y] = py * (dy - dot) * scale;
    }
  }
  return [lossSum, correct];
}
