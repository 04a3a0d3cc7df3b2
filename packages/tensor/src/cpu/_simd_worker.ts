/**
 * The helper thread of a two-thread CPU backend: instantiates the SIMD module on the shared memory
 * and runs whatever half of an op the main thread hands it through the control words
 * (`_simd_protocol.ts`). Loaded through `_simd_worker.js`.
 *
 * Runtime-neutral (runs in any Worker).
 * @module
 */

import { type RunnerKernels, runGroupRange } from "./_group_runner.ts";
import { simdModuleBytes } from "./_simd_module.ts";
import { CMD, CTL, type HelperStart, touchRows } from "./_simd_protocol.ts";

type Kernel = (a: number, b: number, c: number, d: number) => void;

function serve({ memory, control }: HelperStart): void {
  const module = new WebAssembly.Module(simdModuleBytes(true));
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const kernels: Record<number, Kernel> = {
    [CMD.forward]: exports.forward10 as Kernel,
    [CMD.backward]: exports.backward10 as Kernel,
  };
  const runner = exports as unknown as RunnerKernels;
  const ctl = new Int32Array(control);
  Atomics.store(ctl, CTL.ready, 1);
  for (;;) {
    Atomics.wait(ctl, CTL.cmd, CMD.idle);
    const cmd = Atomics.load(ctl, CTL.cmd);
    if (cmd === CMD.quit) return;
    if (ctl[CTL.touch] === 1) touchRows(memory.buffer, ctl[CTL.a0], ctl[CTL.a1]);
    try {
      if (cmd === CMD.group) runGroupRange(memory.buffer, runner, ctl[CTL.a0], ctl[CTL.a1], ctl[CTL.a2], 1);
      else kernels[cmd](ctl[CTL.a0], ctl[CTL.a1], ctl[CTL.a2], ctl[CTL.a3]);
    } catch {
      // The main thread must not wait forever: it sees the flag in join() and stops handing work here.
      Atomics.store(ctl, CTL.failed, 1);
    }
    Atomics.store(ctl, CTL.cmd, CMD.idle);
    Atomics.store(ctl, CTL.done, 1);
    Atomics.notify(ctl, CTL.done);
  }
}

const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<HelperStart>) => void) | null;
  close?: () => void;
};
// Only when loaded as a Worker (a test may import this file).
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  scope.onmessage = (e) => {
    serve(e.data);
    scope.close?.();
  };
}
