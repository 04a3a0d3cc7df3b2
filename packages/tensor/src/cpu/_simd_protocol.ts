/**
 * The two-thread protocol of the SIMD kernels: control words in a SharedArrayBuffer through which the
 * main thread (`_helper_thread.ts`) hands the helper Worker (`_simd_worker.ts`) one half of an op,
 * chunks of a group op or a queue of training steps, and waits for them. The kernels themselves run
 * on one shared memory.
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
  /** Bumped (and notified) whenever there is new work: the one word an idle helper waits on. */
  wake: 15,
  /** Queued group ops posted by the main thread and run to the end by the helper (counts, ever). */
  posted: 16,
  completed: 17,
  /** {@link QUEUE_SLOTS} words: queued op `i`'s descriptor address is at `ring + i % QUEUE_SLOTS`. */
  ring: 18,
  length: 18 + 4,
} as const;

/** Queued group ops in flight at most (`HelperThread.queue`): the main thread runs that far ahead. */
export const QUEUE_SLOTS = 4;
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
 * Milliseconds a waiting thread spins before it blocks: a queued step or group op usually follows the
 * last within this, and a thread woken from a block starts tens to hundreds of microseconds late. Not
 * longer: with more threads than cores (two sweeps at once) a spinning thread takes the core from the
 * one it waits for (16-lr sweeps of 3 epochs, two at once: 7.4–8.3 s each spinning 0.3 ms against
 * 9.0–9.4 s spinning 2 ms; alone 4.8–5.0 s against 4.6–5.1 s).
 */
const SPIN_MS = 0.3;

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
