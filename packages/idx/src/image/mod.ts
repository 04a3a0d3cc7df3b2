/**
 * `@mnist/idx/image`: turning any picture of a digit into an MNIST input — grayscale, inverted on a light
 * background, cropped to the ink, fitted into 20×20 with anti-aliasing and centred by its centre of mass
 * in 28×28 — for the CLI's `predict` (PNG, PGM) and the dashboard's drawing pad alike.
 *
 * @example
 * ```ts
 * import { mnistify } from "@mnist/idx/image";
 * // A dark square on white paper, 40×40, as a photo or a canvas would give it.
 * const data = new Uint8Array(40 * 40).map((_, i) => ((i % 40) >= 10 && (i % 40) < 30 && i >= 400 && i < 1200 ? 0 : 255));
 * const { pixels, inverted } = mnistify({ width: 40, height: 40, channels: 1, data });
 * console.log(pixels.length, inverted); // 784 true
 * ```
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

export * from "./fit_digit.ts";
export * from "./mnistify.ts";
export * from "./resample.ts";
export * from "./to_gray.ts";
