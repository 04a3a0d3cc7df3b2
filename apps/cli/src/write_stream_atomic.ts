/**
 * Writing a file of any size from a byte stream so that its name appears only when it is complete: a
 * temp file beside it, synced, then renamed over it; on any failure the temp file is removed.
 * @module
 */
import { basename, dirname, join } from "node:path";

/** The temp-file name {@link writeStreamAtomic} uses for `name` (so that a directory check can recognise leftovers). */
export const TEMP_NAME = /^\.(.+)\.[0-9a-f-]{36}\.tmp$/;

/**
 * Writes `stream` to `path` atomically.
 * @param path the file to write (replaced if present).
 * @param stream its bytes; read to the end.
 * @returns the number of bytes written.
 * @throws whatever reading the stream or writing the file threw, after removing the temp file.
 */
export async function writeStreamAtomic(path: string, stream: ReadableStream<Uint8Array>): Promise<number> {
  const temp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
  const file = await Deno.open(temp, { write: true, createNew: true });
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      for (let done = 0; done < chunk.length; ) done += await file.write(chunk.subarray(done));
      bytes += chunk.length;
    }
    await file.sync();
    file.close();
    await Deno.rename(temp, path);
    return bytes;
  } catch (error) {
    try {
      file.close();
    } catch {
      // already closed after the sync
    }
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
