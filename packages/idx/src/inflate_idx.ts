/**
 * Inflating a gzip-compressed IDX file with the header checked first: the output buffer is allocated
 * once, at the size the header declares, and only if that size is possible for the compressed input.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { ByteReader } from "./_byte_reader.ts";
import { slicedStream } from "./_chunks.ts";
import { shape, where } from "./_error_wording.ts";
import { readIdxHead } from "./_peek_header.ts";
import { gunzipStream } from "./gzip.ts";

/** Deflate cannot expand more than 1032:1, so a larger declared size is a lie (or a gzip bomb). */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Inflates gzip bytes holding one IDX file and checks the file's length against its header. Input is
 * fed in 16 KiB slices and inflation stops at the first output past the declared size, so memory
 * stays near the declared size (plus one slice's output) whatever the compressed data holds.
 * @param gz the gzip bytes (any Uint8Array view, e.g. a Node Buffer).
 * @param name the file name, used in error messages.
 * @returns the uncompressed IDX file (header and data).
 * @throws {SyntaxError} on corrupt or truncated gzip, or a bad IDX magic.
 * @throws {RangeError} on a malformed header, a declared size the input cannot hold, or data shorter or
 * longer than declared.
 * @example
 * ```ts
 * import { inflateIdx } from "@mnist/idx";
 * const raw = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 1, 7]);
 * const gz = await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("gzip"))).bytes();
 * console.log((await inflateIdx(gz, "labels.gz")).length); // 9
 * ```
 */
export async function inflateIdx(gz: Uint8Array, name?: string): Promise<Uint8Array<ArrayBuffer>> {
  const reader = new ByteReader(gunzipStream(slicedStream(gz), name));
  try {
    const { head, header: h } = await readIdxHead(reader, name);
    const limit = gz.length * MAX_DEFLATE_RATIO;
    if (h.dataBytes > limit) {
      throw new RangeError(
        `Cannot parse IDX header${where(name)}: dimensions ${shape(h.dims, h.type)} declare ${h.dataBytes} bytes of data, expected at most ${limit} from ${gz.length} bytes of gzip`,
      );
    }
    const out = new Uint8Array(h.headerBytes + h.dataBytes);
    out.set(head);
    const got = await reader.fill(out.subarray(h.headerBytes));
    // Stop at the first chunk past the declared end: a bomb is never inflated further than that.
    const extra = got < h.dataBytes ? 0 : await reader.countRest(0);
    if (got < h.dataBytes || extra > 0) {
      const found = extra > 0 ? `more than ${got} bytes` : `${got} bytes`;
      throw new RangeError(
        `Cannot parse IDX header${where(name)}: data is ${found}, expected ${h.dataBytes} for ${shape(h.dims, h.type)}`,
      );
    }
    return out;
  } finally {
    await reader.cancel();
  }
}
