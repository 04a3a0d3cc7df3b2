/**
 * The WebAssembly SIMD kernels' ops: one module instance per backend, each dataset's sparse entries
 * and every op's operands in its memory ({@link WasmHeap}).
 *
 * With two threads the memory is shared with a helper Worker ({@link HelperThread}) that takes half of
 * each op: the forward pass splits by rows, the weight gradient by feature ranges, so every output
 * element is summed by one thread in the same order as single-threaded and results are identical.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import { type HostRows, PIXEL_SCALE } from "./_dense_kernels.ts";
import { GroupQueue } from "./_group_queue.ts";
import { HelperThread } from "./_helper_thread.ts";
import {
  type ExpKernel,
  type GroupKernel,
  type IndexKernel,
  type LossKernel,
  type RowKernel,
  type RowsKernel,
  type SgdKernel,
  type SimdExports,
  simdExports,
} from "./_simd_exports.ts";
import { groupScratchBytes } from "./_simd_group.ts";
import { type GroupOp, runGroupOp } from "./_simd_group_ops.ts";
import {
  CLASSES,
  COMPACTION_TABLE,
  HEAP_START,
  PIXEL_SCALES,
  PROB_ROW_BYTES,
  ROW_BYTES,
  SHARED_MAX_PAGES,
} from "./_simd_layout.ts";
import { loss10Sums } from "./_simd_loss.ts";
import { compactionTable, simdModuleBytes } from "./_simd_module.ts";
import { CMD, touchRows } from "./_simd_protocol.ts";
import { balancedSplit, medianFeature, splitPairs } from "./_simd_split.ts";
import type { SparseRows } from "./_sparse_rows.ts";
import { WasmHeap } from "./_wasm_heap.ts";

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

/** One module instance: memory, heap and the ten-class kernels. */
export class SimdKernels {
  readonly #memory: WebAssembly.Memory;
  readonly #heap: WasmHeap;
  readonly #forward: RowKernel;
  readonly #backward: RowKernel;
  readonly #forwardK: GroupKernel;
  readonly #backwardK: GroupKernel;
  readonly #sgdK: SgdKernel;
  readonly #biasK: RowsKernel;
  readonly #gbK: RowsKernel;
  readonly #index16: IndexKernel;
  readonly #loss10: LossKernel;
  readonly #exp64: ExpKernel;
  readonly #exports: SimdExports;
  /** The buffers of the shared memory that {@link allocShared} views were made on. */
  readonly #shared = new WeakSet<ArrayBufferLike>();
  #helper: HelperThread | null = null;
  #queue: GroupQueue | null = null;
  #splitRows = DEFAULT_SPLIT_ROWS;

  private constructor(module: WebAssembly.Module, shared: WebAssembly.Memory | null) {
    const exports = simdExports(
      new WebAssembly.Instance(module, shared === null ? {} : { env: { memory: shared } }),
    );
    this.#memory = exports.memory;
    this.#exports = exports;
    this.#forward = exports.forward10;
    this.#backward = exports.backward10;
    this.#forwardK = exports.forwardK;
    this.#backwardK = exports.backwardK;
    this.#sgdK = exports.sgdK;
    this.#biasK = exports.biasK;
    this.#gbK = exports.gbK;
    this.#index16 = exports.index16;
    this.#loss10 = exports.loss10;
    this.#exp64 = exports.exp64;
    this.#heap = new WasmHeap(this.#memory, HEAP_START);
    new Float32Array(this.#memory.buffer, PIXEL_SCALES, 256).set(PIXEL_SCALE);
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
      kernels.#helper = new HelperThread(memory);
      kernels.#queue = new GroupQueue(kernels.#heap, kernels.#helper);
      return kernels;
    }
    const module = simdModule();
    return module === null ? null : new SimdKernels(module, null);
  }

  /** Whether the helper thread has started and takes work. */
  get ready(): boolean {
    return this.#helper?.ready ?? false;
  }

  /** How many op halves and group ops the helper thread has been handed (for tests and benchmarks). */
  get handoffs(): number {
    return this.#helper?.handoffs ?? 0;
  }

  /** How many chunks of group ops the helper thread has run (for tests and benchmarks). */
  get helperChunks(): number {
    return this.#helper?.helperChunks ?? 0;
  }

  /** The queue of training steps the helper takes part of (with a helper; for tests and benchmarks). */
  get groupQueue(): GroupQueue | null {
    return this.#queue;
  }

  /** 2 when a helper thread runs (or is starting), else 1 (also when its Worker failed to load). */
  get threads(): number {
    return this.#helper === null || this.#helper.loadFailed ? 1 : 2;
  }

  /**
   * A zeroed float32 array of `length` in the shared module memory, where both threads reach it
   * (the group ops' parameters and state), or null with one thread (a growing memory that is not
   * shared moves, so nothing lasting lives in it).
   */
  allocShared(length: number): Float32Array | null {
    if (this.#helper === null || length === 0) return null;
    const at = this.#heap.alloc(length * 4);
    const view = new Float32Array(this.#memory.buffer, at, length);
    this.#shared.add(view.buffer);
    view.fill(0); // a freed block holds old values
    return view;
  }

  /** Frees an array from {@link allocShared}. */
  releaseShared(view: Float32Array): void {
    this.#heap.release(view.byteOffset, view.byteLength);
  }

  /** Whether `view` lies in this instance's shared memory (from {@link allocShared}). */
  holds(view: Float32Array): boolean {
    return this.#shared.has(view.buffer);
  }

  /**
   * A group op (`trainStepGroup`, `evaluateGroup`) over the rows of `sp`, its members split between
   * the two threads; its tensors must be {@link allocShared} arrays of this instance. A training step
   * may return while the helper still runs its part: {@link drain} before touching its tensors.
   */
  runGroup(sp: SimdRows, op: GroupOp): void {
    runGroupOp(
      {
        memory: this.#memory,
        heap: this.#heap,
        kernels: this.#exports,
        helper: this.#helper,
        queue: this.#queue,
        holds: (view) => this.holds(view),
        rowPairs: (rows, at) => this.#rowPairs(sp, rows, at),
      },
      op,
    );
  }

  /**
   * Waits for the training steps the helper thread still runs (`runGroup` queues them): before
   * anything else reads or writes memory they may touch.
   * @throws {Error} when the helper failed to run one.
   */
  drain(): void {
    this.#helper?.drain();
  }

  /** Stops the helper thread, if any. */
  destroy(): void {
    this.#helper?.stop();
    this.#helper = null;
    this.#queue = null;
  }

  /**
   * Builds a dataset's sparse index directly in module memory with SIMD byte compares, in one pass
   * over the images: each 1 MiB slice is copied into module memory and its rows' non-zero pixels are
   * written (branch-free, see `index16`) to the entry array, which sits at the top of the heap with
   * room for the slice's every pixel, and shrinks to what was written at the end.
   * @returns the index, or null when `features` is not a multiple of 16 (use {@link upload}).
   */
  index(images: Uint8Array, count: number, features: number): SimdRows | null {
    if (features % 16 !== 0 || features === 0) return null;
    const per = Math.max(1, Math.floor(INDEX_CHUNK_BYTES / features));
    const start = new Uint32Array(count + 1);
    const [src, ends] = this.#heap.layout([per * features, per * 4]);
    const ptr = this.#heap.top; // nothing else allocates until the index is done
    let at = ptr;
    for (let r0 = 0; r0 < count; r0 += per) {
      const n = Math.min(per, count - r0);
      // Room for an entry per pixel, plus the 28 bytes index16 may write past the last.
      this.#heap.setTop(at + n * features * 4 + 32);
      const buf = this.#memory.buffer;
      new Uint8Array(buf, src, n * features).set(images.subarray(r0 * features, (r0 + n) * features));
      this.#index16(src, n, features / 16, at, ends);
      const e = new Uint32Array(buf, ends, n);
      for (let i = 0; i < n; i++) start[r0 + i + 1] = (e[i] - ptr) >>> 2;
      at = e[n - 1];
    }
    this.#heap.setTop(ptr + ((start[count] * 4 + 15) & ~15)); // the slack past the end is free again
    return { start, ptr, length: start[count], features, split: -1 };
  }

  /** Copies a sparse index of rows of `features` pixels into module memory. */
  upload(sp: SparseRows, features: number): SimdRows {
    const ptr = this.#heap.alloc(sp.entries.length * 4);
    new Uint32Array(this.#memory.buffer, ptr, sp.entries.length).set(sp.entries);
    return { start: sp.start, ptr, length: sp.entries.length, features, split: -1 };
  }

  /** Frees a dataset's entries. */
  release(rows: SimdRows): void {
    this.#heap.release(rows.ptr, rows.length * 4);
  }

  /** The index as {@link SparseRows} viewing module memory (valid until the next allocation). */
  view(rows: SimdRows): SparseRows {
    return { start: rows.start, entries: new Uint32Array(this.#memory.buffer, rows.ptr, rows.length) };
  }

  /** Ten-class `out = X·W + b` for the selected rows. */
  forward(sp: SimdRows, rows: HostRows, w: Float32Array, b: Float32Array, out: Float32Array): void {
    const n = rows.count;
    const [rowsPtr, wPtr, outPtr] = this.#heap.layout([n * 8, w.length * 4, n * ROW_BYTES]);
    this.#rowPairs(sp, rows, rowsPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, wPtr, w.length).set(w);
    const shuffled = rows.order !== null;
    const helper = this.#helper;
    const h = helper !== null && n >= this.#splitRows ? balancedSplit(this.#memory.buffer, rowsPtr, n) : n;
    if (h < n && helper?.post(CMD.forward, rowsPtr + h * 8, n - h, wPtr, outPtr + h * ROW_BYTES, shuffled)) {
      if (shuffled) touchRows(buf, rowsPtr, h);
      this.#forward(rowsPtr, h, wPtr, outPtr);
      helper.join();
    } else {
      if (shuffled) touchRows(buf, rowsPtr, n);
      this.#forward(rowsPtr, n, wPtr, outPtr);
    }
    const z = new Float32Array(buf, outPtr, n * CLASSES);
    for (let o = 0; o < n * CLASSES; o += CLASSES)
      for (let c = 0; c < CLASSES; c++) out[o + c] = z[o + c] + b[c];
  }

  /** Ten-class `gw = Xᵀ·g`, `gb = Σ g` for the selected rows (overwrites both). */
  backward(sp: SimdRows, rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void {
    const n = rows.count;
    const [lowPtr, highPtr, gPtr, gwPtr] = this.#heap.layout([n * 8, n * 8, n * ROW_BYTES, gw.length * 4]);
    this.#rowPairs(sp, rows, lowPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, gPtr, n * CLASSES).set(g.subarray(0, n * CLASSES));
    const acc = new Float32Array(buf, gwPtr, gw.length);
    acc.fill(0);
    const shuffled = rows.order !== null;
    const helper = this.#helper;
    if (helper?.ready && n >= this.#splitRows) {
      // Features below the split on this thread, the rest on the helper: disjoint rows of gw.
      if (sp.split < 0) sp.split = medianFeature(this.#memory.buffer, sp.start, sp.ptr, sp.features);
      splitPairs(this.#memory.buffer, lowPtr, highPtr, n, sp.split);
      const posted = helper.post(CMD.backward, highPtr, n, gPtr, gwPtr, shuffled);
      if (shuffled) touchRows(buf, lowPtr, n);
      this.#backward(lowPtr, n, gPtr, gwPtr);
      if (posted) helper.join();
      else this.#backward(highPtr, n, gPtr, gwPtr);
    } else {
      if (shuffled) touchRows(buf, lowPtr, n);
      this.#backward(lowPtr, n, gPtr, gwPtr);
    }
    gw.set(acc);
    for (let c = 0; c < CLASSES; c++) {
      let s = 0;
      for (let o = c; o < n * CLASSES; o += CLASSES) s += g[o];
      gb[c] = s;
    }
  }

  /**
   * {@link forward} of `K` ten-class models stacked in `w` and `b` on the same rows: the rows are
   * listed once, every model's weights are copied in at once and `forwardK` runs them all, decoding
   * each row once; each model's logits are bit-identical to {@link forward}'s (one thread).
   * Model `k`'s logits go to `out[k·n·10 …)`.
   */
  forwardGroup(
    sp: SimdRows,
    rows: HostRows,
    K: number,
    w: Float32Array,
    b: Float32Array,
    out: Float32Array,
  ): void {
    const n = rows.count;
    const FC = w.length / K;
    const [rowsPtr, wPtr, bPtr, outPtr, scratch] = this.#heap.layout([
      n * 8,
      w.length * 4,
      b.length * 4,
      K * n * ROW_BYTES,
      groupScratchBytes(n, sp.features),
    ]);
    this.#rowPairs(sp, rows, rowsPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, wPtr, w.length).set(w);
    new Float32Array(buf, bPtr, b.length).set(b);
    if (rows.order !== null) touchRows(buf, rowsPtr, n);
    this.#forwardK(rowsPtr, n, K, wPtr, FC * 4, outPtr, scratch);
    this.#biasK(outPtr, n, K, bPtr);
    out.set(new Float32Array(buf, outPtr, K * n * CLASSES));
  }

  /**
   * {@link backward} of `K` ten-class models on the same rows: model `k`'s logit gradient at
   * `g[k·n·10 …)`, its weight and bias gradients at `gw[k·F·10 …)` and `gb[k·10 …)`; `backwardK`
   * decodes each row once for all models, and each model's sums run in the same order as
   * {@link backward}'s, so they are bit-identical.
   */
  backwardGroup(
    sp: SimdRows,
    rows: HostRows,
    K: number,
    g: Float32Array,
    gw: Float32Array,
    gb: Float32Array,
  ): void {
    const n = rows.count;
    const FC = gw.length / K;
    const nC = n * CLASSES;
    const [rowsPtr, gPtr, gwPtr, gbPtr, scratch] = this.#heap.layout([
      n * 8,
      K * n * ROW_BYTES,
      gw.length * 4,
      gb.length * 4,
      groupScratchBytes(n, sp.features),
    ]);
    this.#rowPairs(sp, rows, rowsPtr);
    const buf = this.#memory.buffer;
    new Float32Array(buf, gPtr, K * nC).set(g.subarray(0, K * nC));
    const acc = new Float32Array(buf, gwPtr, gw.length);
    acc.fill(0);
    if (rows.order !== null) touchRows(buf, rowsPtr, n);
    this.#backwardK(rowsPtr, n, K, gPtr, gwPtr, FC * 4, scratch);
    gw.set(acc);
    this.#gbK(gPtr, n, K, gbPtr);
    gb.set(new Float32Array(buf, gbPtr, gb.length));
  }

  /**
   * Ten-class softmax, loss, accuracy, confusion and logit gradient of the selected rows (see
   * `Backend.lossAndGrad` and the TypeScript `lossRows` in `_loss.ts`), in float64 with the module's
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
    const [zPtr, labelPtr, gradPtr, outPtr, argPtr, scratch] = this.#heap.layout([
      n * ROW_BYTES,
      n * 4,
      n * ROW_BYTES,
      n * 8,
      n * 4,
      PROB_ROW_BYTES,
    ]);
    const buf = this.#memory.buffer;
    new Float32Array(buf, zPtr, n * CLASSES).set(z.subarray(0, n * CLASSES));
    const y = new Uint32Array(buf, labelPtr, n);
    const { order, offset } = rows;
    for (let i = 0; i < n; i++) y[i] = labels[order === null ? offset + i : order[offset + i]];
    const mse = kind === "mse";
    const gscale = mse ? 2 / (n * CLASSES) : 1 / n;
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
    const [lossSum, correct] = loss10Sums(z, y, out, args, mse, confusion);
    if (grad !== null) grad.set(new Float32Array(buf, gradPtr, n * CLASSES));
    return [lossSum, correct];
  }

  /**
   * The module's exp of each value (for tests of its accuracy): flushed to 0 below −708.
   * @param x float64 values.
   * @returns their exps.
   */
  exp(x: Float64Array): Float64Array {
    const pairs = (x.length + 1) >> 1;
    const [src, dst] = this.#heap.layout([pairs * 16, pairs * 16]);
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
}
