/**
 * Resampling a grayscale image to another size: area averaging when shrinking (anti-aliased), bilinear
 * interpolation when enlarging.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/**
 * Resamples `src` (`sw × sh`, row-major) to `dw × dh` by averaging the source area under each target
 * pixel, with fractional coverage at the edges: every source pixel contributes in proportion to its
 * overlap, so the mean intensity is preserved. Separable (rows, then columns).
 *
 * @param src Source intensities.
 * @param sw Source width.
 * @param sh Source height.
 * @param dw Target width.
 * @param dh Target height.
 * @returns `dw * dh` intensities.
 * @example
 * ```ts
 * import { resampleArea } from "@mnist/idx/image";
 * console.log(Array.from(resampleArea(new Float32Array([0, 1, 1, 1]), 2, 2, 1, 1))); // [0.75]
 * ```
 */
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
 * Resamples `src` (`sw × sh`, row-major) to `dw × dh` by bilinear interpolation between pixel centres,
 * clamping at the edges: smooth when enlarging (area averaging would give blocks).
 *
 * @param src Source intensities.
 * @param sw Source width.
 * @param sh Source height.
 * @param dw Target width.
 * @param dh Target height.
 * @returns `dw * dh` intensities.
 * @example
 * ```ts
 * import { resampleBilinear } from "@mnist/idx/image";
 * console.log(Array.from(resampleBilinear(new Float32Array([0, 1]), 2, 1, 4, 1))); // [0, 0.25, 0.75, 1]
 * ```
 */
export function resampleBilinear(
  src: Float32Array,
  sw: number,
  sh: number,
  dw: number,
  dh: number,
): Float32Array {
  const out = new Float32Array(dw * dh);
  const sx = sw / dw;
  const sy = sh / dh;
  const at = (x: number, y: number) =>
    src[Math.min(sh - 1, Math.max(0, y)) * sw + Math.min(sw - 1, Math.max(0, x))];
  for (let oy = 0; oy < dh; oy++) {
    const fy = (oy + 0.5) * sy - 0.5;
    const iy = Math.floor(fy);
    const ty = fy - iy;
    for (let ox = 0; ox < dw; ox++) {
      const fx = (ox + 0.5) * sx - 0.5;
      const ix = Math.floor(fx);
      const tx = fx - ix;
      out[oy * dw + ox] =
        (1 - ty) * ((1 - tx) * at(ix, iy) + tx * at(ix + 1, iy)) +
        ty * ((1 - tx) * at(ix, iy + 1) + tx * at(ix + 1, iy + 1));
    }
  }
  return out;
}
