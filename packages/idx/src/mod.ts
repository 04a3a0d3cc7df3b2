/**
 * `@mnist/idx`: the IDX file format and MNIST-family datasets.
 * @module
 */

export * from "./dataset.ts";
export * from "./parse_idx.ts";
