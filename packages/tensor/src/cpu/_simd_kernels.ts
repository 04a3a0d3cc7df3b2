/**
 * The WebAssembly SIMD kernels' host side: one module instance per backend, its memory managed as a
 * small first-fit heap holding each dataset's sparse entries and a reusable scratch block.
 *
 * Runtime-neutral.
 * @module
 */
import { type HostRows, PIXEL_SCALE } from "./_dense_kernels.ts";
import { simdModuleBytes } from "./_simd_module.ts";
import type { SparseRows } from "./_sparse_rows.ts";

const PAGE = 65536;
const HEAP_START = 1024; // below: the pixel scale table

let cachedModule: WebAssembly.Module | null | undefined;

/** The compiled module, or null when this runtime lacks WebAssembly SIMD. */
function simdModule(): WebAssembly.Module | null {
  if (cachedModule === undefined) {
    const bytes = simdModuleBytes();
    cachedModule =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)
        ? new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)
        : null;
  }
  return cachedModule;
}

/** Whether {@link SimdKernels.create} can succeed here. */
export function simdAvailable(): boolean {
  return simdModule() !== null;
}

/** A dataset's sparse index with its entries in module memory. */
export interface SimdRows {
  readonly start: Uint32Array;
  /** Byte address of the first entry. */
  readonly ptr: number;
  readonly length: number;
}

type Kernel = (rows: number, n: number, a: number, b: number) => void;

/** Bytes of images copied into module memory at a time while indexing. */
const INDEX_CHUNK_BYTES = 1 << 20;

/** One module instance: memory, heap and the two ten-class kernels. */
export class SimdKernels {
  readonly #memory: WebAssembly.Memory;
  readonly #forward: Kernel;
  readonly #backward: Kernel;
  readonly #count16: Kernel;
  readonly #fill16: Kernel;
  /** Free blocks `[address, bytes]`, sorted by address; everything from `#top` up is free too. */
  #free: Array<[number, number]> = [];
  #top = HEAP_START;
  #scratch: [number, number] = [0, 0];

  private constructor(module: WebAssembly.Module) {
    const exports = new WebAssembly.Instance(module).exports;
    this.#memory = exports.memory as WebAssembly.Memory;
    this.#forward = exports.forward10 as Kernel;
    this.#backward = exports.backward10 as Kernel;
    this.#count16 = exports.count16 as Kernel;
    this.#fill16 = exports.fill16 as Kernel;
    new Float32Array(this.#memory.buffer, 0, 256).set(PIXEL_SCALE);
  }

  /** A fresh instance, or null without WebAssembly SIMD. */
  static create(): SimdKernels | null {
    const module = simdModule();
    return module === null ? null : new SimdKernels(module);
  }

  /**
   * Builds a dataset's sparse index directly in module memory with SIMD byte compares, copying the
   * images in 1 MiB slices (count pass, then fill pass).
   * @returns the index, or null when `features` is not a multiple of 16 (use {@link upload}).
   */
  index(images: Uint8Array, count: number, features: number): SimdRows | null {
    if (features % 16 !== 0 || features === 0) return null;
    const per = Math.max(1, Math.floor(INDEX_CHUNK_BYTES / features));
    const start = new Uint32Array(count + 1);
    const [src, counts] = this.#layout([per * features, per * 4]);
    const slices = (each: (r0: number, n: number) => void) => {
      for (let r0 = 0; r0 < count; r0 += per) {
        const n = Math.min(per, count - r0);
        new Uint8Array(this.#memory.buffer, src, n * features).set(
          images.subarray(r0 * features, (r0 + n) * features),
        );
        each(r0, n);
      }
    };
    slices((r0, n) => {
      this.#count16(src, n, features / 16, counts);
      const c = new Uint32Array(this.#memory.buffer, counts, n);
      for (let i = 0; i < n; i++) start[r0 + i + 1] = start[r0 + i] + c[i];
    });
    const ptr = this.#alloc(start[count] * 4);
    slices((r0, n) => this.#fill16(src, n, features / 16, ptr + start[r0] * 4));
    return { start, ptr, length: start[count] };
  }

  /** Copies a sparse index into module memory. */
  upload(sp: SparseRows): SimdRows {
    const ptr = this.#alloc(sp.entries.length * 4);
    new Uint32Array(this.#memory.buffer, ptr, sp.entries.length).set(sp.entries);
    return { start: sp.start, ptr, length: sp.entries.length };
  }

  /** Frees a dataset's entries. */
  release(rows: SimdRows): void {
    this.#release(rows.ptr, rows.length * 4);
  }

  /** The index as {@link SparseRows} viewing module memory (valid until the next allocation). */
  view(rows: SimdRows): SparseRows {
    return { start: rows.start, entries: new Uint32Array(this.#memory.buffer, rows.ptr, rows.length) };
  }

  /** Ten-class `out = X·W + b` for the selected rows. */
  forward(sp: SimdRows, rows: HostRows, w: Float32Array, b: Float32Array, out: Float32Array): void {
    const n = rows.count;
    const [rowsPtr, wPtr, outPtr] = this.#layout([n * 8, w.length * 4, n * 40]);
    this.#rowPairs(sp, rows, rowsPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, wPtr, w.length).set(w);
    this.#forward(rowsPtr, n, wPtr, outPtr);
    const z = new Float32Array(buf, outPtr, n * 10);
    for (let o = 0; o < n * 10; o += 10) for (let c = 0; c < 10; c++) out[o + c] = z[o + c] + b[c];
  }

  /** Ten-class `gw = Xᵀ·g`, `gb = Σ g` for the selected rows (overwrites both). */
  backward(sp: SimdRows, rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void {
    const n = rows.count;
    const [rowsPtr, gPtr, gwPtr] = this.#layout([n * 8, n * 40, gw.length * 4]);
    this.#rowPairs(sp, rows, rowsPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, gPtr, n * 10).set(g.subarray(0, n * 10));
    const acc = new Float32Array(buf, gwPtr, gw.length);
    acc.fill(0);
    this.#backward(rowsPtr, n, gPtr, gwPtr);
    gw.set(acc);
    for (let c = 0; c < 10; c++) {
      let s = 0;
      for (let o = c; o < n * 10; o += 10) s += g[o];
      gb[c] = s;
    }
  }

  /** Byte-address pairs `[begin, end)` of each selected row's entries. */
  #rowPairs(sp: SimdRows, rows: HostRows, at: number): void {
    const pairs = new Uint32Array(this.#memory.buffer, at, rows.count * 2);
    const { order, offset } = rows;
    const { start, ptr } = sp;
    for (let i = 0; i < rows.count; i++) {
      const r = order === null ? offset + i : order[offset + i];
      pairs[2 * i] = ptr + start[r] * 4;
      pairs[2 * i + 1] = ptr + start[r + 1] * 4;
    }
    if (order !== null) this.#touch(pairs, rows.count);
  }

  /**
   * Loads one word per cache line of every selected row before the kernel runs: shuffled rows are
   * scattered over tens of MiB, and these independent loads let the CPU fetch them in parallel
   * instead of stalling on each row in turn inside the kernel.
   */
  #touch(pairs: Uint32Array, n: number): void {
    const words = new Uint32Array(this.#memory.buffer);
    let sum = 0;
    for (let i = 0; i < 2 * n; i += 2) {
      for (let a = pairs[i] >>> 2, end = pairs[i + 1] >>> 2; a < end; a += 16) sum += words[a];
    }
    if (sum < 0) throw new RangeError("Cannot index rows: corrupt sparse index");
  }

  /** Addresses of consecutive 16-byte-aligned scratch regions of the given sizes. */
  #layout(sizes: readonly number[]): number[] {
    const rounded = sizes.map((s) => (s + 15) & ~15);
    const total = rounded.reduce((a, s) => a + s, 0);
    if (this.#scratch[1] < total) {
      if (this.#scratch[1] > 0) this.#release(...this.#scratch);
      this.#scratch = [this.#alloc(total), total];
    }
    const out: number[] = [];
    let p = this.#scratch[0];
    for (const s of rounded) {
      out.push(p);
      p += s;
    }
    return out;
  }

  #alloc(bytes: number): number {
    const size = (bytes + 15) & ~15;
    for (let i = 0; i < this.#free.length; i++) {
      const [at, free] = this.#free[i];
      if (free < size) continue;
      if (free === size) this.#free.splice(i, 1);
      else this.#free[i] = [at + size, free - size];
      return at;
    }
    const at = this.#top;
    const need = at + size - this.#memory.buffer.byteLength;
    if (need > 0) this.#memory.grow(Math.ceil(need / PAGE));
    this.#top = at + size;
    return at;
  }

  #release(at: number, bytes: number): void {
    const size = (bytes + 15) & ~15;
    this.#free.push([at, size]);
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
