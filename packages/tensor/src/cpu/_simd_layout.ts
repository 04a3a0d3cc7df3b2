/**
 * The memory layout and row shape the WebAssembly SIMD module, its loss rows and the host agree on.
 *
 * Runtime-neutral: only constants.
 * @module
 */

/** The class count the SIMD kernels are written for (a logits row is unrolled over it). */
export const CLASSES = 10;
/** Bytes of one row of `w`, `out`, `g`, `gw` and `z`: {@link CLASSES} float32s. */
export const ROW_BYTES = CLASSES * 4;
/**
 * Byte offsets of a row's three SIMD loads: classes 0–3 and 4–7 (full vectors) and 8–9 (the low
 * half of a vector, `v128.load64_zero`).
 */
export const [LANES_0_3, LANES_4_7, LANES_8_9] = [0, 16, 32];
if (LANES_8_9 + 8 !== ROW_BYTES) throw new RangeError("Cannot lay out a SIMD row: rows are not 10 classes");
/** `bytes` rounded up to a whole cache line (64 bytes): what two threads write must not share one. */
export const align64 = (bytes: number): number => (bytes + 63) & ~63;
/** Bytes of a row of float64 probabilities in the loss's scratch. */
export const PROB_ROW_BYTES = CLASSES * 8;
/** Float64 lane pairs per row (the loss works on two classes at a time). */
export const ROW_PAIRS = CLASSES / 2;

/** Byte address of the 256 float32 pixel scales (`byte / 255`). */
export const PIXEL_SCALES = 0;
/** Byte address of the compaction table: 256 rows of 8 bytes, after the pixel scales. */
export const COMPACTION_TABLE = PIXEL_SCALES + 256 * 4;
/** Byte address where the host's heap starts, after the compaction table. */
export const HEAP_START = COMPACTION_TABLE + 256 * 8;

/** Pages of the shared memory's maximum (2 GiB), which a shared memory must declare. */
export const SHARED_MAX_PAGES = 32768;
/** Bytes of a WebAssembly memory page. */
export const PAGE_BYTES = 65536;
