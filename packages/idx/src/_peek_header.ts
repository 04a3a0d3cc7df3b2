/**
 * The header of an IDX file, raw or gzip, without inflating its data: enough to compare files before
 * anything large is allocated.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { ByteReader } from "./_byte_reader.ts";
import { slicedStream } from "./_chunks.ts";
import { gunzipStream, isGzip } from "./gzip.ts";
import type { IdxHeader } from "./idx_types.ts";
import { parseIdxHeader } from "./parse_header.ts";

/**
 * Reads an IDX header off the front of a stream: the 4-byte magic, then 4 bytes per dimension.
 * @returns the header's bytes and the parsed header.
 * @throws {SyntaxError | RangeError} as {@link parseIdxHeader}.
 */
export async function readIdxHead(
  reader: ByteReader,
  name?: string,
): Promise<{ head: Uint8Array<ArrayBuffer>; header: IdxHeader }> {
  const magic = await reader.read(4);
  const rank = magic.length === 4 && magic[0] === 0 && magic[1] === 0 ? magic[3] : 0;
  const head = new Uint8Array(4 + 4 * rank);
  head.set(magic);
  const headLength = magic.length + (rank > 0 ? await reader.fill(head.subarray(4)) : 0);
  return { head, header: parseIdxHeader(head.subarray(0, headLength), name) };
}

/**
 * The header of a stored IDX file (raw, or gzip inflated only as far as the header), or `undefined`
 * when it cannot be read: the full read then reports why, in its own words.
 * @param stored the file's bytes as stored.
 * @returns the header, if readable.
 */
export async function peekIdxHeader(stored: Uint8Array): Promise<IdxHeader | undefined> {
  try {
    if (!isGzip(stored)) return parseIdxHeader(stored);
    const reader = new ByteReader(gunzipStream(slicedStream(stored, 512)));
    try {
      return (await readIdxHead(reader)).header;
    } finally {
      await reader.cancel();
    }
  } catch {
    return undefined;
  }
}
