/**
 * The WebAssembly SIMD kernels: one module instance per backend, each dataset's sparse entries
 * (`_simd_index.ts`) and every op's operands in its memory ({@link WasmHeap}), and the ops that run
 * on them (`_simd_ops.ts`; the two-thread group ops in `_simd_group_ops.ts`).
 *
 * With two threads the memory is shared with a helper Worker ({@link HelperThread}) that takes part
 * of each op; float32 tensors can then live in that memory ({@link SimdKernels.allocShared}), where
 * both threads reach them.
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind } from "../backend.ts";
import { type HostRows, PIXEL_SCALE } from "./_dense_kernels.ts";
import { GroupQueue } from "./_group_queue.ts";
import { HelperThread } from "./_helper_thread.ts";
import { type SimdExports, simdExports } from "./_simd_exports.ts";
import { type GroupOp, runGroupOp } from "./_simd_group_ops.ts";
import { indexImages, type SimdRows, uploadIndex, writeRowPairs } from "./_simd_index.ts";
import { COMPACTION_TABLE, HEAP_START, PIXEL_SCALES, SHARED_MAX_PAGES } from "./_simd_layout.ts";
import { compactionTable, simdModuleBytes } from "./_simd_module.ts";
import * as ops from "./_simd_ops.ts";
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

/** One module instance: memory, heap and the ten-class kernels. */
export class SimdKernels {
  readonly #memory: WebAssembly.Memory;
  readonly #heap: WasmHeap;
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
        rowPairs: (rows, at) => writeRowPairs(this.#memory, sp, rows, at),
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
   * Builds a dataset's sparse index directly in module memory with SIMD byte compares (see
   * {@link indexImages}).
   * @returns the index, or null when `features` is not a multiple of 16 (use {@link upload}).
   */
  index(images: Uint8Array, count: number, features: number): SimdRows | null {
    return indexImages(this.#memory, this.#heap, this.#exports.index16, images, count, features);
  }

  /** Copies a sparse index of rows of `features` pixels into module memory. */
  upload(sp: SparseRows, features: number): SimdRows {
    return uploadIndex(this.#memory, this.#heap, sp, features);
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
    ops.forward(this.#ops(), sp, rows, w, b, out);
  }

  /** Ten-class `gw = Xᵀ·g`, `gb = Σ g` for the selected rows (overwrites both). */
  backward(sp: SimdRows, rows: HostRows, g: Float32Array, gw: Float32Array, gb: Float32Array): void {
    ops.backward(this.#ops(), sp, rows, g, gw, gb);
  }

  /**
   * {@link forward} of `K` ten-class models stacked in `w` and `b` on the same rows, each model's
   * logits bit-identical to {@link forward}'s (one thread). Model `k`'s logits go to `out[k·n·10 …)`.
   */
  forwardGroup(
    sp: SimdRows,
    rows: HostRows,
    K: number,
    w: Float32Array,
    b: Float32Array,
    out: Float32Array,
  ): void {
    ops.forwardGroup(this.#ops(), sp, rows, K, w, b, out);
  }

  /**
   * {@link backward} of `K` ten-class models on the same rows: model `k`'s logit gradient at
   * `g[k·n·10 …)`, its weight and bias gradients at `gw[k·F·10 …)` and `gb[k·10 …)`; each model's
   * sums run in the same order as {@link backward}'s, so they are bit-identical.
   */
  backwardGroup(
    sp: SimdRows,
    rows: HostRows,
    K: number,
    g: Float32Array,
    gw: Float32Array,
    gb: Float32Array,
  ): void {
    ops.backwardGroup(this.#ops(), sp, rows, K, g, gw, gb);
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
    return ops.loss(this.#ops(), kind, z, labels, rows, grad, confusion);
  }

  /**
   * The module's exp of each value (for tests of its accuracy): flushed to 0 below −708.
   * @param x float64 values.
   * @returns their exps.
   */
  exp(x: Float64Array): Float64Array {
    return ops.exp(this.#ops(), x);
  }

  /** What the one-at-a-time ops run on, with the helper as it is now. */
  #ops(): ops.OpContext {
    const [memory, heap, kernels] = [this.#memory, this.#heap, this.#exports];
    return { memory, heap, kernels, helper: this.#helper, splitRows: this.#splitRows };
  }
}
