/**
 * `@mnist/idx/augment`: seeded random deformations of digits — elastic distortion and small affine
 * transforms — for growing a training set (`mnist augment`) or deforming batches on the fly.
 *
 * @example
 * ```ts
 * import { createAugmenter } from "@mnist/idx/augment";
 * // Any source of uniform numbers in [0, 1) will do; @mnist/tensor's Random is the seeded one.
 * let state = 7;
 * const random = { next: () => ((state = (state * 48271) % 2147483647) / 2147483647) };
 * const augmenter = createAugmenter({ kind: "elastic", rows: 28, cols: 28 });
 * const digit = new Uint8Array(784).map((_, i) => (i % 28 === 14 ? 200 : 0)); // a vertical stroke
 * const deformed = new Uint8Array(784);
 * augmenter.deform(digit, deformed, random);
 * console.log(deformed.length, augmenter.options.elasticAlpha); // 784 34
 * ```
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

export * from "./augmenter.ts";
