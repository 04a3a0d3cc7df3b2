/**
 * The main thread's end of the two-thread protocol (`_simd_protocol.ts`): starts the helper Worker
 * (`_simd_worker.ts`), hands it op halves, offers it chunks of group ops and queues training steps
 * for it, and waits for it.
 *
 * Runtime-neutral (Workers, SharedArrayBuffer and Atomics where they exist).
 * @module
 */
import {
  CMD,
  CTL,
  chunkCount,
  claimChunk,
  type HelperStart,
  QUEUE_SLOTS,
  waitChange,
} from "./_simd_protocol.ts";

/** The main thread's end of the protocol: starts the helper Worker, hands it work, waits for it. */
export class HelperThread {
  readonly #control = new Int32Array(new SharedArrayBuffer(CTL.length * 4));
  #worker: Worker | null;
  #mainThreadMayWait = true;
  #handoffs = 0;
  #loadFailed = false;
  #seq = 0;
  #posted = 0;

  /** Starts the Worker on `memory` (shared). */
  constructor(memory: WebAssembly.Memory) {
    // The literal `new Worker(new URL("./….js", import.meta.url))` is what bundlers (Vite, esbuild,
    // Deno) follow: in the sources `_simd_worker.js` forwards to `_simd_worker.ts`; in `dist/` tsc's
    // output replaces it. (Vite bundles a worker only when the URL is written inside `new Worker`.)
    this.#worker = new Worker(new URL("./_simd_worker.js", import.meta.url), { type: "module" });
    // A Worker that cannot load (no permission to read its module, a bundle without it) never becomes
    // ready, and the main thread runs every op alone; its error must not end the program.
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#loadFailed = true;
    };
    const start: HelperStart = { memory, control: this.#control.buffer as SharedArrayBuffer };
    this.#worker.postMessage(start);
  }

  /** Whether the Worker reported an error before it took work (it then runs nothing). */
  get loadFailed(): boolean {
    return this.#loadFailed;
  }

  /** Whether the helper has started and takes work. */
  get ready(): boolean {
    return this.#worker !== null && Atomics.load(this.#control, CTL.ready) === 1;
  }

  /** How many op halves and group ops the helper has been handed or offered. */
  get handoffs(): number {
    return this.#handoffs;
  }

  /** Chunks of group ops the helper has run. */
  get helperChunks(): number {
    return Atomics.load(this.#control, CTL.helperChunks);
  }

  /**
   * Offers a group op of `K` members in {@link chunkCount} chunks ({@link chunkBounds}), described
   * at `at`, and wakes the helper when it is idle; then claim chunks with {@link claim} and wait
   * with {@link awaitChunks}. A helper still busy with the previous op's empty claim goes on to this one.
   * @returns the number of chunks.
   */
  offer(at: number, K: number): number {
    this.drain();
    const ctl = this.#control;
    const chunks = chunkCount(K);
    Atomics.store(ctl, CTL.groupAt, at);
    Atomics.store(ctl, CTL.members, K);
    Atomics.store(ctl, CTL.finished, 0);
    this.#seq = (this.#seq + 1) & 0x7fff;
    Atomics.store(ctl, CTL.claim, (this.#seq << 16) | (chunks << 8));
    if (!this.ready) return chunks;
    this.#handoffs++;
    if (Atomics.load(ctl, CTL.cmd) === CMD.idle) {
      Atomics.store(ctl, CTL.done, 0);
      Atomics.store(ctl, CTL.cmd, CMD.group);
      this.#wake();
    }
    return chunks;
  }

  /**
   * Queues a group op described at `at` whose members from `HEAD.helperFrom` on the helper runs to
   * the end, folding their sums into the op's stats (`runQueued`), while this thread goes on; at
   * most {@link QUEUE_SLOTS} are in flight. Wait for them with {@link drain} before anything else
   * touches their tensors.
   * @returns the op's number (queued ops are numbered from 0 in order).
   */
  queue(at: number): number {
    const ctl = this.#control;
    const i = this.#posted;
    this.awaitCompleted(i - QUEUE_SLOTS + 1);
    Atomics.store(ctl, CTL.ring + (i % QUEUE_SLOTS), at);
    this.#posted = i + 1;
    Atomics.store(ctl, CTL.posted, this.#posted);
    this.#handoffs++;
    this.#wake();
    return i;
  }

  /** Queued ops posted so far. */
  get posted(): number {
    return this.#posted;
  }

  /** Queued ops the helper has run to the end. */
  get completed(): number {
    return Atomics.load(this.#control, CTL.completed);
  }

  /**
   * Waits until the helper has run the first `count` queued ops.
   * @throws {Error} when the helper failed to run one.
   */
  awaitCompleted(count: number): void {
    this.#awaitAtLeast(CTL.completed, count);
  }

  /** Waits for every queued op ({@link queue}). */
  drain(): void {
    if (this.#posted !== 0) this.awaitCompleted(this.#posted);
  }

  #wake(): void {
    Atomics.add(this.#control, CTL.wake, 1);
    Atomics.notify(this.#control, CTL.wake);
  }

  /** Claims a chunk of the offered group op for this thread (see {@link claimChunk}). */
  claim(): [number, number, number] | null {
    return claimChunk(this.#control);
  }

  /** Marks a chunk this thread claimed finished. */
  finish(): void {
    Atomics.add(this.#control, CTL.finished, 1);
  }

  /**
   * Waits until all `chunks` of the offered op are finished (only chunks the helper claimed can be
   * outstanding once this thread finds none left).
   * @throws {Error} when the helper failed to run one.
   */
  awaitChunks(chunks: number): void {
    this.#awaitAtLeast(CTL.finished, chunks);
  }

  /**
   * Hands `cmd(a0, a1, a2, a3)` to the helper (which first touches the rows when `touch`).
   * @returns false when the helper is not ready (yet): run that half here.
   */
  post(cmd: number, a0: number, a1: number, a2: number, a3: number, touch: boolean): boolean {
    if (!this.ready) return false;
    this.drain();
    const ctl = this.#control;
    // A group op is not joined: the helper may still be finding its claim empty.
    this.#await(CTL.cmd, CMD.idle);
    ctl[CTL.a0] = a0;
    ctl[CTL.a1] = a1;
    ctl[CTL.a2] = a2;
    ctl[CTL.a3] = a3;
    ctl[CTL.touch] = touch ? 1 : 0;
    Atomics.store(ctl, CTL.done, 0);
    Atomics.store(ctl, CTL.cmd, cmd);
    this.#wake();
    this.#handoffs++;
    return true;
  }

  /**
   * Waits for the posted half (blocking where the runtime allows it, spinning elsewhere).
   * @throws {Error} when the helper failed to run it (it then stops taking work).
   */
  join(): void {
    this.#await(CTL.done, 1);
    this.#checkFailed();
  }

  /**
   * Waits until control word `at` (a count the helper raises) reaches `count`: spinning a while, then
   * blocking where the runtime allows it.
   * @throws {Error} when the helper failed to run its part.
   */
  #awaitAtLeast(at: number, count: number): void {
    const ctl = this.#control;
    for (let seen = Atomics.load(ctl, at); seen < count; seen = Atomics.load(ctl, at)) {
      try {
        waitChange(ctl, at, seen, 50, this.#mainThreadMayWait);
      } catch {
        this.#mainThreadMayWait = false; // a browser's main thread may not block
      }
    }
    this.#checkFailed();
  }

  /** Waits until control word `at` holds `value` (blocking where the runtime allows it). */
  #await(at: number, value: number): void {
    const ctl = this.#control;
    for (let seen = Atomics.load(ctl, at); seen !== value; seen = Atomics.load(ctl, at)) {
      if (!this.#mainThreadMayWait) continue;
      try {
        Atomics.wait(ctl, at, seen, 50);
      } catch {
        this.#mainThreadMayWait = false; // a browser's main thread may not block
      }
    }
  }

  #checkFailed(): void {
    if (Atomics.load(this.#control, CTL.failed) !== 0) {
      Atomics.store(this.#control, CTL.ready, 0);
      throw new Error("Cannot run the helper thread's part of an op: the helper Worker failed");
    }
  }

  /** Stops the Worker. */
  stop(): void {
    if (this.#worker === null) return;
    Atomics.store(this.#control, CTL.cmd, CMD.quit);
    this.#wake();
    this.#worker.terminate();
    this.#worker = null;
  }
}
