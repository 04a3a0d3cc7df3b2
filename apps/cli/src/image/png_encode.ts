/**
 * A small PNG encoder for the pictures the CLI writes: 8-bit RGB, filter "none" on every row, deflated
 * by the platform's `CompressionStream("deflate")`. The pictures are flat-coloured blocks, so deflate
 * alone keeps them small without a filter search. Its parts also build the tests' hostile PNGs and the
 * documentation pictures (deflated there by `node:zlib` at level 9).
 * @module
 */

const SIGNATURE = Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate") as unknown as TransformStream<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Rows of `rowBytes` bytes with PNG's filter type 0 ("none") in front of each: what IDAT deflates.
 * @param pixels `rowBytes × height` bytes, row-major
 */
export function unfilteredScanlines(pixels: Uint8Array, rowBytes: number, height: number): Uint8Array {
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  return raw;
}

/**
 * A PNG file of 8-bit samples from its already compressed image data: signature, IHDR, one IDAT, IEND,
 * each chunk with its CRC.
 * @param colourType 0 gray, 2 RGB (tests pass others to reach the decoder's errors)
 * @param idat the zlib stream of the scanlines
 */
export function assemblePng(width: number, height: number, colourType: number, idat: Uint8Array): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, colourType, 0, 0, 0], 8);
  const parts = [SIGNATURE, chunk("IHDR", header), chunk("IDAT", idat), chunk("IEND", new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Encodes an RGB image as a PNG file.
 * @param width columns
 * @param height rows
 * @param rgb `width × height × 3` bytes, row-major
 * @returns the file's bytes
 * @throws {RangeError} when `rgb` does not hold `width × height × 3` bytes.
 */
export async function encodeRgbPng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array> {
  const stride = width * 3;
  if (rgb.length !== stride * height || width < 1 || height < 1) {
    throw new RangeError(
      `Cannot encode a PNG: ${rgb.length} bytes of pixels for ${width}×${height}, expected ${stride * height}`,
    );
  }
  return assemblePng(width, height, 2, await deflate(unfilteredScanlines(rgb, stride, height)));
}
