/// <reference types="@webgpu/types" preserve="true" />
/**
 * A dataset's images as a list of their nonzero pixels, uploaded once beside the packed bytes: most
 * MNIST pixels are zero (about 81%), so a kernel that sums over a row's pixels (the training forward)
 * loops over ~150 entries instead of 784 pixels, as the CPU backend's sparse index does.
 *
 * Layout, one `u32` array: words `0…count` hold where each row's entries start (absolute word
 * indices, row `r` runs from `sparse[r]` to `sparse[r + 1]`), then every row's entries in row order,
 * each `(feature << 8) | pixel` with the features of a row ascending — the order in which the dense
 * kernels add a row's pixels, so a sum over the entries equals theirs.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import { type BufferPool, writeBytes } from "./_resources.ts";

/** Features an entry can name: 24 bits above the pixel byte. */
export const MAX_SPARSE_FEATURES = 2 ** 24;

/** WGSL: `fn rowEntries(row) -> vec2u`, the word range of a dataset row's entries in `sparse`. */
export const ROW_ENTRIES_WGSL = /* wgsl */ `fn rowEntries(row: u32) -> vec2u { return vec2u(sparse[row], sparse[row + 1u]); }`;

/**
 * The sparse list of `count` rows of `features` pixels each (layout in the module comment).
 * @returns the words, or `null` when the features do not fit an entry.
 */
export function sparseImageWords(images: Uint8Array, count: number, features: number): Uint32Array | null {
  if (features > MAX_SPARSE_FEATURES) return null;
  const rows = new ImageRows(images, count, features);
  const starts = rows.starts();
  const words = new Uint32Array(starts[count]);
  words.set(starts);
  rows.fillEntries(0, count, words, count + 1);
  return words;
}

/** A dataset's rows read a word of four pixels at a time where they start at aligned words (as MNIST's do). */
class ImageRows {
  readonly #words32: Uint32Array | null;

  constructor(
    readonly images: Uint8Array,
    readonly count: number,
    readonly features: number,
  ) {
    // Whole zero words are skipped four pixels at a time: most of a digit's pixels are zero in runs,
    // and this keeps the upload of the 60,000 training images to tens of milliseconds.
    const aligned = images.byteOffset % 4 === 0 && features % 4 === 0 && littleEndian();
    this.#words32 = aligned
      ? new Uint32Array(images.buffer, images.byteOffset, (count * features) / 4)
      : null;
  }

  /** Words `0…count` of the list: where each row's entries start, then where the last one ends. */
  starts(): Uint32Array {
    const { images, count, features } = this;
    const words32 = this.#words32;
    const starts = new Uint32Array(count + 1);
    let at = count + 1;
    for (let r = 0; r < count; r++) {
      starts[r] = at;
      if (words32 !== null) {
        for (let i = (r * features) / 4, end = i + features / 4; i < end; i++) {
          const w = words32[i];
          if (w !== 0) at += nonzeroBytes(w);
        }
      } else {
        for (let i = r * features, end = i + features; i < end; i++) if (images[i] !== 0) at++;
      }
    }
    starts[count] = at;
    return starts;
  }

  /** Writes the entries of rows `[r0, r1)` to `out` from index `at`; `out` must end where they do. */
  fillEntries(r0: number, r1: number, out: Uint32Array, at: number): void {
    const { images, features } = this;
    const words32 = this.#words32;
    for (let r = r0; r < r1; r++) {
      const base = r * features;
      if (words32 !== null) {
        const first = base / 4;
        for (let j = 0; j < features / 4; j++) {
          const w = words32[first + j];
          if (w === 0) continue;
          const k = (4 * j) << 8;
          // Little-endian: the word's low byte is the row's pixel 4j. Each entry is written and kept
          // only if its pixel is nonzero (`at` moves by (p + 255) >>> 8): branch-free, twice as fast
          // as testing each byte; a write past the end of `out` is dropped by the typed array.
          const p0 = w & 0xff;
          const p1 = (w >>> 8) & 0xff;
          const p2 = (w >>> 16) & 0xff;
          const p3 = w >>> 24;
          out[at] = k | p0;
          at += (p0 + 255) >>> 8;
          out[at] = (k + 0x100) | p1;
          at += (p1 + 255) >>> 8;
          out[at] = (k + 0x200) | p2;
          at += (p2 + 255) >>> 8;
          out[at] = (k + 0x300) | p3;
          at += (p3 + 255) >>> 8;
        }
      } else {
        for (let k = 0; k < features; k++) {
          const px = images[base + k];
          if (px !== 0) out[at++] = (k << 8) | px;
        }
      }
    }
  }
}

/** How many of a word's four bytes are nonzero (each byte's high bit set by the carry of +0x7f). */
function nonzeroBytes(w: number): number {
  const high = ((((w & 0x7f7f7f7f) + 0x7f7f7f7f) | w) & 0x80808080) >>> 7;
  return Math.imul(high, 0x01010101) >>> 24;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/** Entries built on the host per write into the buffer: the list is never whole in host memory. */
const UPLOAD_CHUNK_WORDS = 1 << 20;

/**
 * Uploads the sparse list of `images` into a buffer from `pool`, a few MiB of rows at a time (a
 * whole list on the host, and the queue's copy of it, would add twice its size to the peak memory).
 * @param chunkWords entries built per write (tests make it small).
 * @returns the buffer, or `null` when the list does not fit one binding of `bindingBytes` (the
 * kernels then read the packed bytes, as for a split dataset).
 */
export function uploadSparseImages(
  queue: GPUQueue,
  pool: BufferPool,
  images: Uint8Array,
  count: number,
  features: number,
  bindingBytes: number,
  chunkWords = UPLOAD_CHUNK_WORDS,
): GPUBuffer | null {
  if (features > MAX_SPARSE_FEATURES) return null;
  const rows = new ImageRows(images, count, features);
  const starts = rows.starts();
  const bytes = starts[count] * 4;
  if (bytes > bindingBytes) return null;
  const buffer = pool.take(bytes, `sparse images ${count}×${features}`);
  writeBytes(queue, buffer, new Uint8Array(starts.buffer));
  const chunk = new Uint32Array(chunkWords);
  for (let r0 = 0, r1 = 0; r0 < count; r0 = r1) {
    // At least one row a chunk, however wide.
    r1 = r0 + 1;
    while (r1 < count && starts[r1 + 1] - starts[r0] <= chunkWords) r1++;
    const length = starts[r1] - starts[r0];
    const out = length <= chunk.length ? chunk.subarray(0, length) : new Uint32Array(length);
    rows.fillEntries(r0, r1, out, 0);
    if (length > 0) queue.writeBuffer(buffer, starts[r0] * 4, out as Uint32Array<ArrayBuffer>, 0, length);
  }
  return buffer;
}
