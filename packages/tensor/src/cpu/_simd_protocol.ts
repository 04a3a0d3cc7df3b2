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
  length: 9,
} as const;
/** Commands in `CTL.cmd`. */
export const CMD = { idle: 0, forward: 1, backward: 2, quit: 3, group: 4 } as const;
// CMD.group: a0 = the group descriptor's address, members [a1, a2) (see `_group_runner.ts`).

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

  /** How many op halves the helper has been handed. */
  get handoffs(): number {
    return this.#handoffs;
  }

  /**
   * Hands `cmd(a0, a1, a2, a3)` to the helper (which first touches the rows when `touch`).
   * @returns false when the helper is not ready (yet): run that half here.
   */
  post(cmd: number, a0: number, a1: number, a2: number, a3: number, touch: boolean): boolean {
    if (!this.ready) return false;
    const ctl = this.#control;
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
    const ctl = this.#control;
    while (Atomics.load(ctl, CTL.done) === 0) {
      if (!this.#mainThreadMayWait) continue;
      try {
        Atomics.wait(ctl, CTL.done, 0, 50);
      } catch {
        this.#mainThreadMayWait = false; // a browser's main thread may not block
      }
    }
    if (Atomics.load(ctl, CTL.failed) !== 0) {
      Atomics.store(ctl, CTL.ready, 0);
      throw new Error("Cannot run the helper thread's half of an op: the helper Worker failed");
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
