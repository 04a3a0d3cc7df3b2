/**
 * The WebAssembly SIMD kernels' host side: one module instance per backend, its memory managed as a
 * small first-fit heap holding each dataset's sparse entries and a reusable scratch block.
 *
 * With two threads the memory is shared with a Worker (`_simd_worker.ts`) that takes half of each
 * op: the forward pass splits by rows, the weight gradient by feature ranges, so every output
 * element is summed by one thread in the same order as single-threaded and results are identical.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import { type HostRows, PIXEL_SCALE } from "./_dense_kernels.ts";
import { COMPACTION_TABLE, compactionTable, SHARED_MAX_PAGES, simdModuleBytes } from "./_simd_module.ts";
import { CMD, CTL, touchRows } from "./_simd_worker.ts";
import type { SparseRows } from "./_sparse_rows.ts";

const PAGE = 65536;
const HEAP_START = COMPACTION_TABLE + 256 * 8; // below: the pixel scales and the compaction table

const cachedModules = new Map<boolean, WebAssembly.Module | null>();

/** The compiled module (shared-memory variant or not), or null when this runtime lacks it. */
function simdModule(shared = false): WebAssembly.Module | null {
  if (!cachedModules.has(shared)) {
    const bytes = simdModuleBytes(shared);
    cachedModules.set(
      shared,
      typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null,
    );
  }
  return cachedModules.get(shared) ?? null;
}

/** Whether this runtime can run the helper thread: Workers, shared memory and Atomics. */
export function threadsAvailable(): boolean {
  const g = globalThis as { Worker?: unknown; crossOriginIsolated?: boolean };
  return (
    typeof g.Worker === "function" &&
    typeof SharedArrayBuffer === "function" &&
    typeof Atomics === "object" &&
    g.crossOriginIsolated !== false &&
    simdModule(true) !== null
  );
}

/**
 * Fewer rows than this run on one thread: waking the helper costs tens of microseconds on a busy
 * machine, more than half of a 100-row op saves (measured with `pnpm bench`), so only evaluation-
 * sized ops are split.
 */
export const DEFAULT_SPLIT_ROWS = 512;

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
  /** Feature that splits the dataset's non-zero pixels about in half (the weight-gradient split). */
  readonly split: number;
}

type Kernel = (rows: number, n: number, a: number, b: number) => void;
type LossKernel = (
  z: number,
  labels: number,
  n: number,
  grad: number,
  out: number,
  args: number,
  mse: number,
  scratch: number,
  gscale: number,
) => void;
type ExpKernel = (src: number, dst: number, pairs: number) => void;

/** Bytes of images copied into module memory at a time while indexing. */
const INDEX_CHUNK_BYTES = 1 << 20;

/** One module instance: memory, heap and the two ten-class kernels. */
export class SimdKernels {
  readonly #memory: WebAssembly.Memory;
  readonly #forward: Kernel;
  readonly #backward: Kernel;
  readonly #count16: Kernel;
  readonly #fill16: Kernel;
  readonly #loss10: LossKernel;
  readonly #exp64: ExpKernel;
  /** Free blocks `[address, bytes]`, sorted by address; everything from `#top` up is free too. */
  #free: Array<[number, number]> = [];
  #top = HEAP_START;
  #scratch: [number, number] = [0, 0];
  #worker: Worker | null = null;
  #control: Int32Array | null = null;
  #mainThreadMayWait = true;
  #handoffs = 0;
  #splitRows = DEFAULT_SPLIT_ROWS;

  private constructor(module: WebAssembly.Module, shared: WebAssembly.Memory | null) {
    const exports = new WebAssembly.Instance(module, shared === null ? {} : { env: { memory: shared } })
      .exports;
    this.#memory = exports.memory as WebAssembly.Memory;
    this.#forward = exports.forward10 as Kernel;
    this.#backward = exports.backward10 as Kernel;
    this.#count16 = exports.count16 as Kernel;
    this.#fill16 = exports.fill16 as Kernel;
    this.#loss10 = exports.loss10 as LossKernel;
    this.#exp64 = exports.exp64 as ExpKernel;
    new Float32Array(this.#memory.buffer, 0, 256).set(PIXEL_SCALE);
    new Uint8Array(this.#memory.buffer, COMPACTION_TABLE, 256 * 8).set(compactionTable());
  }

  /**
   * A fresh instance, or null without WebAssembly SIMD.
   * @param threads 2 starts a helper Worker where {@link threadsAvailable}; otherwise one thread.
   * @param splitRows the fewest rows an op splits across the two threads.
   */
  static create(threads = 1, splitRows = DEFAULT_SPLIT_ROWS): SimdKernels | null {
    if (threads > 1 && threadsAvailable()) {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: SHARED_MAX_PAGES, shared: true });
      const kernels = new SimdKernels(simdModule(true) as WebAssembly.Module, memory);
      kernels.#splitRows = Math.max(2, splitRows);
      kernels.#spawn(memory);
      return kernels;
    }
    const module = simdModule();
    return module === null ? null : new SimdKernels(module, null);
  }

  /** Whether the helper thread has started and takes work. */
  get ready(): boolean {
    return this.#control !== null && Atomics.load(this.#control, CTL.ready) === 1;
  }

  /** How many op halves the helper thread has been handed (for tests and benchmarks). */
  get handoffs(): number {
    return this.#handoffs;
  }

  /** 2 when a helper thread runs (or is starting), else 1. */
  get threads(): number {
    return this.#worker === null ? 1 : 2;
  }

  /** Stops the helper thread, if any. */
  destroy(): void {
    if (this.#worker === null || this.#control === null) return;
    Atomics.store(this.#control, CTL.cmd, CMD.quit);
    Atomics.notify(this.#control, CTL.cmd);
    this.#worker.terminate();
    this.#worker = null;
    this.#control = null;
  }

  #spawn(memory: WebAssembly.Memory): void {
    this.#control = new Int32Array(new SharedArrayBuffer(CTL.length * 4));
    this.#worker = new Worker(new URL("./_simd_worker.ts", import.meta.url), { type: "module" });
    this.#worker.postMessage({ memory, control: this.#control.buffer });
  }

  /** Hands `kernel(a0, a1, a2, a3)` to the helper; false when there is none or it is not ready yet. */
  #post(cmd: number, a0: number, a1: number, a2: number, a3: number, touch: boolean): boolean {
    const ctl = this.#control;
    if (ctl === null || Atomics.load(ctl, CTL.ready) !== 1) return false;
    ctl[CTL.a0] = a0;
    ctl[CTL.a1] = a1;
    ctl[CTL.a2] = a2;
    ctl[CTL.a3] = a3;
    ctl[CTL.touch] = touch ? 1 : 0;
    Atomics.store(ctl, CTL.done, 0);
    Atomics.store(ctl, CTL.cmd, cmd);
    Atomics.notify(ctl, CTL.cmd);
    this.#handoffs++;
    return true;
  }

  /** Waits for the helper's half (blocking where the runtime allows it, spinning elsewhere). */
  #join(): void {
    const ctl = this.#control as Int32Array;
    while (Atomics.load(ctl, CTL.done) === 0) {
      if (!this.#mainThreadMayWait) continue;
      try {
        Atomics.wait(ctl, CTL.done, 0, 50);
      } catch {
        this.#mainThreadMayWait = false; // a browser's main thread may not block
      }
    }
  }

  /**
   * Builds a dataset's sparse index directly in module memory with SIMD byte compares, in one pass
   * over the images: each 1 MiB slice is copied into module memory, its rows' non-zero pixels are
   * counted, then written (branch-free, see `fill16`) to the entry array, which sits at the top of the
   * heap and grows as needed.
   * @returns the index, or null when `features` is not a multiple of 16 (use {@link upload}).
   */
  index(images: Uint8Array, count: number, features: number): SimdRows | null {
    if (features % 16 !== 0 || features === 0) return null;
    const per = Math.max(1, Math.floor(INDEX_CHUNK_BYTES / features));
    const start = new Uint32Array(count + 1);
    const [src, counts] = this.#layout([per * features, per * 4]);
    const ptr = this.#top; // nothing else allocates until the index is done
    for (let r0 = 0; r0 < count; r0 += per) {
      const n = Math.min(per, count - r0);
      new Uint8Array(this.#memory.buffer, src, n * features).set(
        images.subarray(r0 * features, (r0 + n) * features),
      );
      this.#count16(src, n, features / 16, counts);
      const c = new Uint32Array(this.#memory.buffer, counts, n);
      for (let i = 0; i < n; i++) start[r0 + i + 1] = start[r0 + i] + c[i];
      this.#growTop(ptr + start[r0 + n] * 4 + 32); // fill16 writes up to 28 bytes past the end
      this.#fill16(src, n, features / 16, ptr + start[r0] * 4);
    }
    this.#top = ptr + ((start[count] * 4 + 15) & ~15); // the slack past the end is free again
    return { start, ptr, length: start[count], split: this.#medianFeature(start, ptr, features) };
  }

  /** Moves the heap's top to `end`, growing the memory when needed (by at least an eighth). */
  #growTop(end: number): void {
    const have = this.#memory.buffer.byteLength;
    if (end > have) this.#memory.grow(Math.max(Math.ceil((end - have) / PAGE), have / PAGE / 8) | 0);
    this.#top = Math.max(this.#top, end);
  }

  /** The feature below which about half of the non-zero pixels of (up to 2,000 sampled) rows lie. */
  #medianFeature(start: Uint32Array, ptr: number, features: number): number {
    const count = start.length - 1;
    const hist = new Uint32Array(features);
    const words = new Uint32Array(this.#memory.buffer);
    const stride = Math.max(1, Math.floor(count / 2000));
    let total = 0;
    for (let r = 0; r < count; r += stride) {
      for (let j = start[r]; j < start[r + 1]; j++) hist[words[(ptr >>> 2) + j] >>> 8]++;
      total += start[r + 1] - start[r];
    }
    let seen = 0;
    for (let f = 0; f < features; f++) {
      seen += hist[f];
      if (2 * seen >= total) return f + 1;
    }
    return features;
  }

  /** Copies a sparse index of rows of `features` pixels into module memory. */
  upload(sp: SparseRows, features: number): SimdRows {
    const ptr = this.#alloc(sp.entries.length * 4);
    new Uint32Array(this.#memory.buffer, ptr, sp.entries.length).set(sp.entries);
    return {
      start: sp.start,
      ptr,
      length: sp.entries.length,
      split: this.#medianFeature(sp.start, ptr, features),
    };
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
    const shuffled = rows.order !== null;
    const h = this.#control !== null && n >= this.#splitRows ? this.#balancedSplit(rowsPtr, n) : n;
    if (h < n && this.#post(CMD.forward, rowsPtr + h * 8, n - h, wPtr, outPtr + h * 40, shuffled)) {
      if (shuffled) touchRows(buf, rowsPtr, h);
      this.#forward(rowsPtr, h, wPtr, outPtr);
      this.#join();
    } else {
      if (shuffled) touchRows(buf, rowsPtr, n);
      this.#forward(rowsPtr, n, wPtr, outPtr);
    }
    const z = new Float32Array(buf, outPtr, n * 10);
    for (let o = 0; o < n * 10; o += 10) for (let c = 0; c < 10; c++) out[o + c] = z[o + c] + b[c];
  }

  /** Ten-class `gw = Xᵀ·g`, `gb = Σ g` for the selected rows (overwrites both). */
  backward(sp: SimdRows, rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void {
    const n = rows.count;
    const [lowPtr, highPtr, gPtr, gwPtr] = this.#layout([n * 8, n * 8, n * 40, gw.length * 4]);
    this.#rowPairs(sp, rows, lowPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, gPtr, n * 10).set(g.subarray(0, n * 10));
    const acc = new Float32Array(buf, gwPtr, gw.length);
    acc.fill(0);
    const shuffled = rows.order !== null;
    const ready = this.#control !== null && Atomics.load(this.#control, CTL.ready) === 1;
    if (ready && n >= this.#splitRows) {
      // Features below the split on this thread, the rest on the helper: disjoint rows of gw.
      this.#splitPairs(lowPtr, highPtr, n, sp.split);
      const posted = this.#post(CMD.backward, highPtr, n, gPtr, gwPtr, shuffled);
      if (shuffled) touchRows(buf, lowPtr, n);
      this.#backward(lowPtr, n, gPtr, gwPtr);
      if (posted) this.#join();
      else this.#backward(highPtr, n, gPtr, gwPtr);
    } else {
      if (shuffled) touchRows(buf, lowPtr, n);
      this.#backward(lowPtr, n, gPtr, gwPtr);
    }
    gw.set(acc);
    for (let c = 0; c < 10; c++) {
      let s = 0;
      for (let o = c; o < n * 10; o += 10) s += g[o];
      gb[c] = s;
    }
  }

  /**
   * Ten-class softmax, loss, accuracy, confusion and logit gradient of the selected rows (see
   * `Backend.lossAndGrad` and the reference `lossRows` in `_loss.ts`), in float64 with the module's
   * own exp.
   * @returns the summed loss and the number of correct rows.
   */
  loss(
    kind: LossKind,
    z: Float32Array,
    labels: Uint8Array,
    rows: HostRows,
    grad: Float32Array | null,
    confusion: Uint32Array | null,
  ): [number, number] {
    const n = rows.count;
    const [zPtr, labelPtr, gradPtr, outPtr, argPtr, scratch] = this.#layout([
      n * 40,
      n * 4,
      n * 40,
      n * 8,
      n * 4,
      80,
    ]);
    const buf = this.#memory.buffer;
    new Float32Array(buf, zPtr, n * 10).set(z.subarray(0, n * 10));
    const y = new Uint32Array(buf, labelPtr, n);
    const { order, offset } = rows;
    for (let i = 0; i < n; i++) y[i] = labels[order === null ? offset + i : order[offset + i]];
    const mse = kind === "mse";
    const gscale = mse ? 2 / (n * 10) : 1 / n;
    this.#loss10(
      zPtr,
      labelPtr,
      n,
      grad === null ? 0 : gradPtr,
      outPtr,
      argPtr,
      mse ? 1 : 0,
      scratch,
      gscale,
    );
    const out = new Float64Array(buf, outPtr, n);
    const args = new Uint32Array(buf, argPtr, n);
    let lossSum = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const label = y[i];
      const arg = args[i];
      if (arg === label) correct++;
      if (confusion !== null) confusion[label * 10 + arg]++;
      // Cross-entropy: log Σ e + max − z_y, the sum from the module (the host's log, once a row).
      lossSum += mse ? out[i] : Math.log(out[i]) + z[i * 10 + arg] - z[i * 10 + label];
    }
    if (grad !== null) grad.set(new Float32Array(buf, gradPtr, n * 10));
    return [lossSum, correct];
  }

  /**
   * The module's exp of each value (for tests of its accuracy): flushed to 0 below −708.
   * @param x float64 values.
   * @returns their exps.
   */
  exp(x: Float64Array): Float64Array {
    const pairs = (x.length + 1) >> 1;
    const [src, dst] = this.#layout([pairs * 16, pairs * 16]);
    new Float64Array(this.#memory.buffer, src, x.length).set(x);
    this.#exp64(src, dst, pairs);
    return new Float64Array(this.#memory.buffer, dst, x.length).slice();
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
  }

  /** The row index that splits the listed rows' entries about in half. */
  #balancedSplit(pairsAt: number, n: number): number {
    const pairs = new Uint32Array(this.#memory.buffer, pairsAt, 2 * n);
    let total = 0;
    for (let i = 0; i < 2 * n; i += 2) total += pairs[i + 1] - pairs[i];
    let seen = 0;
    for (let i = 0; i < n; i++) {
      seen += pairs[2 * i + 1] - pairs[2 * i];
      if (2 * seen >= total) return i + 1;
    }
    return n;
  }

  /**
   * Splits each row `[begin, end)` at its first entry whose feature is `split` or more:
   * the low list keeps `[begin, mid)`, the high list gets `[mid, end)`.
   */
  #splitPairs(lowAt: number, highAt: number, n: number, split: number): void {
    const words = new Uint32Array(this.#memory.buffer);
    const low = lowAt >>> 2;
    const high = highAt >>> 2;
    const key = split << 8;
    for (let i = 0; i < 2 * n; i += 2) {
      let lo = words[low + i] >>> 2;
      let hi = words[low + i + 1] >>> 2;
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (words[mid] < key) lo = mid + 1;
        else hi = mid;
      }
      words[high + i] = lo << 2;
      words[high + i + 1] = end << 2;
      words[low + i + 1] = lo << 2;
    }
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
