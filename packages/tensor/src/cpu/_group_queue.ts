/**
 * The main thread's side of queued group ops (`HelperThread.queue`): the memory each op in flight
 * lays itself out in (a slot per op for what is its own, so the main thread can write the next op
 * while the helper still runs earlier ones), and which members the helper takes.
 *
 * The split adapts to the two threads' speeds: the main thread also lays out every op and runs the
 * trainer between them, and a shared machine slows one core or the other. When the helper has caught
 * up with every queued op by the time the main thread queues the next, it takes one more member;
 * when the main thread finds every slot still in flight, it waits for all of them and takes one back.
 * A member moves to the helper at once (this thread finished its earlier steps before queueing this
 * one) but back only once the helper has finished every queued op, so each member's steps run in
 * order whichever thread runs them.
 *
 * Runtime-neutral.
 * @module
 */
import type { HelperThread } from "./_helper_thread.ts";
import { align64 } from "./_simd_layout.ts";
import { QUEUE_SLOTS } from "./_simd_protocol.ts";
import type { WasmHeap } from "./_wasm_heap.ts";

/** Consecutive 64-aligned addresses from `at` for regions of `sizes` bytes. */
function regions(at: number, sizes: readonly number[]): number[] {
  return sizes.map((s) => {
    const here = at;
    at += align64(s);
    return here;
  });
}
/** Bytes that {@link regions} of `sizes` take from a 64-aligned start, plus 64 to align one that is not. */
const regionBytes = (sizes: readonly number[]): number => sizes.reduce((a, s) => a + align64(s), 64);
/** The default of {@link GroupQueue.patience}. */
const PATIENCE = 8;

/** Slots of queued ops in a heap, and the member split between the two threads. */
export class GroupQueue {
  readonly #heap: WasmHeap;
  readonly #helper: HelperThread;
  /** One allocation: the shared block, then {@link QUEUE_SLOTS} slots. */
  #block = 0;
  #sharedBytes = 0;
  #slotBytes = 0;
  #K = 0;
  #from = 0;
  #score = 0;
  /** Queued ops in a row that must find the helper idle (or every slot busy) before the split moves. */
  patience = PATIENCE;
  /** How often a member moved between the threads (for tests and benchmarks). */
  moves = 0;

  constructor(heap: WasmHeap, helper: HelperThread) {
    this.#heap = heap;
    this.#helper = helper;
  }

  /**
   * The addresses of the next op's regions (each 64-aligned, so no two share a cache line), once the
   * helper is done with the op that used the next slot last: `own` (the op's rows, labels, sums and
   * descriptor) in that slot, `shared` (logits, gradients, scratch) in one block that every op in
   * flight shares, which stays in cache: each member's part of them is used by one thread at a time,
   * since a member's steps run in order.
   * @returns the addresses of `own`'s regions, then of `shared`'s.
   */
  layout(own: readonly number[], shared: readonly number[]): [number[], number[]] {
    const [slotBytes, sharedBytes] = [regionBytes(own), regionBytes(shared)];
    const helper = this.#helper;
    if (slotBytes > this.#slotBytes || sharedBytes > this.#sharedBytes) {
      helper.drain();
      if (this.#block !== 0) this.#heap.release(this.#block, this.#blockBytes());
      [this.#slotBytes, this.#sharedBytes] = [slotBytes, sharedBytes];
      this.#block = this.#heap.alloc(this.#blockBytes());
    }
    const next = helper.posted;
    const completed = helper.completed;
    if (completed === next) this.#score = Math.max(1, this.#score + 1);
    else if (completed <= next - QUEUE_SLOTS) this.#score = Math.min(-1, this.#score - 1);
    helper.awaitCompleted(next - QUEUE_SLOTS + 1);
    const slot = this.#block + this.#sharedBytes + (next % QUEUE_SLOTS) * this.#slotBytes;
    return [regions(align64(slot), own), regions(align64(this.#block), shared)];
  }

  #blockBytes(): number {
    return this.#sharedBytes + QUEUE_SLOTS * this.#slotBytes;
  }

  /** The first of the helper's members in the next op of a `K`-member group (after {@link layout}). */
  helperFrom(K: number): number {
    if (K !== this.#K) {
      this.#helper.drain();
      [this.#K, this.#from, this.#score] = [K, K >> 1, 0];
    } else if (this.#score >= this.patience && this.#from > 1) {
      this.#from--;
      [this.#score, this.moves] = [0, this.moves + 1];
    } else if (this.#score <= -this.patience && this.#from < K - 1) {
      this.#helper.drain();
      this.#from++;
      [this.#score, this.moves] = [0, this.moves + 1];
    }
    return this.#from;
  }
}
