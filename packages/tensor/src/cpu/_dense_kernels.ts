/**
 * The plain CPU kernels: straightforward loops over the dataset bytes, float64 accumulation: the
 * readable form of the sparse kernels, and what rows too wide for a sparse index (2^24 pixels) use.
 *
 * Runtime-neutral.
 * @module
 */

/** Pixel byte → float32 value in [0, 1], exactly as `torch.tensor(u8) / 255` rounds it. */
export const PIXEL_SCALE: Float32Array = /* @__PURE__ */ (() => {
  const t = new Float32Array(256);
  for (let v = 0; v < 256; v++) t[v] = v / 255;
  return t;
})();

/** Rows `order[offset + i]` (or `offset + i` when `order` is null) for `i < count`. */
export interface HostRows {
  readonly order: Uint32Array | null;
  readonly offset: number;
  readonly count: number;
}

/** `out[i×C + c] = b[c] + Σ_k x[r_i, k] · w[k×C + c]` for the selected rows. */
export function denseForward(
  images: Uint8Array,
  F: number,
  rows: HostRows,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
): void {
  const C = b.length;
  const acc = new Float64Array(C);
  const { order, offset } = rows;
  for (let i = 0; i < rows.count; i++) {
    const base = (order === null ? offset + i : order[offset + i]) * F;
    for (let c = 0; c < C; c++) acc[c] = 0;
    for (let k = 0; k < F; k++) {
      const px = images[base + k];
      if (px === 0) continue;
      const x = PIXEL_SCALE[px];
      const wk = k * C;
      for (let c = 0; c < C; c++) acc[c] += x * w[wk + c];
    }
    const o = i * C;
    for (let c = 0; c < C; c++) out[o + c] = acc[c] + b[c];
  }
}

/** `gw[k×C + c] = Σ_i x[r_i, k] · g[i×C + c]`, `gb[c] = Σ_i g[i×C + c]` (overwrites both). */
export function denseBackward(
  images: Uint8Array,
  F: number,
  rows: HostRows,
  g: Float32Array,
  gw: Float32Array,
  gb: Float32Array,
): void {
  const C = gb.length;
  const accW = new Float64Array(F * C);
  const accB = new Float64Array(C);
  const { order, offset } = rows;
  for (let i = 0; i < rows.count; i++) {
    const base = (order === null ? offset + i : order[offset + i]) * F;
    const o = i * C;
    for (let c = 0; c < C; c++) accB[c] += g[o + c];
    for (let k = 0; k < F; k++) {
      const px = images[base + k];
      if (px === 0) continue;
      const x = PIXEL_SCALE[px];
      const wk = k * C;
      for (let c = 0; c < C; c++) accW[wk + c] += x * g[o + c];
    }
  }
  gw.set(accW);
  gb.set(accB);
}
