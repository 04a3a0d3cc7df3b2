// Test helpers: small synthetic datasets and gzip. Not part of the build.
import { encodeIdx } from "./encode_idx.ts";

/** gzip via the platform's CompressionStream. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** IDX images (count×rows×cols, pixel = index mod 256) and labels (`label(i)`). */
export function syntheticSplit(
  count: number,
  label: (i: number) => number,
  rows = 4,
  cols = 3,
): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * rows * cols).map((_, i) => i % 256);
  return {
    images: encodeIdx({ type: "u8", dims: [count, rows, cols], data: pixels }),
    labels: encodeIdx({
      type: "u8",
      dims: [count],
      data: Uint8Array.from({ length: count }, (_, i) => label(i)),
    }),
  };
}

/** A reader over an in-memory map of files. */
export function mapReader(files: Record<string, Uint8Array>): (name: string) => Promise<Uint8Array> {
  return async (name) => {
    const f = files[name];
    if (!f) throw new Error(`Cannot read ${name}: not in the test map`);
    return f;
  };
}
