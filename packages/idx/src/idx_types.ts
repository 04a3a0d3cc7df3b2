/**
 * The IDX element types and the shape of a parsed IDX array.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** IDX element types by their code in the magic number (the third byte). */
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

/** The type code written into the magic number for each element type. */
export const IDX_TYPE_CODE: Readonly<Record<IdxType, number>> = {
  u8: 0x08,
  i8: 0x09,
  i16: 0x0b,
  i32: 0x0c,
  f32: 0x0d,
  f64: 0x0e,
};

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
  /** Unsigned bytes (type code 0x08). */
  u8: Uint8Array;
  /** Signed bytes (0x09). */
  i8: Int8Array;
  /** Big-endian 16-bit integers (0x0B), converted to host order. */
  i16: Int16Array;
  /** Big-endian 32-bit integers (0x0C), converted to host order. */
  i32: Int32Array;
  /** Big-endian float32 (0x0D), converted to host order. */
  f32: Float32Array;
  /** Big-endian float64 (0x0E), converted to host order. */
  f64: Float64Array;
}

/** The typed-array constructor of each IDX type. */
export const IDX_ARRAYS = {
  u8: Uint8Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const satisfies Record<IdxType, unknown>;

/** A parsed IDX file: element type, dimensions and row-major data. */
export interface IdxArray<T extends IdxType = IdxType> {
  /** The element type. */
  readonly type: T;
  /** The dimensions, outermost first (e.g. `[60000, 28, 28]`). */
  readonly dims: readonly number[];
  /** The elements in row-major order, in host byte order. */
  readonly data: IdxDataMap[T];
}

/** The header of an IDX file, validated. */
export interface IdxHeader {
  /** The element type. */
  readonly type: IdxType;
  /** The dimensions, outermost first. */
  readonly dims: readonly number[];
  /** Bytes before the data: 4 + 4 × rank. */
  readonly headerBytes: number;
  /** Number of elements: the product of `dims`. */
  readonly elements: number;
  /** Bytes of data the header declares: `elements × size of type`. */
  readonly dataBytes: number;
}
