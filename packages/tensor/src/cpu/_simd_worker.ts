/**
 * The helper thread of a two-thread CPU backend: instantiates the SIMD module on the shared memory
 * and runs whatever half of an op the main thread hands it through the control words
 * (`_simd_protocol.ts`). Loaded through `_simd_worker.js`.
 *
 * Runtime-neutral (runs in any Worker).
 * @module
 */

import { runGroupRange, runQueued } from "./_group_runner.ts";
import { type RowKernel, simdExports } from "./_simd_exports.ts";
import { simdModuleBytes } from "./_simd_module.ts";
import {
  CMD,
  CTL,
  claimChunk,
  finishChunk,
  type HelperStart,
  QUEUE_SLOTS,
  touchRows,
  waitChange,
} from "./_simd_protocol.ts";

function serve({ memory, control }: HelperStart): void {
  const module = new WebAssembly.Module(simdModuleBytes(true));
  const exports = simdExports(new WebAssembly.Instance(module, { env: { memory } }));
  const kernels: Record<number, RowKernel> = {
    [CMD.forward]: exports.forward10,
    [CMD.backward]: exports.backward10,
  };
  const ctl = new Int32Array(control);
  Atomics.store(ctl, CTL.ready, 1);
  let completed = 0;
  for (;;) {
    const wake = Atomics.load(ctl, CTL.wake);
    // Queued group ops first, in order: the main thread runs ahead of them (`HelperThread.queue`).
    if (Atomics.load(ctl, CTL.posted) !== completed) {
      try {
        runQueued(memory.buffer, exports, Atomics.load(ctl, CTL.ring + (completed % QUEUE_SLOTS)));
      } catch {
        Atomics.store(ctl, CTL.failed, 1); // the main thread sees it when it next waits, and throws
      }
      Atomics.store(ctl, CTL.completed, ++completed);
      Atomics.notify(ctl, CTL.completed);
      continue;
    }
    const cmd = Atomics.load(ctl, CTL.cmd);
    if (cmd === CMD.idle) {
      waitChange(ctl, CTL.wake, wake, 1000);
      continue;
    }
    if (cmd === CMD.quit) return;
    if (cmd === CMD.group) {
      for (let chunk = claimChunk(ctl); chunk !== null; chunk = claimChunk(ctl)) {
        try {
          runGroupRange(memory.buffer, exports, chunk[0], chunk[1], chunk[2], 1);
          Atomics.add(ctl, CTL.helperChunks, 1);
          finishChunk(ctl);
        } catch {
          finishChunk(ctl, true); // the main thread must not wait forever; it throws
        }
      }
    } else {
      if (ctl[CTL.touch] === 1) touchRows(memory.buffer, ctl[CTL.a0], ctl[CTL.a1]);
      try {
        kernels[cmd](ctl[CTL.a0], ctl[CTL.a1], ctl[CTL.a2], ctl[CTL.a3]);
      } catch {
        // The main thread must not wait forever: it sees the flag in join() and stops handing work here.
        Atomics.store(ctl, CTL.failed, 1);
      }
    }
    // Idle last: once the main thread sees it, nothing of this command is left to write (a group op
    // is not joined, so the next post may follow at once).
    Atomics.store(ctl, CTL.done, 1);
    Atomics.notify(ctl, CTL.done);
    Atomics.compareExchange(ctl, CTL.cmd, cmd, CMD.idle); // not over a quit stored meanwhile
    Atomics.notify(ctl, CTL.cmd);
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
