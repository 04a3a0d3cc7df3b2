/**
 * `@mnist/idx/image`: turning any picture of a digit into an MNIST input — grayscale, inverted on a light
 * background, cropped to the ink, fitted into 20×20 with anti-aliasing and centred by its centre of mass
 * in 28×28 — for the CLI's `predict` (PNG, PGM) and the dashboard's drawing pad alike.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

export * from "./fit_digit.ts";
export * from "./mnistify.ts";
export * from "./resample.ts";
export * from "./to_gray.ts";
