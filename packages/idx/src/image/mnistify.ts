/**
 * Any image as an MNIST-like 28×28 digit, the way the MNIST images were made: grayscale, white ink on
 * black (inverted when the background is light), then {@link fitDigit}.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { fitDigit, MNIST_SIDE, toBytes } from "./fit_digit.ts";
import { type RasterImage, toGray } from "./to_gray.ts";

/** Options of {@link mnistify}. */
export interface MnistifyOptions {
  /**
   * Whether to invert (dark ink on a light background). Default: decided from the image, inverted when
   * the mean of its border pixels is above mid-grey.
   */
  readonly invert?: boolean;
  /** Rows and columns of the result (default 28×28): a model's own image size. */
  readonly size?: readonly [number, number];
}

/** An image converted by {@link mnistify}. */
export interface MnistifiedImage {
  /** Row-major bytes (784 for 28×28, or `size`), white ink on black (all zero when `blank`). */
  readonly pixels: Uint8Array;
  /** Whether the image was inverted. */
  readonly inverted: boolean;
  /** True when the image has no ink at all. */
  readonly blank: boolean;
}

/** Mean intensity of the border pixels: the background's brightness. */
function borderMean(gray: Float32Array, width: number, height: number): number {
  let sum = 0;
  let n = 0;
  for (let x = 0; x < width; x++) {
    sum += gray[x] + gray[(height - 1) * width + x];
    n += 2;
  }
  for (let y = 0; y < height; y++) {
    sum += gray[y * width] + gray[y * width + width - 1];
    n += 2;
  }
  return sum / n;
}

/**
 * Converts an image (any size, gray or colour, with or without alpha) into the 28×28 bytes of an MNIST
 * digit: luminance with alpha over white, inverted on a light background, the ink fitted into 20×20 and
 * centred by its centre of mass.
 *
 * @param image The decoded image.
 * @param options Whether to invert (default: decided from the border).
 * @returns The bytes, whether they were inverted, and whether the image was blank.
 * @throws {RangeError} When `data` does not hold `width * height * channels` samples.
 * @example
 * ```ts
 * import { mnistify } from "@mnist/idx/image";
 * // A black bar on white paper, 60×90.
 * const data = new Uint8Array(60 * 90).map((_, i) => (i % 60 >= 25 && i % 60 < 35 && i > 600 && i < 4800 ? 0 : 255));
 * const { pixels, inverted } = mnistify({ width: 60, height: 90, channels: 1, data });
 * console.log(inverted, pixels[14 * 28 + 14]); // true 255
 * ```
 */
export function mnistify(image: RasterImage, options: MnistifyOptions = {}): MnistifiedImage {
  const { width, height } = image;
  const gray = toGray(image);
  const inverted = options.invert ?? borderMean(gray, width, height) > 127 / 255;
  if (inverted) for (let i = 0; i < gray.length; i++) gray[i] = 1 - gray[i];
  const size = options.size ?? [MNIST_SIDE, MNIST_SIDE];
  const digit = fitDigit(gray, width, height, size);
  if (digit === null) return { pixels: new Uint8Array(size[0] * size[1]), inverted, blank: true };
  return { pixels: toBytes(digit), inverted, blank: false };
}
