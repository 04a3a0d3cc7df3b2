/**
 * The MNIST normalisation of a digit (LeCun et al.): crop to the ink's bounding box, scale it to fit
 * 20×20 keeping its aspect ratio (anti-aliased), and place it in 28×28 so that its centre of mass sits
 * at the centre.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { resampleArea, resampleBilinear } from "./resample.ts";

/** Side of an MNIST image. */
export const MNIST_SIDE = 28;
/** Side of the box an MNIST digit is scaled into. */
export const MNIST_BOX = 20;

/** Ink fainter than this fraction of the brightest pixel is noise: it does not widen the bounding box. */
const INK_THRESHOLD = 0.1;

/**
 * Normalises a white-on-black intensity image the way MNIST's digits were: the ink's bounding box
 * (ignoring pixels below 10% of the brightest) is fitted into 20×20 preserving the aspect ratio (area
 * averaging when shrinking, bilinear when enlarging), scaled so the brightest input pixel is 1, and
 * placed in 28×28 with its centre of mass at the centre.
 *
 * @param src Intensities, row-major `height × width`, ink bright on a dark background.
 * @param width Image width.
 * @param height Image height.
 * @param target Rows and columns of the result (default 28×28); the ink box keeps MNIST's proportion
 *   (20/28 of the shorter side), so a model of another image size gets its own kind of input.
 * @returns `rows × columns` (784 by default) values in [0, 1], or `null` when the image has no ink (all zero).
 * @example
 * ```ts
 * import { fitDigit } from "@mnist/idx/image";
 * const square = new Float32Array(100 * 100).map((_, i) => (i % 100 < 10 && i < 1000 ? 1 : 0));
 * const digit = fitDigit(square, 100, 100)!;
 * console.log(digit.filter((v) => v === 1).length); // 400: a 20×20 block
 * ```
 */
export function fitDigit(
  src: Float32Array,
  width: number,
  height: number,
  target: readonly [number, number] = [MNIST_SIDE, MNIST_SIDE],
): Float32Array | null {
  const [rows, cols] = target;
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0)) {
    throw new RangeError(
      `Cannot fit image: target is ${rows}×${cols}, expected positive integer rows and columns`,
    );
  }
  const side = Math.min(rows, cols);
  const boxSide = side === MNIST_SIDE ? MNIST_BOX : Math.max(1, Math.round((side * MNIST_BOX) / MNIST_SIDE));
  let max = 0;
  for (let i = 0; i < width * height; i++) if (src[i] > max) max = src[i];
  if (!(max > 0)) return null;
  const threshold = max * INK_THRESHOLD;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (src[y * width + x] > threshold) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const bw = maxX - minX + 1;
  const bh = maxY - minY + 1;
  const crop = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    crop.set(src.subarray((minY + y) * width + minX, (minY + y) * width + maxX + 1), y * bw);
  }
  const scale = boxSide / Math.max(bw, bh);
  const dw = Math.max(1, Math.round(bw * scale));
  const dh = Math.max(1, Math.round(bh * scale));
  const shrink = bw > dw || bh > dh;
  const box = (shrink ? resampleArea : resampleBilinear)(crop, bw, bh, dw, dh);
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
  const ox = clamp(Math.round(cols / 2 - cx / mass), 0, cols - dw);
  const oy = clamp(Math.round(rows / 2 - cy / mass), 0, rows - dh);
  const out = new Float32Array(rows * cols);
  const k = 1 / max;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) out[(oy + y) * cols + ox + x] = Math.min(1, box[y * dw + x] * k);
  }
  return out;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Intensities in [0, 1] as MNIST pixel bytes (0–255, rounded): what a model trained on MNIST takes.
 *
 * @param input Values in [0, 1].
 * @returns One byte per value.
 * @example
 * ```ts
 * import { toBytes } from "@mnist/idx/image";
 * console.log(Array.from(toBytes(new Float32Array([0, 0.5, 1])))); // [0, 128, 255]
 * ```
 */
export function toBytes(input: Float32Array): Uint8Array {
  return Uint8Array.from(input, (v) => Math.round(v * 255));
}
