/**
 * Parsing IDX files (the format of MNIST and its family).
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** IDX element types by their code in the magic number. */
export const IDX_TYPES = {
  8: "u8",
  9: "i8",
  11: "i16",
  12: "i32",
  13: "f32",
  14: "f64",
} as const;

/** Name of an IDX element type. */
export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES];

/** Bytes per element of each IDX type. */
export const IDX_TYPE_SIZE: Readonly<Record<IdxType, number>> = {
  u8: 1,
  i8: 1,
  i16: 2,
  i32: 4,
  f32: 4,
  f64: 8,
};

/** Typed array for each IDX type. */
export interface IdxDataMap {
  u8: Uint8Array;
  i8: Int8Array;
  i16: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** A parsed IDX file: element type, dimensions and row-major data. */
export interface IdxArray<T extends IdxType = IdxType> {
  readonly type: T;
  readonly dims: readonly number[];
  readonly data: IdxDataMap[T];
}

function describe(name: string | undefined): string {
  return name === undefined ? "" : ` of ${name}`;
}

/**
 * Parses an IDX file held in memory. u8 data is a zero-copy view of `bytes`.
 * @param bytes the whole file (not gzipped).
 * @param name the file name, used in error messages.
 * @returns the element type, dimensions and data.
 * @throws {SyntaxError} when the magic number is not an IDX magic.
 * @throws {RangeError} when the header or data length disagree with the declared dimensions.
 * @example
 * ```ts
 * import { parseIdx } from "@mnist/idx";
 * const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 7, 9]);
 * const idx = parseIdx(bytes, "labels");
 * console.log(idx.type, idx.dims, Array.from(idx.data)); // "u8" [2] [7, 9]
 * ```
 */
export function parseIdx(bytes: Uint8Array, name?: string): IdxArray {
  const where = describe(name);
  if (bytes.length < 4) {
    throw new RangeError(
      `Cannot parse IDX header${where}: file is ${bytes.length} bytes, expected at least 4`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = IDX_TYPES[bytes[2] as keyof typeof IDX_TYPES];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    throw new SyntaxError(
      `Cannot parse IDX header${where}: magic is 0x${magic.toString(16).padStart(8, "0")}, expected 0x0000TTRR with type TT in 08, 09, 0B, 0C, 0D, 0E`,
    );
  }
  const rank = bytes[3];
  if (rank === 0) throw new RangeError(`Cannot parse IDX header${where}: rank is 0, expected at least 1`);
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) {
    throw new RangeError(
      `Cannot parse IDX header${where}: file is ${bytes.length} bytes, expected at least ${headerSize} for rank ${rank}`,
    );
  }
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i);
    dims.push(d);
    count *= d;
  }
  const size = IDX_TYPE_SIZE[type];
  const expected = count * size;
  const actual = bytes.length - headerSize;
  if (actual !== expected) {
    throw new RangeError(
      `Cannot parse IDX header${where}: data is ${actual} bytes, expected ${expected} for ${dims.join("×")} ${type}`,
    );
  }
  return { type, dims, data: decode(bytes, headerSize, count, type) };
}

function decode(bytes: Uint8Array, offset: number, count: number, type: IdxType): IdxDataMap[IdxType] {
  if (type === "u8") return bytes.subarray(offset, offset + count);
  if (type === "i8") return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * IDX_TYPE_SIZE[type]);
  switch (type) {
    case "i16": {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i);
      return out;
    }
    case "i32": {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i);
      return out;
    }
    case "f32": {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i);
      return out;
    }
    default: {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i);
      return out;
    }
  }
}
