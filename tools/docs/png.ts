/**
 * The documentation pictures' PNG encoder: 8-bit grayscale or RGB, filter "none" per row, deflated at
 * level 9 by `node:zlib` (the same bytes on every run), assembled by the CLI's encoder. The pictures
 * are small and flat, so no filter search is needed to keep them a few KB. Developers and CI only.
 * @module
 */
import { deflateSync } from "node:zlib";
import { assemblePng, unfilteredScanlines } from "../../apps/cli/src/image/png_encode.ts";

/**
 * Encodes pixels as a PNG.
 * @param pixels Row-major samples: one byte per pixel (gray) or three (RGB).
 * @param channels 1 for grayscale, 3 for RGB.
 * @throws {Error} When `pixels` does not hold `width × height × channels` bytes.
 */
export function encodePng(width: number, height: number, pixels: Uint8Array, channels: 1 | 3): Uint8Array {
  const rowBytes = width * channels;
  if (pixels.length !== rowBytes * height) {
    throw new Error(
      `Cannot encode a PNG: ${pixels.length} bytes of pixels, expected ${width}×${height}×${channels} = ${rowBytes * height}`,
    );
  }
  const idat = new Uint8Array(deflateSync(unfilteredScanlines(pixels, rowBytes, height), { level: 9 }));
  return assemblePng(width, height, channels === 1 ? 0 : 2, idat);
}
