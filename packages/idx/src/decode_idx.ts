/**
 * One call from file bytes (raw or gzip) to a validated IDX array.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { isGzip } from "./gzip.ts";
import type { IdxArray } from "./idx_types.ts";
import { inflateIdx } from "./inflate_idx.ts";
import { parseIdx } from "./parse_idx.ts";

/**
 * Parses an IDX file that may be gzip-compressed (detected by its magic bytes).
 * @param bytes the file as stored: raw IDX or gzip of it.
 * @param name the file name, used in error messages.
 * @returns the element type, dimensions and data.
 * @throws {SyntaxError} when the gzip stream is corrupt or the magic is not IDX.
 * @throws {RangeError} when the header and the data length disagree.
 * @example
 * ```ts
 * import { decodeIdx } from "@mnist/idx";
 * const idx = await decodeIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 5]), "labels");
 * console.log(idx.dims); // [1]
 * ```
 */
export async function decodeIdx(bytes: Uint8Array, name?: string): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await inflateIdx(bytes, name) : bytes, name);
}
