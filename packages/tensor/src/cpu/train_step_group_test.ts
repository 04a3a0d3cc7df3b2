import { describe, expect, it } from "vitest";
import type { Backend, GroupMember, ModelTensors, StepUpdate, Tensor } from "../backend.ts";
import { mnistLike, Rng } from "../testing/_fixtures.ts";
import { createCpuBackend } from "./cpu_backend.ts";

const F = 784;
const C = 10;
const n = 100;

/** Five models that differ in loss and optimiser; lr and step change every step. */
function membersAt(step: number): GroupMember[] {
  const sgd = { lr: 0.05 * step, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step };
  const adam = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, step };
  return [
    { loss: "mse", update: { kind: "sgd", params: sgd } },
    { loss: "cross-entropy", update: { kind: "sgd", params: { ...sgd, weightDecay: 1e-3 } } },
    { loss: "mse", update: { kind: "sgd", params: { ...sgd, momentum: 0.9, dampening: 0.1 } } },
    { loss: "cross-entropy", update: { kind: "sgd", params: { ...sgd, momentum: 0.5, nesterov: true } } },
    { loss: "cross-entropy", update: { kind: "adam", params: adam } },
  ];
}

function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/** Trains the members 6 steps as a group, or one by one with trainStep; returns every tensor it ends with. */
async function run(be: Backend, grouped: boolean): Promise<Float32Array[]> {
  const rng = new Rng(7);
  const data = mnistLike(rng, { count: 6 * n + 3, features: F, classes: C });
  const ds = be.uploadDataset(data.images, data.labels, F, C);
  const order = be.upload("u32", rng.permutation(6 * n + 3));
  const K = membersAt(1).length;
  const w0 = rng.floats(F * C, 0.05);
  const stack = (per: number, first?: Float32Array) => {
    const a = new Float32Array(K * per);
    for (let k = 0; k < K && first !== undefined; k++) a.set(first, k * per);
    return a;
  };
  const host = {
    w: stack(F * C, w0),
    b: stack(C),
    vw: stack(F * C),
    vb: stack(C),
    mw: stack(F * C),
    mb: stack(C),
    sw: stack(F * C),
    sb: stack(C),
    stats: new Float32Array(2 * K),
  };
  if (grouped) {
    const up = (a: Float32Array) => be.upload("f32", a);
    const pair = (w: Float32Array, b: Float32Array): ModelTensors => ({ w: up(w), b: up(b) });
    const t = {
      ...pair(host.w, host.b),
      z: be.zeros("f32", K * n * C),
      g: be.zeros("f32", K * n * C),
      gw: be.zeros("f32", K * F * C),
      gb: be.zeros("f32", K * C),
      velocity: pair(host.vw, host.vb),
      m: pair(host.mw, host.mb),
      v: pair(host.sw, host.sb),
    };
    const stats = up(host.stats);
    for (let step = 1; step <= 6; step++) {
      const rows = { order, offset: 3 + (step - 1) * n, count: n };
      be.trainStepGroup(ds, rows, t, stats, membersAt(step));
    }
    const tensors: Tensor<"f32">[] = [
      t.w,
      t.b,
      t.velocity.w,
      t.velocity.b,
      t.m.w,
      t.m.b,
      t.v.w,
      t.v.b,
      stats,
    ];
    return Promise.all(tensors.map((x) => be.read(x)));
  }
  const out = Object.values(host).map((a) => a.slice());
  for (let k = 0; k < K; k++) {
    const per = (a: Float32Array, size: number) => be.upload("f32", a.subarray(k * size, (k + 1) * size));
    const t = {
      w: per(host.w, F * C),
      b: per(host.b, C),
      z: be.zeros("f32", n * C),
      g: be.zeros("f32", n * C),
      gw: be.zeros("f32", F * C),
      gb: be.zeros("f32", C),
    };
    const velocity = { w: per(host.vw, F * C), b: per(host.vb, C) };
    const [m, v] = [
      { w: per(host.mw, F * C), b: per(host.mb, C) },
      { w: per(host.sw, F * C), b: per(host.sb, C) },
    ];
    const stats = be.zeros("f32", 2);
    for (let step = 1; step <= 6; step++) {
      const rows = { order, offset: 3 + (step - 1) * n, count: n };
      const member = membersAt(step)[k];
      const u = member.update;
      const update: StepUpdate =
        u.kind === "sgd"
          ? { kind: "sgd", params: u.params, velocity: u.params.momentum !== 0 ? velocity : null }
          : { kind: "adam", params: u.params, m, v };
      be.trainStep(member.loss, ds, rows, t, stats, update);
    }
    const results = [t.w, t.b, velocity.w, velocity.b, m.w, m.b, v.w, v.b, stats];
    for (const [i, x] of results.entries()) {
      const got = await be.read(x);
      out[i].set(got, k * got.length);
    }
  }
  return out;
}

describe("cpu trainStepGroup", () => {
  for (const kernel of ["simd", "sparse", "dense"] as const) {
    it(`gives every member bit for bit what its own trainStep gives (${kernel})`, async () => {
      const group = await run(createCpuBackend({ kernel }), true);
      const single = await run(createCpuBackend({ kernel }), false);
      expect(group.map((a) => a.length)).toEqual(single.map((a) => a.length));
      for (let i = 0; i < group.length; i++) expect(bits(group[i])).toEqual(bits(single[i]));
      expect(group[0].some((x, i) => x !== group[0][i % (F * C)])).toBe(true); // the members differ
    });
  }
});
