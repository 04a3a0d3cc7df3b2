/**
 * Parsing IDX files held in memory (the format of MNIST and its family).
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { swapToHost } from "./_byte_order.ts";
import { shape, where } from "./_error_wording.ts";
import { IDX_ARRAYS, IDX_TYPE_SIZE, type IdxArray, type IdxDataMap, type IdxType } from "./idx_types.ts";
import { parseIdxHeader } from "./parse_header.ts";

/**
 * Parses an IDX file held in memory. u8 and i8 data are zero-copy views of `bytes`; wider types are
 * copied once and converted from big-endian.
 * @param bytes the whole file (not gzipped: see {@link decodeIdx} for that).
 * @param name the file name, used in error messages.
 * @returns the element type, dimensions and data.
 * @throws {SyntaxError} when the magic number is not an IDX magic.
 * @throws {RangeError} when the header is malformed or the data length disagrees with the dimensions.
 * @example
 * ```ts
 * import { parseIdx } from "@mnist/idx";
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * const idx = parseIdx(bytes, "labels");
 * console.log(idx.type, idx.dims, Array.from(idx.data)); // "u8" [2] [7, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name?: string): IdxArray {
  const h = parseIdxHeader(bytes, name);
  const actual = bytes.length - h.headerBytes;
  if (actual !== h.dataBytes) {
    throw new RangeError(
      `Cannot parse IDX header${where(name)}: data is ${actual} bytes, expected ${h.dataBytes} for ${shape(h.dims, h.type)}`,
    );
  }
  return { type: h.type, dims: h.dims, data: decodeIdxData(bytes.subarray(h.headerBytes), h.type) };
}

/**
 * Converts big-endian IDX data bytes into the typed array of `type`.
 * @param bytes exactly the data bytes (a whole number of elements).
 * @param type the element type.
 * @returns a plain view of `bytes` for u8 and i8 (also of a Node Buffer), otherwise a new array in
 * host byte order.
 * @example
 * ```ts
 * import { decodeIdxData } from "@mnist/idx";
 * console.log(decodeIdxData(new Uint8Array([0xff, 0xfe]), "i16")[0]); // -2
 * ```
 */
export function decodeIdxData<T extends IdxType>(bytes: Uint8Array, type: T): IdxDataMap[T] {
  const size = IDX_TYPE_SIZE[type];
  const count = bytes.byteLength / size;
  // A plain Uint8Array view even of a Node Buffer, whose slice() would share memory where callers
  // expect a copy.
  if (type === "u8") return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as IdxDataMap[T];
  if (type === "i8") return new Int8Array(bytes.buffer, bytes.byteOffset, count) as IdxDataMap[T];
  // Copied through a fresh array: a Node Buffer's slice() would share memory, and the swap below
  // would then rewrite the caller's bytes and the view would start at the pool's offset 0.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  swapToHost(copy, size);
  const Ctor = IDX_ARRAYS[type as "i16"];
  return new Ctor(copy.buffer, 0, count) as unknown as IdxDataMap[T];
}
