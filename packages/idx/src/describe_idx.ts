/**
 * What `mnist info` prints about a file: type, dimensions, SHA-256, known-dataset match, label histogram.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { isGzip } from "./gzip.ts";
import type { IdxType } from "./idx_types.ts";
import { inflateIdx } from "./inflate_idx.ts";
import { identifyFile, type KnownMatch } from "./known_datasets.ts";
import { parseIdx } from "./parse_idx.ts";
import { sha256Hex } from "./sha256.ts";

/** A description of one IDX file. */
export interface IdxDescription {
  /** The file's name, as given. */
  readonly name: string;
  /** Whether the stored bytes were gzip. */
  readonly gzip: boolean;
  /** Size as stored (compressed when gzip). */
  readonly storedBytes: number;
  /** The element type. */
  readonly type: IdxType;
  /** The dimensions, outermost first. */
  readonly dims: readonly number[];
  /** SHA-256 of the uncompressed IDX bytes (what known datasets pin). */
  readonly sha256: string;
  /** The known dataset file it is, if any. */
  readonly known?: KnownMatch;
  /** For rank-1 u8 files (labels): `histogram[k]` is how many times k occurs, up to the largest value. */
  readonly labelHistogram?: readonly number[];
}

/**
 * Validates and describes an IDX file (raw or gzip).
 * @param bytes the file as stored.
 * @param name the file name (path), shown in the result and in errors.
 * @returns type, dimensions, SHA-256, known-dataset match and, for labels, the histogram.
 * @throws {SyntaxError} on a bad magic or corrupt gzip.
 * @throws {RangeError} when the header and the data length disagree.
 * @example
 * ```ts
 * import { describeIdx } from "@mnist/idx";
 * const d = await describeIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 1, 2]), "labels");
 * console.log(d.type, d.dims, d.labelHistogram); // "u8" [3] [0, 2, 1]
 * ```
 */
export async function describeIdx(bytes: Uint8Array, name: string): Promise<IdxDescription> {
  const gzip = isGzip(bytes);
  const raw = gzip ? await inflateIdx(bytes, name) : bytes;
  const hash = sha256Hex(raw);
  const idx = parseIdx(raw, name);
  const sha256 = await hash;
  let labelHistogram: number[] | undefined;
  if (idx.type === "u8" && idx.dims.length === 1) {
    const counts = new Uint32Array(256);
    const data = idx.data as Uint8Array;
    for (let i = 0; i < data.length; i++) counts[data[i]]++;
    let top = 255;
    while (top >= 0 && counts[top] === 0) top--;
    labelHistogram = Array.from(counts.subarray(0, top + 1));
  }
  return {
    name,
    gzip,
    storedBytes: bytes.length,
    type: idx.type,
    dims: idx.dims,
    sha256,
    known: identifyFile(sha256),
    labelHistogram,
  };
}
