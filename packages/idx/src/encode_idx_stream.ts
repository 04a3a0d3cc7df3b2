/**
 * Writing an IDX file too large to hold: the header, then the data as it is produced.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { shape } from "./_error_wording.ts";
import { encodeIdxData, encodeIdxHeader } from "./encode_idx.ts";
import { IDX_ARRAYS, type IdxDataMap, type IdxType } from "./idx_types.ts";

const CANNOT = "Cannot encode IDX stream";

/**
 * Encodes an IDX file as a byte stream: the header for `dims`, then each chunk of elements in order,
 * pulled from `chunks` only as fast as the stream is read, so memory stays at about one chunk whatever
 * the file's size. Pipe it into a file, through a `CompressionStream("gzip")` for `.gz`.
 * @param type the element type.
 * @param dims the dimensions of the whole file (the header is written first, so the count is known up front).
 * @param chunks the elements, in host byte order, in any number of typed arrays of `type`; a chunk
 *   (u8 and i8 are passed through as they are) must not be changed after it is yielded.
 * @returns the file's bytes; the stream errors with a RangeError when the chunks hold more or fewer
 *   elements than `dims` declare, or a TypeError on a chunk of the wrong array type.
 * @throws {RangeError} when the rank or a dimension is out of range (as {@link encodeIdxHeader}).
 * @example
 * ```ts
 * import { encodeIdxStream, parseIdx } from "@mnist/idx";
 * function* rows() {
 *   for (let i = 0; i < 3; i++) yield new Uint8Array([i, i]);
 * }
 * const bytes = new Uint8Array(await new Response(encodeIdxStream("u8", [3, 2], rows())).arrayBuffer());
 * console.log(parseIdx(bytes).dims, Array.from(parseIdx(bytes).data)); // [ 3, 2 ] [ 0, 0, 1, 1, 2, 2 ]
 * ```
 */
export function encodeIdxStream<T extends IdxType>(
  type: T,
  dims: readonly number[],
  chunks: Iterable<IdxDataMap[T]> | AsyncIterable<IdxDataMap[T]>,
): ReadableStream<Uint8Array<ArrayBuffer>> {
  const header = encodeIdxHeader(type, dims);
  const expected = dims.reduce((a, b) => a * b, 1);
  const Expected = IDX_ARRAYS[type];
  const byteSized = type === "u8" || type === "i8";
  let iterator: Iterator<IdxDataMap[T]> | AsyncIterator<IdxDataMap[T]> | undefined;
  let written = 0;
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      controller.enqueue(header);
    },
    async pull(controller) {
      iterator ??=
        Symbol.asyncIterator in chunks
          ? chunks[Symbol.asyncIterator]()
          : (chunks as Iterable<IdxDataMap[T]>)[Symbol.iterator]();
      // A pull that enqueues nothing is not repeated, so empty chunks are skipped here.
      for (;;) {
        const next = await iterator.next();
        if (next.done) {
          if (written === expected) controller.close();
          else
            controller.error(
              new RangeError(
                `${CANNOT}: chunks held ${written} elements, expected ${expected} for ${shape(dims, type)}`,
              ),
            );
          return;
        }
        const chunk = next.value;
        let error: Error | undefined;
        if (!(chunk instanceof Expected)) {
          error = new TypeError(
            `${CANNOT}: a chunk is a ${(chunk as object)?.constructor?.name}, expected a ${Expected.name} for ${type}`,
          );
        } else if (written + chunk.length > expected) {
          error = new RangeError(
            `${CANNOT}: chunks hold more than ${expected} elements, expected ${expected} for ${shape(dims, type)}`,
          );
        }
        if (error !== undefined) {
          controller.error(error);
          await iterator.return?.();
          return;
        }
        if (chunk.length === 0) continue;
        written += chunk.length;
        controller.enqueue(
          byteSized
            ? new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength)
            : encodeIdxData(type, chunk),
        );
        return;
      }
    },
    async cancel() {
      await iterator?.return?.();
    },
  });
}
