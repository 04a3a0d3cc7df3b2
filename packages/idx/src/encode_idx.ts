/**
 * Writing IDX files: the exact inverse of {@link parseIdx}.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { swapToHost } from "./_byte_order.ts";
import { shape } from "./_error_wording.ts";
import {
  IDX_ARRAYS,
  IDX_TYPE_CODE,
  IDX_TYPE_SIZE,
  type IdxArray,
  type IdxDataMap,
  type IdxType,
} from "./idx_types.ts";

/**
 * Encodes the IDX header for `type` and `dims` (for writing a large file piece by piece).
 * @param type the element type.
 * @param dims 1 to 255 dimensions, each an integer in 0..2^32-1.
 * @returns the 4 + 4 × rank header bytes.
 * @throws {RangeError} when the rank or a dimension is out of range.
 * @example
 * ```ts
 * import { encodeIdxHeader } from "@mnist/idx";
 * console.log(Array.from(encodeIdxHeader("u8", [2]))); // [0, 0, 8, 1, 0, 0, 0, 2]
 * ```
 */
export function encodeIdxHeader(type: IdxType, dims: readonly number[]): Uint8Array<ArrayBuffer> {
  if (dims.length < 1 || dims.length > 255) {
    throw new RangeError(`Cannot encode IDX header: rank is ${dims.length}, expected 1 to 255`);
  }
  const out = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(out.buffer);
  out[2] = IDX_TYPE_CODE[type];
  out[3] = dims.length;
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new RangeError(
        `Cannot encode IDX header: dimension ${i} is ${d}, expected an integer in 0..2^32-1`,
      );
    }
    view.setUint32(4 + 4 * i, d);
  }
  return out;
}

/**
 * Encodes elements as big-endian IDX data bytes.
 * @param type the element type.
 * @param data the elements, in host byte order.
 * @returns a new array of `data.length × size` bytes.
 * @example
 * ```ts
 * import { encodeIdxData } from "@mnist/idx";
 * console.log(Array.from(encodeIdxData("i16", new Int16Array([-2])))); // [255, 254]
 * ```
 */
export function encodeIdxData<T extends IdxType>(type: T, data: IdxDataMap[T]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  swapToHost(bytes, IDX_TYPE_SIZE[type]);
  return bytes;
}

/**
 * Encodes a whole IDX file.
 * @param array the element type, dimensions and data.
 * @returns the file bytes; `parseIdx(encodeIdx(x))` equals `x` bit for bit.
 * @throws {RangeError} when the data length is not the product of the dimensions.
 * @example
 * ```ts
 * import { encodeIdx, parseIdx } from "@mnist/idx";
 * const bytes = encodeIdx({ type: "f32", dims: [2], data: new Float32Array([0.5, -1]) });
 * console.log(Array.from(parseIdx(bytes).data)); // [0.5, -1]
 * ```
 */
export function encodeIdx(array: IdxArray): Uint8Array<ArrayBuffer> {
  const header = encodeIdxHeader(array.type, array.dims);
  const Expected = IDX_ARRAYS[array.type];
  if (!(array.data instanceof Expected)) {
    throw new TypeError(
      `Cannot encode IDX file: data is a ${array.data.constructor.name}, expected a ${Expected.name} for ${array.type}`,
    );
  }
  const elements = array.dims.reduce((a, b) => a * b, 1);
  if (elements !== array.data.length) {
    throw new RangeError(
      `Cannot encode IDX file: data has ${array.data.length} elements, expected ${elements} for ${shape(array.dims, array.type)}`,
    );
  }
  const out = new Uint8Array(header.length + array.data.byteLength);
  out.set(header);
  out.set(encodeIdxData(array.type, array.data as IdxDataMap[IdxType]), header.length);
  return out;
}
