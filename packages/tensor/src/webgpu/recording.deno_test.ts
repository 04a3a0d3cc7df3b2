/**
 * Recording many steps before a submit keeps each step's own hyper-parameters; a dispatch larger
 * than `maxComputeWorkgroupsPerDimension` is split into a 2-D grid; training steps do not submit.
 */

import type { Backend, Tensor } from "../backend.ts";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { Rng } from "../testing/_fixtures.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

async function gpu(paramSlots?: number): Promise<WebGpuBackend> {
  return await createWebGpuBackend({ paramSlots }).catch((error: Error) => {
    throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
  });
}

function floats(n: number, seed: number): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => 2 * r.next() - 1);
}

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: number): void {
  if (got.length !== want.length) throw new Error(`${name}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tol * (1 + Math.abs(want[i])))) {
      throw new Error(`${name}[${i}] is ${got[i]}, expected ${want[i]} ± ${tol}`);
    }
  }
}

/** 40 SGD-with-momentum steps then 40 Adam steps, a different lr every step, no read in between. */
async function optimiserSchedule(be: Backend): Promise<Float32Array[]> {
  const n = 300;
  const param = be.upload("f32", floats(n, 1));
  const velocity = be.zeros("f32", n);
  const grads: Tensor<"f32">[] = [];
  for (let k = 0; k < 4; k++) grads.push(be.upload("f32", floats(n, 10 + k)));
  for (let step = 1; step <= 40; step++) {
    const p = {
      lr: 0.01 * (1 + (step % 7)),
      momentum: 0.9,
      dampening: 0.1,
      nesterov: step > 20,
      weightDecay: 1e-3,
      step,
    };
    be.sgdStep(param, grads[step % 4], velocity, p);
  }
  const m = be.zeros("f32", n);
  const v = be.zeros("f32", n);
  for (let step = 1; step <= 40; step++) {
    const p = { lr: 1e-3 * (1 + (step % 5)), beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step };
    be.adamStep(param, grads[step % 4], m, v, p);
  }
  return [await be.read(param), await be.read(velocity), await be.read(m), await be.read(v)];
}

for (const slots of [1024, 3]) {
  Deno.test({
    name: `webgpu: 80 optimiser steps recorded before one read keep their own lr and step (${slots} param slots)`,
    ...options,
    async fn() {
      const be = await gpu(slots);
      try {
        const before = be.submits;
        const got = await optimiserSchedule(be);
        const want = await optimiserSchedule(createCpuBackend());
        for (const [i, name] of ["param", "velocity", "m", "v"].entries())
          expectClose(name, got[i], want[i], 1e-5);
        const submits = be.submits - before;
        // 6 uploads flush (the first with nothing recorded), 4 reads; a small arena adds ~80/3 submits.
        const expected = slots === 3 ? [30, 40] : [1, 10];
        if (submits < expected[0] || submits > expected[1]) {
          throw new Error(`${submits} submits, expected ${expected[0]}–${expected[1]}`);
        }
      } finally {
        be.destroy();
      }
    },
  });
}

Deno.test({
  name: "webgpu: a forward pass over more workgroups than one dimension allows runs as a 2-D grid",
  ...options,
  async fn() {
    const be = await gpu();
    try {
      const limit = be.device.limits.maxComputeWorkgroupsPerDimension;
      const [F, C] = [4, 4];
      const n = Math.ceil(((limit + 1000) * 64) / C); // > limit workgroups of 64 invocations
      const rng = new Rng(3);
      const r = () => rng.next();
      const images = Uint8Array.from({ length: n * F }, () => (r() < 0.5 ? 0 : Math.floor(r() * 256)));
      const labels = Uint8Array.from({ length: n }, () => (r() < 0.5 ? 0 : 1));
      const results: Float32Array[] = [];
      for (const b of [be as Backend, createCpuBackend()]) {
        const ds = b.uploadDataset(images, labels, F, C);
        const w = b.upload("f32", floats(F * C, 4));
        const bias = b.upload("f32", floats(C, 5));
        const z = b.zeros("f32", n * C);
        const stats = b.zeros("f32", 2);
        const all = { order: null, offset: 0, count: n };
        b.linearForward(ds, all, w, bias, z);
        b.lossAndGrad("cross-entropy", z, ds, all, null, stats, null);
        b.softmax(z, z, C);
        results.push(await b.read(z), await b.read(stats));
      }
      expectClose(`softmax(linearForward) over ${n} rows`, results[0], results[2], 1e-5);
      expectClose(`stats over ${n} rows`, results[1], results[3], 1e-4);
    } finally {
      be.destroy();
    }
  },
});

Deno.test({
  name: "webgpu: an epoch of training steps is recorded without a submit per step",
  ...options,
  async fn() {
    const be = await gpu();
    try {
      const [n, F, C, batch] = [1000, 16, 10, 30];
      const rng = new Rng(9);
      const r = () => rng.next();
      const ds = be.uploadDataset(
        Uint8Array.from({ length: n * F }, () => Math.floor(r() * 256)),
        Uint8Array.from({ length: n }, () => Math.floor(r() * C)),
        F,
        C,
      );
      const w = be.zeros("f32", F * C);
      const b = be.zeros("f32", C);
      const [z, g, gw, gb, stats] = [batch * C, batch * C, F * C, C, 2].map((k) => be.zeros("f32", k));
      be.flush();
      const before = be.submits;
      let step = 0;
      for (let offset = 0; offset < n; offset += batch) {
        const rows = { order: null, offset, count: Math.min(batch, n - offset) }; // 34 steps, last one short
        const p = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step: ++step };
        be.linearForward(ds, rows, w, b, z);
        be.lossAndGrad("cross-entropy", z, ds, rows, g, stats, null);
        be.linearBackward(ds, rows, g, gw, gb);
        be.sgdStep(w, gw, null, p);
        be.sgdStep(b, gb, null, p);
      }
      if (be.submits !== before)
        throw new Error(`${be.submits - before} submits while recording, expected 0`);
      const [, correct] = await be.read(stats);
      if (be.submits !== before + 1) throw new Error(`${be.submits - before} submits, expected 1 (the read)`);
      if (!(correct >= 0 && correct <= n)) throw new Error(`correct count ${correct} out of range`);
    } finally {
      be.destroy();
    }
  },
});
