/**
 * Raster images as decoders hand them over (8-bit samples, 1–4 channels) and their grayscale intensity.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** A decoded image: `channels` interleaved 8-bit samples per pixel (gray, gray+alpha, RGB, RGBA). */
export interface RasterImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Samples per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** Row-major samples, `width * height * channels` of them (a canvas's `ImageData.data` fits). */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/**
 * The luminance of each pixel in [0, 1] (ITU-R BT.601 weights), with alpha composited over white, so a
 * transparent background reads as paper.
 *
 * @param image The image.
 * @returns `width * height` intensities, row-major.
 * @throws {RangeError} When `data` does not hold `width * height * channels` samples.
 * @example
 * ```ts
 * import { toGray } from "@mnist/idx/image";
 * const gray = toGray({ width: 2, height: 1, channels: 2, data: new Uint8Array([0, 255, 0, 0]) });
 * console.log(Array.from(gray)); // [0, 1]: opaque black, then fully transparent (white)
 * ```
 */
export function toGray(image: RasterImage): Float32Array {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `Cannot read image: ${data.length} samples, expected ${width * height * channels} (${width}×${height}×${channels})`,
    );
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const p = i * channels;
    const lum = channels >= 3 ? 0.299 * data[p] + 0.587 * data[p + 1] + 0.114 * data[p + 2] : data[p];
    const alpha = channels === 2 ? data[p + 1] / 255 : channels === 4 ? data[p + 3] / 255 : 1;
    out[i] = (lum * alpha) / 255 + (1 - alpha);
  }
  return out;
}
