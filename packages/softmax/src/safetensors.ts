/**
 * The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian
 * tensor bytes. Bytes in, bytes out.
 *
 * Runtime-neutral (assumes a little-endian host, as every JavaScript runtime in practice is).
 * @module
 */

import { excerpt } from "./_validate.ts";

/** Element types this codec reads and writes. */
export type SafetensorsDType = "F32" | "F64" | "I32" | "U32" | "U8";

/** Typed-array type of each {@link SafetensorsDType}. */
interface DTypeArrays {
  F32: Float32Array;
  F64: Float64Array;
  I32: Int32Array;
  U32: Uint32Array;
  U8: Uint8Array;
}

/** One tensor: dtype, shape and row-major data. */
export interface SafeTensor<D extends SafetensorsDType = SafetensorsDType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: DTypeArrays[D];
}

/** A decoded safetensors file. */
export interface SafetensorsFile {
  readonly tensors: Record<string, SafeTensor>;
  /** The `__metadata__` string map (empty when absent). */
  readonly metadata: Record<string, string>;
}

/** The largest header the safetensors format allows (its reference implementation refuses more). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

const ARRAYS = {
  F32: Float32Array,
  F64: Float64Array,
  I32: Int32Array,
  U32: Uint32Array,
  U8: Uint8Array,
} as const;

/** A tensor name from the file, as it reads in a message: short, control characters escaped. */
function excerptKey(key: string): string {
  const quoted = excerpt(key);
  return quoted === `"${key}"` ? key : quoted; // plain names stay unquoted, as before
}

/**
 * Encodes tensors (in the given order) and optional metadata as safetensors bytes.
 * @param tensors tensors by name
 * @param metadata strings stored under `__metadata__`
 * @returns the file's bytes; the header is padded with spaces so the data starts 8-byte aligned
 * @throws {RangeError} when a tensor's data length does not match its shape.
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from "@mnist/softmax";
 * const bytes = encodeSafetensors({ bias: { dtype: "F32", shape: [2], data: new Float32Array([1, 2]) } });
 * console.log(decodeSafetensors(bytes).tensors.bias.shape); // [ 2 ]
 * ```
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, SafeTensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const count = t.shape.reduce((a, d) => a * d, 1);
    if (count !== t.data.length) {
      throw new RangeError(
        `Cannot encode safetensors tensor ${name}: shape [${t.shape.join(", ")}] needs ${count} values, found ${t.data.length}`,
      );
    }
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Decodes safetensors bytes.
 * @param bytes the whole file
 * @param name the file's name, for error messages
 * @returns tensors (copied, so aligned) and metadata
 * @throws {SyntaxError} when the header is not valid JSON.
 * @throws {RangeError} when the header length, a dtype, a shape or a byte range does not fit.
 */
export function decodeSafetensors(bytes: Uint8Array, name = "safetensors file"): SafetensorsFile {
  if (bytes.length < 8) {
    throw new RangeError(`Cannot decode ${name}: it holds ${bytes.length} bytes, expected at least 8`);
  }
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_SAFETENSORS_HEADER_BYTES) {
    throw new RangeError(
      `Cannot decode ${name}: header length is ${headerLength}, expected at most ${MAX_SAFETENSORS_HEADER_BYTES} (the format's limit)`,
    );
  }
  if (headerLength > bytes.length - 8) {
    throw new RangeError(
      `Cannot decode ${name}: header length is ${headerLength}, expected at most ${bytes.length - 8}`,
    );
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    // V8 quotes the text around the error; keep the line short whatever the header holds.
    throw new SyntaxError(`Cannot decode ${name}: header is not JSON (${excerpt((e as Error).message)})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) {
    throw new SyntaxError(`Cannot decode ${name}: header is ${excerpt(header)}, expected a JSON object`);
  }
  const data = bytes.subarray(8 + headerLength);
  const tensors: Record<string, SafeTensor> = {};
  let covered = 0;
  for (const [key, entry] of Object.entries(header)) {
    if (key === "__metadata__") continue;
    const { dtype, shape, data_offsets: range } = (entry ?? {}) as Record<string, unknown>;
    if (typeof dtype !== "string" || !(dtype in ARRAYS)) {
      throw new RangeError(
        `Cannot decode ${name}: tensor ${excerptKey(key)} has dtype ${excerpt(dtype)}, expected one of ${Object.keys(ARRAYS).join(", ")}`,
      );
    }
    const Array_ = ARRAYS[dtype as SafetensorsDType];
    const dims =
      Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0) ? (shape as number[]) : null;
    const [begin, end] = Array.isArray(range) ? (range as number[]) : [Number.NaN, Number.NaN];
    const expected = dims === null ? Number.NaN : dims.reduce((a, d) => a * d, 1) * Array_.BYTES_PER_ELEMENT;
    if (
      !(
        Number.isInteger(begin) &&
        Number.isInteger(end) &&
        begin >= 0 &&
        end <= data.length &&
        end - begin === expected
      )
    ) {
      throw new RangeError(
        `Cannot decode ${name}: tensor ${excerptKey(key)} has shape ${excerpt(shape)} and byte range ${excerpt(range)}, expected a range of ${expected} bytes within ${data.length}`,
      );
    }
    covered += end - begin;
    const copy = data.slice(begin, end);
    tensors[key] = {
      dtype: dtype as SafetensorsDType,
      shape: dims as number[],
      data: new Array_(copy.buffer),
    };
  }
  if (covered !== data.length) {
    throw new RangeError(
      `Cannot decode ${name}: tensors cover ${covered} of ${data.length} data bytes, expected all`,
    );
  }
  const meta = header.__metadata__;
  const metadata: Record<string, string> = {};
  if (meta !== undefined && meta !== null && typeof meta === "object") {
    for (const [k, v] of Object.entries(meta)) metadata[k] = String(v);
  }
  return { tensors, metadata };
}
