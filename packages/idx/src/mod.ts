/**
 * `@mnist/idx`: the IDX file format and MNIST-family datasets. Runtime-neutral: file-system, `fetch` and
 * browser `File` access live in the subpaths `@mnist/idx/fs`, `@mnist/idx/fetch` and `@mnist/idx/file`.
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from "@mnist/idx";
 * const bytes = encodeIdx({ type: "u8", dims: [2, 2], data: new Uint8Array([0, 255, 128, 7]) });
 * const array = parseIdx(bytes);
 * console.log(array.type, array.dims, array.data[1]); // u8 [ 2, 2 ] 255
 * ```
 *
 * @module
 */

export * from "./class_names.ts";
export * from "./dataset.ts";
export * from "./dataset_identity.ts";
export * from "./decode_idx.ts";
export * from "./describe_idx.ts";
export * from "./encode_idx.ts";
export * from "./encode_idx_stream.ts";
export * from "./find_dataset_files.ts";
export * from "./gzip.ts";
export * from "./idx_types.ts";
export * from "./inflate_idx.ts";
export * from "./known_datasets.ts";
export * from "./load_dataset.ts";
export * from "./mirrors.ts";
export * from "./parse_header.ts";
export * from "./parse_idx.ts";
export * from "./sha256.ts";
export * from "./stream_idx.ts";
