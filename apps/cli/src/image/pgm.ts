/**
 * PGM (portable graymap) decoding: P2 (ASCII) and P5 (binary), maxval up to 65535, scaled to 8 bits.
 * @module
 */
import type { RasterImage } from "@mnist/idx/image";
import { UsageError } from "../usage_error.ts";

/** True when `bytes` start like a PGM file. */
export function isPgm(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && (bytes[1] === 0x32 || bytes[1] === 0x35);
}

/**
 * Decodes a P2 or P5 PGM file.
 * @throws {UsageError} naming `path` when the header or data are malformed.
 */
export function decodePgm(bytes: Uint8Array, path: string): RasterImage {
  const fail = (found: string): never => {
    throw new UsageError(`Cannot decode PGM ${path}: ${found}, expected a P2 or P5 graymap`);
  };
  if (!isPgm(bytes)) fail("no P2/P5 magic");
  const binary = bytes[1] === 0x35;
  let at = 2;
  const token = (): number => {
    for (;;) {
      while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]))) at++;
      if (bytes[at] !== 0x23) break; // '#' comment to end of line
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
    }
    const start = at;
    while (at < bytes.length && bytes[at] >= 0x30 && bytes[at] <= 0x39) at++;
    if (start === at) fail(`a non-number at byte ${start}`);
    return Number(new TextDecoder().decode(bytes.subarray(start, at)));
  };
  const width = token();
  const height = token();
  const maxval = token();
  if (width === 0 || height === 0 || width * height > 64e6) fail(`size ${width}×${height}`);
  if (maxval === 0 || maxval > 65535) fail(`maxval ${maxval}`);
  const n = width * height;
  const data = new Uint8Array(n);
  const scale = (v: number) => Math.round((Math.min(v, maxval) * 255) / maxval);
  if (binary) {
    at++; // the single whitespace after maxval
    const wide = maxval > 255;
    if (bytes.length - at < n * (wide ? 2 : 1))
      fail(`${bytes.length - at} data bytes for ${width}×${height}`);
    for (let i = 0; i < n; i++)
      data[i] = scale(wide ? (bytes[at + 2 * i] << 8) | bytes[at + 2 * i + 1] : bytes[at + i]);
  } else {
    for (let i = 0; i < n; i++) data[i] = scale(token());
  }
  return { width, height, channels: 1, data };
}
