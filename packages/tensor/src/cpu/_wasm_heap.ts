/**
 * A first-fit heap over a WebAssembly memory, with one reusable scratch block that an op carves into
 * consecutive 16-byte-aligned regions. Addresses are byte offsets into the memory; blocks are 16-byte
 * aligned so SIMD loads never straddle them.
 *
 * Runtime-neutral.
 * @module
 */
import { PAGE_BYTES } from "./_simd_layout.ts";

const align16 = (bytes: number): number => (bytes + 15) & ~15;

/** Allocator of one WebAssembly memory from `start` up. */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  /** Free blocks `[address, bytes]`, sorted by address; everything from `#top` up is free too. */
  #free: Array<[number, number]> = [];
  #top: number;
  #scratch: [number, number] = [0, 0];

  constructor(memory: WebAssembly.Memory, start: number) {
    this.#memory = memory;
    this.#top = start;
  }

  /** The address above every allocated block. */
  get top(): number {
    return this.#top;
  }

  /**
   * Moves the top to `end` (up or down), growing the memory when needed (by at least an eighth).
   * For a caller that writes a growing block at the top and nothing else allocates meanwhile.
   */
  setTop(end: number): void {
    const have = this.#memory.buffer.byteLength;
    if (end > have)
      this.#memory.grow(Math.max(Math.ceil((end - have) / PAGE_BYTES), have / PAGE_BYTES / 8) | 0);
    this.#top = end;
  }

  /** Addresses of consecutive 16-byte-aligned scratch regions of the given sizes (valid until the next call). */
  layout(sizes: readonly number[]): number[] {
    const rounded = sizes.map(align16);
    const total = rounded.reduce((a, s) => a + s, 0);
    if (this.#scratch[1] < total) {
      if (this.#scratch[1] > 0) this.release(...this.#scratch);
      this.#scratch = [this.alloc(total), total];
    }
    const out: number[] = [];
    let p = this.#scratch[0];
    for (const s of rounded) {
      out.push(p);
      p += s;
    }
    return out;
  }

  /** A block of at least `bytes`, first fit. */
  alloc(bytes: number): number {
    const size = align16(bytes);
    for (let i = 0; i < this.#free.length; i++) {
      const [at, free] = this.#free[i];
      if (free < size) continue;
      if (free === size) this.#free.splice(i, 1);
      else this.#free[i] = [at + size, free - size];
      return at;
    }
    const at = this.#top;
    const need = at + size - this.#memory.buffer.byteLength;
    if (need > 0) this.#memory.grow(Math.ceil(need / PAGE_BYTES));
    this.#top = at + size;
    return at;
  }

  /** Frees the block at `at` of `bytes`, merging neighbours and lowering the top where it can. */
  release(at: number, bytes: number): void {
    this.#free.push([at, align16(bytes)]);
    this.#free.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const block of this.#free) {
      const last = merged[merged.length - 1];
      if (last !== undefined && last[0] + last[1] === block[0]) last[1] += block[1];
      else merged.push([block[0], block[1]]);
    }
    const last = merged[merged.length - 1];
    if (last !== undefined && last[0] + last[1] === this.#top) {
      this.#top = last[0];
      merged.pop();
    }
    this.#free = merged;
  }
}
