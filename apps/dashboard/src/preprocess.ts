/**
 * Turns a drawing into an MNIST-like 28×28 input: crop to the ink's bounding box, scale it to fit
 * 20×20 with area averaging (anti-aliased, aspect kept), and place it in 28×28 so that its centre of
 * mass sits at the centre — the procedure LeCun et al. describe for MNIST.
 * @module
 */

/** Side of the MNIST image. */
export const SIDE = 28;
/** Side of the box the digit is scaled into. */
export const BOX = 20;

/** Resamples `src[sh×sw]` to `dw×dh` by averaging the source area under each target pixel. */
export function resampleArea(
  src: Float32Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Float32Array {
  const rows = new Float32Array(sh * dw);
  const sx = sw / dw;
  for (let x = 0; x < dw; x++) {
    const x0 = x * sx;
    const x1 = x0 + sx;
    for (let i = Math.floor(x0); i < Math.min(sw, Math.ceil(x1)); i++) {
      const w = Math.min(x1, i + 1) - Math.max(x0, i);
      if (w <= 0) continue;
      for (let y = 0; y < sh; y++) rows[y * dw + x] += src[y * sw + i] * w;
    }
  }
  const out = new Float32Array(dh * dw);
  const sy = sh / dh;
  const norm = 1 / (sx * sy);
  for (let y = 0; y < dh; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let j = Math.floor(y0); j < Math.min(sh, Math.ceil(y1)); j++) {
      const w = Math.min(y1, j + 1) - Math.max(y0, j);
      if (w <= 0) continue;
      for (let x = 0; x < dw; x++) out[y * dw + x] += rows[j * dw + x] * w * norm;
    }
  }
  return out;
}

/**
 * Preprocesses an intensity image (values in [0, 1], row-major `height × width`).
 * @returns 784 values in [0, 1], or `null` when nothing is drawn.
 */
export function toMnistInput(src: Float32Array, width: number, height: number): Float32Array | null {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (src[y * width + x] > 0.02) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (maxX < 0) return null;
  const bw = maxX - minX + 1;
  const bh = maxY - minY + 1;
  const crop = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++)
    crop.set(src.subarray((minY + y) * width + minX, (minY + y) * width + maxX + 1), y * bw);
  const scale = BOX / Math.max(bw, bh);
  const dw = Math.max(1, Math.round(bw * scale));
  const dh = Math.max(1, Math.round(bh * scale));
  const box = resampleArea(crop, bw, bh, dw, dh);
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const v = box[y * dw + x];
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
    }
  }
  cx /= mass;
  cy /= mass;
  const ox = clamp(Math.round(SIDE / 2 - cx), 0, SIDE - dw);
  const oy = clamp(Math.round(SIDE / 2 - cy), 0, SIDE - dh);
  const out = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) out[(oy + y) * SIDE + ox + x] = Math.min(1, box[y * dw + x]);
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** An input in [0, 1] as MNIST pixel bytes (what the model was trained on, and what it is shown). */
export function toBytes(input: Float32Array): Uint8Array {
  return Uint8Array.from(input, (v) => Math.round(v * 255));
}
