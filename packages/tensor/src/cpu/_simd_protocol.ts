/**
 * The two-thread protocol of the SIMD kernels: control words in a SharedArrayBuffer through which the
 * main thread hands the helper Worker (`_simd_worker.ts`) one half of an op and waits for it, and the
 * main thread's side of it ({@link HelperThread}). The kernels themselves run on one shared memory.
 *
 * Runtime-neutral (Workers, SharedArrayBuffer and Atomics where they exist).
 * @module
 */

/** Control word indices. */
export const CTL = {
  cmd: 0,
  done: 1,
  ready: 2,
  a0: 3,
  a1: 4,
  a2: 5,
  a3: 6,
  touch: 7,
  failed: 8,
  /** The group op on offer: `seq << 16 | chunks << 8 | next chunk` (see {@link claimChunk}). */
  claim: 9,
  /** Its descriptor's address (`_group_runner.ts`) and members. */
  groupAt: 10,
  members: 11,
  /** Unused (was members per chunk: chunks are now {@link chunkBounds}). */
  chunkSize: 12,
  /** Chunks of it finished (by either thread). */
  finished: 13,
  /** Chunks the helper has run, ever (for tests and benchmarks). */
  helperChunks: 14,
  length: 15,
} as const;
/**
 * Commands in `CTL.cmd`. `group`: claim chunks of the group op on offer until none is left
 * ({@link claimChunk}); the main thread claims chunks of the same op meanwhile.
 */
export const CMD = { idle: 0, forward: 1, backward: 2, quit: 3, group: 4 } as const;

/**
 * Members `[k0, k1)` of chunk `i` of `chunks` over `K` members. Four chunks weigh 3, 3, 1 and 1
 * eighths: each thread starts on a large chunk (a K-model kernel gains per call with more models),
 * and the two small ones go to whichever thread finishes first, so a thread that started late or
 * runs slower holds the other up by at most an eighth of the members. Other counts split evenly.
 */
export function chunkBounds(K: number, chunks: number, i: number): [number, number] {
  if (chunks !== 4) return [Math.floor((K * i) / chunks), Math.floor((K * (i + 1)) / chunks)];
  const eighths = [0, 3, 6, 7, 8];
  return [Math.round((K * eighths[i]) / 8), Math.round((K * eighths[i + 1]) / 8)];
}

/**
 * How many chunks a group op of `K` members is offered in: four ({@link chunkBounds}) from eight
 * members up, two from two, else one.
 */
export function chunkCount(K: number): number {
  return K >= 8 ? 4 : K >= 2 ? 2 : 1;
}

/**
 * Milliseconds a waiting thread spins before it blocks: a group op follows the last within a fraction
 * of this, and a thread woken from a block starts tens to hundreds of microseconds late (a whole
 * chunk's worth on a busy machine).
 */
const SPIN_MS = 2;

/**
 * Waits until `ctl[at]` differs from `seen`: spins up to {@link SPIN_MS}, then blocks for at most
 * `ms` (unless this thread may not block: a browser's main thread, which keeps spinning).
 */
export function waitChange(ctl: Int32Array, at: number, seen: number, ms: number, mayBlock = true): void {
  const until = performance.now() + SPIN_MS;
  for (let i = 1; Atomics.load(ctl, at) === seen; i++) {
    if ((i & 1023) === 0 && performance.now() > until) {
      if (mayBlock) Atomics.wait(ctl, at, seen, ms);
      return;
    }
  }
}

/**
 * Claims the next chunk of members of the group op on offer.
 *
 * The claim word alone says which op and chunk is next, so a compare-and-swap on it takes a chunk
 * of the current op or fails; the op's other words are written before its claim word is published
 * and not again until all its chunks are finished, so they are read after the claim. A thread that
 * wakes late finds nothing left: the main thread never waits for a helper that has not started.
 * @returns the descriptor's address and the chunk's members `[k0, k1)`, or null when none is left.
 */
export function claimChunk(ctl: Int32Array): [number, number, number] | null {
  for (;;) {
    const state = Atomics.load(ctl, CTL.claim);
    const [chunks, next] = [(state >>> 8) & 0xff, state & 0xff];
    if (next >= chunks) return null;
    if (Atomics.compareExchange(ctl, CTL.claim, state, state + 1) !== state) continue;
    const K = Atomics.load(ctl, CTL.members);
    return [Atomics.load(ctl, CTL.groupAt), ...chunkBounds(K, chunks, next)];
  }
}

/** Marks a claimed chunk finished (`failed`: the helper could not run it) and wakes the main thread. */
export function finishChunk(ctl: Int32Array, failed = false): void {
  if (failed) Atomics.store(ctl, CTL.failed, 1);
  Atomics.add(ctl, CTL.finished, 1);
  Atomics.notify(ctl, CTL.finished);
}

/** What the main thread posts to start the helper. */
export interface HelperStart {
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
}

/**
 * Loads one word per cache line of each row `[begin, end)` listed at `pairsAt` (pairs of byte
 * addresses), so a shuffled batch's rows are in cache before the kernel walks them.
 */
export function touchRows(buffer: ArrayBufferLike, pairsAt: number, n: number): void {
  const words = new Uint32Array(buffer);
  let sum = 0;
  for (let i = pairsAt >>> 2, last = i + 2 * n; i < last; i += 2) {
    for (let a = words[i] >>> 2, end = words[i + 1] >>> 2; a < end; a += 16) sum += words[a];
  }
  if (sum < 0) throw new RangeError("Cannot index rows: corrupt sparse index");
}

/**
 * The module the CPU backend's helper Worker loads (`threads: 2`). A host that limits file access
 * must let the program read it and the modules beside it, which it imports, for the backend to run
 * on two threads; without that the backend runs on one (Deno: `--allow-read=` its directory, as
 * `mnist sweep`'s launcher grants; Deno still prints the Worker's error).
 * @returns its URL (a `file:` URL when run from files).
 * @example
 * ```ts
 * import { cpuWorkerUrl } from "@mnist/tensor/cpu";
 * console.log(cpuWorkerUrl().pathname.endsWith("/_simd_worker.js")); // true
 * ```
 */
export function cpuWorkerUrl(): URL {
  return new URL("./_simd_worker.js", import.meta.url); // the one HelperThread starts
}

/** The main thread's end of the protocol: starts the helper Worker, hands it work, waits for it. */
export class HelperThread {
  readonly #control = new Int32Array(new SharedArrayBuffer(CTL.length * 4));
  #worker: Worker | null;
  #mainThreadMayWait = true;
  #handoffs = 0;
  #loadFailed = false;
  #seq = 0;

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
      Atomics.notify(ctl, CTL.cmd);
    }
    return chunks;
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
    const ctl = this.#control;
    for (let seen = Atomics.load(ctl, CTL.finished); seen < chunks; seen = Atomics.load(ctl, CTL.finished)) {
      try {
        waitChange(ctl, CTL.finished, seen, 50, this.#mainThreadMayWait);
      } catch {
        this.#mainThreadMayWait = false; // a browser's main thread may not block
      }
    }
    this.#checkFailed();
  }

  /**
   * Hands `cmd(a0, a1, a2, a3)` to the helper (which first touches the rows when `touch`).
   * @returns false when the helper is not ready (yet): run that half here.
   */
  post(cmd: number, a0: number, a1: number, a2: number, a3: number, touch: boolean): boolean {
    if (!this.ready) return false;
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
    Atomics.notify(ctl, CTL.cmd);
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
    Atomics.notify(this.#control, CTL.cmd);
    this.#worker.terminate();
    this.#worker = null;
  }
}
