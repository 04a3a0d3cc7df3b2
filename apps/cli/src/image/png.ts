/**
 * A small PNG decoder: 8-bit grayscale, gray+alpha, RGB and RGBA, non-interlaced, all five filters,
 * inflated with the platform's `DecompressionStream("deflate")`. Anything else is a clear error.
 * @module
 */
import type { RasterImage } from "@mnist/idx/image";
import { UsageError } from "../usage_error.ts";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 };

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** True when `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a PNG file.
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
  let raw: Uint8Array;
  try {
    raw = await inflate(concat(idat));
  } catch {
    return fail("corrupt compressed data");
  }
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) fail(`${raw.length} bytes of pixel data for ${width}×${height}`);
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

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
