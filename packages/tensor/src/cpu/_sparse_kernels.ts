/**
 * The sparse CPU kernels: the linear ops over a {@link SparseRows} index, with a hand-unrolled
 * path for ten classes (MNIST) that keeps the ten accumulators in registers.
 *
 * Same float64 accumulation as the dense kernels; only the order of additions may differ.
 *
 * Runtime-neutral.
 * @module
 */
import { type HostRows, PIXEL_SCALE } from "./_dense_kernels.ts";
import type { SparseRows } from "./_sparse_rows.ts";

/**
 * Sparse `out = X·W + b` for the selected rows (see `denseForward`); `w64` is float64 scratch of
 * at least `w.length`, so the inner loop loads doubles instead of converting floats.
 */
export function sparseForward(
  sp: SparseRows,
  rows: HostRows,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
  w64: Float64Array,
): void {
  if (b.length !== 10) {
    forwardAny(sp, rows, w, b, out);
    return;
  }
  for (let j = 0; j < w.length; j++) w64[j] = w[j];
  if (rows.order !== null) touchRows(sp, rows);
  forward10(sp, rows, w64, b, out);
}

/**
 * Loads one entry per cache line of every selected row before the arithmetic: shuffled rows are
 * scattered over tens of MiB, and independent loads let the CPU fetch them in parallel instead of
 * stalling on each row in turn.
 */
function touchRows(sp: SparseRows, rows: HostRows): void {
  const { start, entries } = sp;
  const { order, offset } = rows;
  let sum = 0;
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    for (let j = start[r], end = start[r + 1]; j < end; j += 16) sum += entries[j];
  }
  if (sum < 0) throw new RangeError("Cannot index rows: corrupt sparse index");
}

/** Sparse `gw = Xᵀ·g`, `gb = Σ g` for the selected rows; `acc` is `F×C` float64 scratch. */
export function sparseBackward(
  sp: SparseRows,
  rows: HostRows,
  g: Float32Array,
  gw: Float32Array,
  gb: Float32Array,
  acc: Float64Array,
): void {
  acc.fill(0, 0, gw.length);
  if (gb.length === 10) backward10(sp, rows, g, gb, acc);
  else backwardAny(sp, rows, g, gb, acc);
  for (let j = 0; j < gw.length; j++) gw[j] = acc[j];
}

function forwardAny(
  sp: SparseRows,
  rows: HostRows,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const { start, entries } = sp;
  const { order, offset } = rows;
  const C = b.length;
  const acc = new Float64Array(C);
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    acc.fill(0);
    for (let j = start[r], end = start[r + 1]; j < end; j++) {
      const e = entries[j];
      const x = PIXEL_SCALE[e & 255];
      const wk = (e >>> 8) * C;
      for (let c = 0; c < C; c++) acc[c] += x * w[wk + c];
    }
    const o = i * C;
    for (let c = 0; c < C; c++) out[o + c] = acc[c] + b[c];
  }
}

function forward10(
  sp: SparseRows,
  rows: HostRows,
  w: Float64Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const { start, entries } = sp;
  const { order, offset } = rows;
  const S = PIXEL_SCALE;
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    let a8 = 0;
    let a9 = 0;
    for (let j = start[r], end = start[r + 1]; j < end; j++) {
      const e = entries[j];
      const x = S[e & 255];
      const k = (e >>> 8) * 10;
      a0 += x * w[k];
      a1 += x * w[k + 1];
      a2 += x * w[k + 2];
      a3 += x * w[k + 3];
      a4 += x * w[k + 4];
      a5 += x * w[k + 5];
      a6 += x * w[k + 6];
      a7 += x * w[k + 7];
      a8 += x * w[k + 8];
      a9 += x * w[k + 9];
    }
    const o = i * 10;
    out[o] = a0 + b[0];
    out[o + 1] = a1 + b[1];
    out[o + 2] = a2 + b[2];
    out[o + 3] = a3 + b[3];
    out[o + 4] = a4 + b[4];
    out[o + 5] = a5 + b[5];
    out[o + 6] = a6 + b[6];
    out[o + 7] = a7 + b[7];
    out[o + 8] = a8 + b[8];
    out[o + 9] = a9 + b[9];
  }
}

function backwardAny(
  sp: SparseRows,
  rows: HostRows,
  g: Float32Array,
  gb: Float32Array,
  acc: Float64Array,
): void {
  const { start, entries } = sp;
  const { order, offset } = rows;
  const C = gb.length;
  const accB = new Float64Array(C);
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    const o = i * C;
    for (let c = 0; c < C; c++) accB[c] += g[o + c];
    for (let j = start[r], end = start[r + 1]; j < end; j++) {
      const e = entries[j];
      const x = PIXEL_SCALE[e & 255];
      const wk = (e >>> 8) * C;
      for (let c = 0; c < C; c++) acc[wk + c] += x * g[o + c];
    }
  }
  gb.set(accB);
}

function backward10(
  sp: SparseRows,
  rows: HostRows,
  g: Float32Array,
  gb: Float32Array,
  acc: Float64Array,
): void {
  const { start, entries } = sp;
  const { order, offset } = rows;
  const S = PIXEL_SCALE;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  let b7 = 0;
  let b8 = 0;
  let b9 = 0;
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    const o = i * 10;
    const g0 = g[o];
    const g1 = g[o + 1];
    const g2 = g[o + 2];
    const g3 = g[o + 3];
    const g4 = g[o + 4];
    const g5 = g[o + 5];
    const g6 = g[o + 6];
    const g7 = g[o + 7];
    const g8 = g[o + 8];
    const g9 = g[o + 9];
    b0 += g0;
    b1 += g1;
    b2 += g2;
    b3 += g3;
    b4 += g4;
    b5 += g5;
    b6 += g6;
    b7 += g7;
    b8 += g8;
    b9 += g9;
    for (let j = start[r], end = start[r + 1]; j < end; j++) {
      const e = entries[j];
      const x = S[e & 255];
      const k = (e >>> 8) * 10;
      acc[k] += x * g0;
      acc[k + 1] += x * g1;
      acc[k + 2] += x * g2;
      acc[k + 3] += x * g3;
      acc[k + 4] += x * g4;
      acc[k + 5] += x * g5;
      acc[k + 6] += x * g6;
      acc[k + 7] += x * g7;
      acc[k + 8] += x * g8;
      acc[k + 9] += x * g9;
    }
  }
  gb[0] = b0;
  gb[1] = b1;
  gb[2] = b2;
  gb[3] = b3;
  gb[4] = b4;
  gb[5] = b5;
  gb[6] = b6;
  gb[7] = b7;
  gb[8] = b8;
  gb[9] = b9;
}
