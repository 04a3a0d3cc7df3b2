/**
 * A small PNG decoder: 8-bit grayscale, gray+alpha, RGB and RGBA, non-interlaced, all five filters,
 * inflated with the platform's `DecompressionStream("deflate")`. Anything else is a clear error.
 * Inflation is bounded by what the header declares: the compressed data goes in 4 KiB slices and
 * decoding stops at the first byte past `height × (1 + width × channels)`, so a small file that
 * inflates to gigabytes costs a few MB at most.
 * @module
 */
import type { RasterImage } from "@mnist/idx/image";
import { UsageError } from "../usage_error.ts";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 };

const SLICE_BYTES = 4096;

/** Why {@link inflateBounded} stopped, for the decoder's message. */
class TooMuchData extends Error {}

/**
 * Inflates zlib data into exactly `expected` bytes, feeding it a slice at a time so that the
 * decompressor never runs far ahead of what is read.
 * @returns the bytes written (fewer than `expected` when the data ends early).
 * @throws {TooMuchData} at the first output byte past `expected`.
 */
async function inflateBounded(data: readonly Uint8Array[], out: Uint8Array): Promise<number> {
  let part = 0;
  let at = 0;
  const input = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        while (part < data.length && at >= data[part].length) {
          part++;
          at = 0;
        }
        if (part >= data.length) {
          controller.close();
          return;
        }
        const end = Math.min(at + SLICE_BYTES, data[part].length);
        controller.enqueue(data[part].subarray(at, end));
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
  const reader = input
    .pipeThrough(new DecompressionStream("deflate") as unknown as TransformStream<Uint8Array, Uint8Array>)
    .getReader();
  let filled = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return filled;
      if (filled + value.length > out.length) throw new TooMuchData();
      out.set(value, filled);
      filled += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a PNG file (any Uint8Array view, e.g. a Node Buffer or a view into a larger buffer).
 * @throws {UsageError} naming `path` for unsupported or corrupt files.
 */
export async function decodePng(bytes: Uint8Array, path: string): Promise<RasterImage> {
  const fail = (found: string): never => {
    throw new UsageError(
      `Cannot decode PNG ${path}: ${found}, expected an 8-bit non-interlaced gray, gray+alpha, RGB or RGBA PNG`,
    );
  };
  if (!isPng(bytes)) fail("no PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels: 1 | 2 | 3 | 4 = 1;
  const idat: Uint8Array[] = [];
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length !== length) fail(`chunk ${type} is truncated`);
    if (type === "IHDR") {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const [depth, color, , , interlace] = body.subarray(8, 13);
      if (depth !== 8) fail(`bit depth ${depth}`);
      if (CHANNELS[color] === undefined) fail(color === 3 ? "a palette image" : `colour type ${color}`);
      if (interlace !== 0) fail("an interlaced image");
      if (width === 0 || height === 0 || width * height > 64e6) fail(`size ${width}×${height}`);
      channels = CHANNELS[color];
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    at += 12 + length;
  }
  if (width === 0 || idat.length === 0) fail("no IHDR or IDAT chunk");
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  let got: number;
  try {
    got = await inflateBounded(idat, raw);
  } catch (error) {
    return fail(
      error instanceof TooMuchData
        ? `compressed data that inflates past the ${raw.length} bytes ${width}×${height} needs`
        : "corrupt compressed data",
    );
  }
  if (got < raw.length) fail(`${got} bytes of pixel data for ${width}×${height}`);
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    unfilter(filter, line, prev, out, channels) || fail(`filter type ${filter} on row ${y}`);
  }
  return { width, height, channels, data };
}

function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, out: Uint8Array, bpp: number): boolean {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? out[i - bpp] : 0;
    const b = prev[i];
    const c = i >= bpp ? prev[i - bpp] : 0;
    let p: number;
    switch (filter) {
      case 0:
        p = 0;
        break;
      case 1:
        p = a;
        break;
      case 2:
        p = b;
        break;
      case 3:
        p = (a + b) >> 1;
        break;
      case 4: {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        break;
      }
      default:
        return false;
    }
    out[i] = (line[i] + p) & 255;
  }
  return true;
}
