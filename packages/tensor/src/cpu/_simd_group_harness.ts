// Test and benchmark helper (excluded from the build): one raw instance of the SIMD module with a
// dataset's sparse entries in its memory, so the group kernels can be compared with the single ones
// address for address.
import { PIXEL_SCALE } from "./_dense_kernels.ts";
import { groupScratchBytes } from "./_simd_group.ts";
import { HEAP_START, PAGE_BYTES, PIXEL_SCALES, ROW_BYTES } from "./_simd_layout.ts";
import { simdModuleBytes } from "./_simd_module.ts";
import { buildSparseRows } from "./_sparse_rows.ts";

type Fn = (...args: number[]) => void;

/** The module's exports by name, its memory, and a bump allocator from the heap start. */
export class RawModule {
  readonly memory: WebAssembly.Memory;
  readonly fn: Record<string, Fn>;
  #top = HEAP_START;

  constructor() {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(simdModuleBytes())).exports;
    this.memory = exports.memory as WebAssembly.Memory;
    this.fn = exports as unknown as Record<string, Fn>;
    new Float32Array(this.memory.buffer, PIXEL_SCALES, 256).set(PIXEL_SCALE);
  }

  /** A 16-byte-aligned block of `bytes`, growing the memory as needed. */
  alloc(bytes: number): number {
    const at = this.#top;
    this.#top += (bytes + 15) & ~15;
    const need = this.#top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE_BYTES));
    return at;
  }

  /** Copies `a` into a fresh block; returns its address. */
  put(a: Float32Array | Uint32Array): number {
    const at = this.alloc(a.byteLength);
    new Uint8Array(this.memory.buffer, at, a.byteLength).set(
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    );
    return at;
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, length);
  }
}

/** A dataset's entries in a raw module, and the row lists and scratch of its selections. */
export class RawRows {
  readonly raw: RawModule;
  readonly start: Uint32Array;
  readonly ptr: number;
  readonly features: number;

  constructor(raw: RawModule, images: Uint8Array, count: number, features: number) {
    const sp = buildSparseRows(images, count, features);
    this.raw = raw;
    this.start = sp.start;
    this.ptr = raw.put(sp.entries);
    this.features = features;
  }

  /** The `[begin, end)` byte-address pairs of the selected rows, at a fresh address. */
  list(selection: readonly number[] | Uint32Array): number {
    const pairs = new Uint32Array(2 * selection.length);
    selection.forEach((r, i) => {
      pairs[2 * i] = this.ptr + this.start[r] * 4;
      pairs[2 * i + 1] = this.ptr + this.start[r + 1] * 4;
    });
    return this.raw.put(pairs);
  }

  /** Scratch for the group kernels over `n` rows. */
  scratch(n: number): number {
    return this.raw.alloc(groupScratchBytes(n, this.features));
  }
}

/** Bytes of one model's `n` logit rows. */
export const rowsBytes = (n: number): number => n * ROW_BYTES;
