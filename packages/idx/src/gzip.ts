/**
 * Gzip input, detected by its magic bytes (never by the file name) and inflated with the platform's
 * `DecompressionStream`.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { reslicedStream, slicedStream } from "./_chunks.ts";
import { where } from "./_error_wording.ts";

/**
 * Tells whether `bytes` start with the gzip magic 1F 8B.
 * @param bytes the start of a file.
 * @returns true for gzip data.
 * @example
 * ```ts
 * import { isGzip } from "@mnist/idx";
 * console.log(isGzip(new Uint8Array([0x1f, 0x8b, 8]))); // true
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Options of {@link gunzip}. */
export interface GunzipOptions {
  /** The file name, used in error messages. */
  name?: string;
  /** Stop with a RangeError once the output would exceed this many bytes (a guard against gzip bombs). */
  maxBytes?: number;
}

/**
 * Inflates gzip bytes in memory. The input is fed to the decompressor in 16 KiB slices and reading
 * stops at the first output byte past `maxBytes`, so memory stays near `maxBytes` however far the
 * data would inflate. A file of several gzip members is inflated whole where the platform's
 * `DecompressionStream` supports that (Node) and refused with a SyntaxError where it does not (Deno).
 * @param bytes a whole gzip file (any Uint8Array view, e.g. a Node Buffer).
 * @param options the file name for messages and an optional output limit.
 * @returns the decompressed bytes.
 * @throws {SyntaxError} when the gzip stream is corrupt or truncated.
 * @throws {RangeError} when the output exceeds `maxBytes`.
 * @example
 * ```ts
 * import { gunzip } from "@mnist/idx";
 * const gz = await new Response(
 *   new Blob([new Uint8Array([1, 2, 3])]).stream().pipeThrough(new CompressionStream("gzip")),
 * ).bytes();
 * console.log(Array.from(await gunzip(gz))); // [1, 2, 3]
 * ```
 */
export async function gunzip(
  bytes: Uint8Array,
  options: GunzipOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  return await collect(gunzipStream(slicedStream(bytes), options.name), options);
}

/**
 * Inflates a gzip stream, pulling input in 16 KiB slices only as the output is read; corrupt or
 * truncated input makes the returned stream fail with a SyntaxError.
 * @param stream gzip bytes.
 * @param name the file name, used in error messages.
 * @returns the decompressed bytes as a stream.
 */
export function gunzipStream(stream: ReadableStream<Uint8Array>, name?: string): ReadableStream<Uint8Array> {
  // Re-cut so that one large input chunk cannot inflate all at once before anyone reads.
  const inflated = reslicedStream(stream).pipeThrough(
    new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  const reader = inflated.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        controller.error(new SyntaxError(`Cannot decompress gzip data${where(name)}: ${reasonOf(error)}`));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

// Deno's decompressor stops after the first member and reports the rest with this Rust I/O message.
const TRAILING_DATA = /failed to write whole buffer/;

function reasonOf(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  if (TRAILING_DATA.test(reason)) {
    return "data follows the end of the first gzip member (a multi-member gzip or trailing bytes), expected a single gzip member";
  }
  // One line whatever the platform says.
  return reason.replace(/\s+/g, " ").slice(0, 200);
}

async function collect(
  stream: ReadableStream<Uint8Array>,
  options: GunzipOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const max = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel();
      throw new RangeError(
        `Cannot decompress gzip data${where(options.name)}: output exceeds ${max} bytes, expected at most ${max}`,
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
