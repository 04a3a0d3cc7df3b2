/**
 * The helper thread of a two-thread CPU backend: instantiates the SIMD module on the shared memory
 * and runs whatever half of an op the main thread hands it through the control words.
 *
 * Runtime-neutral (runs in any Worker).
 * @module
 */
import { simdModuleBytes } from "./_simd_module.ts";

/** Control word indices shared with `_simd_kernels.ts`. */
export const CTL = { cmd: 0, done: 1, ready: 2, a0: 3, a1: 4, a2: 5, a3: 6, touch: 7, length: 8 } as const;
/** Commands in `CTL.cmd`. */
export const CMD = { idle: 0, forward: 1, backward: 2, quit: 3 } as const;

type Kernel = (a: number, b: number, c: number, d: number) => void;

/** Loads one word per cache line of each row `[begin, end)` listed at `pairsAt` (see `_simd_kernels.ts`). */
export function touchRows(buffer: ArrayBufferLike, pairsAt: number, n: number): void {
  const words = new Uint32Array(buffer);
  let sum = 0;
  for (let i = pairsAt >>> 2, last = i + 2 * n; i < last; i += 2) {
    for (let a = words[i] >>> 2, end = words[i + 1] >>> 2; a < end; a += 16) sum += words[a];
  }
  if (sum < 0) throw new RangeError("Cannot index rows: corrupt sparse index");
}

function serve(memory: WebAssembly.Memory, control: SharedArrayBuffer): void {
  const module = new WebAssembly.Module(simdModuleBytes(true));
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels: Record<number, Kernel> = {
    [CMD.forward]: exports.forward10 as Kernel,
    [CMD.backward]: exports.backward10 as Kernel,
  };
  const ctl = new Int32Array(control);
  Atomics.store(ctl, CTL.ready, 1);
  for (;;) {
    Atomics.wait(ctl, CTL.cmd, CMD.idle);
    const cmd = Atomics.load(ctl, CTL.cmd);
    if (cmd === CMD.quit) return;
    if (ctl[CTL.touch] === 1) touchRows(memory.buffer, ctl[CTL.a0], ctl[CTL.a1]);
    kernels[cmd](ctl[CTL.a0], ctl[CTL.a1], ctl[CTL.a2], ctl[CTL.a3]);
    Atomics.store(ctl, CTL.cmd, CMD.idle);
    Atomics.store(ctl, CTL.done, 1);
    Atomics.notify(ctl, CTL.done);
  }
}

// Only when loaded as a Worker: importing this file for its constants must not install a handler.
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  close?: () => void;
  document?: unknown;
};
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  scope.onmessage = (e: MessageEvent) => {
    serve(e.data.memory, e.data.control);
    scope.close?.();
  };
}
