/**
 * A dataset's sparse index in the SIMD module's memory: built there from the images with SIMD byte
 * compares (`index16`) or copied in from a {@link SparseRows}, and the list of the selected rows'
 * entry ranges that every kernel call starts from.
 *
 * Runtime-neutral.
 * @module
 */
import type { HostRows } from "./_dense_kernels.ts";
import type { IndexKernel } from "./_simd_exports.ts";
import type { SparseRows } from "./_sparse_rows.ts";
import type { WasmHeap } from "./_wasm_heap.ts";

/** A dataset's sparse index with its entries in module memory. */
export interface SimdRows {
  readonly start: Uint32Array;
  /** Byte address of the first entry. */
  readonly ptr: number;
  readonly length: number;
  /** Pixels per row. */
  readonly features: number;
  /**
   * Feature that splits the dataset's non-zero pixels about in half (the weight-gradient split with
   * two threads); −1 until the first split needs it.
   */
  split: number;
}

/** Bytes of images copied into module memory at a time while indexing. */
const INDEX_CHUNK_BYTES = 1 << 20;

/**
 * Builds a dataset's sparse index directly in module memory with SIMD byte compares, in one pass
 * over the images: each 1 MiB slice is copied into module memory and its rows' non-zero pixels are
 * written (branch-free, see `index16`) to the entry array, which sits at the top of the heap with
 * room for the slice's every pixel, and shrinks to what was written at the end.
 * @returns the index, or null when `features` is not a multiple of 16 (use {@link uploadIndex}).
 */
export function indexImages(
  memory: WebAssembly.Memory,
  heap: WasmHeap,
  index16: IndexKernel,
  images: Uint8Array,
  count: number,
  features: number,
): SimdRows | null {
  if (features % 16 !== 0 || features === 0) return null;
  const per = Math.max(1, Math.floor(INDEX_CHUNK_BYTES / features));
  const start = new Uint32Array(count + 1);
  const [src, ends] = heap.layout([per * features, per * 4]);
  const ptr = heap.top; // nothing else allocates until the index is done
  let at = ptr;
  for (let r0 = 0; r0 < count; r0 += per) {
    const n = Math.min(per, count - r0);
    // Room for an entry per pixel, plus the 28 bytes index16 may write past the last.
    heap.setTop(at + n * features * 4 + 32);
    const buf = memory.buffer;
    new Uint8Array(buf, src, n * features).set(images.subarray(r0 * features, (r0 + n) * features));
    index16(src, n, features / 16, at, ends);
    const e = new Uint32Array(buf, ends, n);
    for (let i = 0; i < n; i++) start[r0 + i + 1] = (e[i] - ptr) >>> 2;
    at = e[n - 1];
  }
  heap.setTop(ptr + ((start[count] * 4 + 15) & ~15)); // the slack past the end is free again
  return { start, ptr, length: start[count], features, split: -1 };
}

/** Copies a sparse index of rows of `features` pixels into module memory. */
export function uploadIndex(
  memory: WebAssembly.Memory,
  heap: WasmHeap,
  sp: SparseRows,
  features: number,
): SimdRows {
  const ptr = heap.alloc(sp.entries.length * 4);
  new Uint32Array(memory.buffer, ptr, sp.entries.length).set(sp.entries);
  return { start: sp.start, ptr, length: sp.entries.length, features, split: -1 };
}

/** Writes at `at` the byte-address pairs `[begin, end)` of each selected row's entries. */
export function writeRowPairs(memory: WebAssembly.Memory, sp: SimdRows, rows: HostRows, at: number): void {
  const pairs = new Uint32Array(memory.buffer, at, rows.count * 2);
  const { order, offset } = rows;
  const { start, ptr } = sp;
  for (let i = 0; i < rows.count; i++) {
    const r = order === null ? offset + i : order[offset + i];
    pairs[2 * i] = ptr + start[r] * 4;
    pairs[2 * i + 1] = ptr + start[r + 1] * 4;
  }
}
