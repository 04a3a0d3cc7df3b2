/**
 * Reading and validating the IDX header before any data is touched or allocated.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { shape, where } from "./_error_wording.ts";
import { IDX_TYPE_SIZE, IDX_TYPES, type IdxHeader } from "./idx_types.ts";

/**
 * Parses and validates the header at the start of `bytes` (which may hold only the header).
 * @param bytes the start of an IDX file: at least 4 + 4 × rank bytes.
 * @param name the file name, used in error messages.
 * @returns the element type, dimensions, header size and declared data size.
 * @throws {SyntaxError} when the magic number is not an IDX magic.
 * @throws {RangeError} when the header is short, the rank is 0, or the dimensions overflow.
 * @example
 * ```ts
 * import { parseIdxHeader } from "@mnist/idx";
 * const h = parseIdxHeader(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2]), "labels");
 * console.log(h.type, h.dims, h.dataBytes); // "u8" [2] 2
 * ```
 */
export function parseIdxHeader(bytes: Uint8Array, name?: string): IdxHeader {
  const at = where(name);
  if (bytes.length < 4) {
    throw new RangeError(`Cannot parse IDX header${at}: file is ${bytes.length} bytes, expected at least 4`);
  }
  const type = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
    throw new SyntaxError(
      `Cannot parse IDX header${at}: magic is 0x${magic}, expected 0x0000TTRR with type TT in 08, 09, 0B, 0C, 0D, 0E`,
    );
  }
  const rank = bytes[3];
  if (rank === 0) throw new RangeError(`Cannot parse IDX header${at}: rank is 0, expected at least 1`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new RangeError(
      `Cannot parse IDX header${at}: file is ${bytes.length} bytes, expected at least ${headerBytes} for rank ${rank}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));
  const size = IDX_TYPE_SIZE[type];
  const elements = dims.includes(0) ? 0 : product(dims, size, at, type);
  return { type, dims, headerBytes, elements, dataBytes: elements * size };
}

// Multiplies step by step so that no intermediate leaves the exactly representable integers.
function product(dims: number[], size: number, at: string, type: string): number {
  let n = 1;
  for (const d of dims) {
    n *= d;
    if (n * size > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `Cannot parse IDX header${at}: dimensions ${shape(dims, type)} overflow, expected at most 2^53 bytes of data`,
      );
    }
  }
  return n;
}
