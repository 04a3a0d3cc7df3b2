/**
 * The group ops' bit-identity checks, shared by the one-thread tests (vitest) and the two-thread
 * tests with real Workers (Deno): five models that differ in loss and optimiser (plain SGD, weight
 * decay, momentum with dampening, Nesterov, Adam), trained and evaluated as a group or one by one.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, GroupMember, LossKind, ModelTensors, StepUpdate, Tensor } from "../backend.ts";
import { mnistLike, Rng } from "../testing/_fixtures.ts";

const F = 784;
const C = 10;

/** Five models that differ in loss and optimiser; lr and step change every step. */
export function membersAt(step: number): GroupMember[] {
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

/** The bits of float32 values, to compare NaNs and signed zeros too. */
export function bits(a: Float32Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, a.length);
}

/**
 * Trains the members `steps` steps of `n` rows as a group, or one by one with trainStep.
 * @returns every tensor it ends with (members stacked): w, b, velocity, m, v (weights, biases), stats.
 */
export async function trainMembers(
  be: Backend,
  grouped: boolean,
  n = 100,
  steps = 6,
): Promise<Float32Array[]> {
  const rng = new Rng(7);
  const count = steps * n + 3;
  const data = mnistLike(rng, { count, features: F, classes: C });
  const ds = be.uploadDataset(data.images, data.labels, F, C);
  const order = be.upload("u32", rng.permutation(count));
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
  const rowsAt = (step: number) => ({ order, offset: 3 + (step - 1) * n, count: n });
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
    for (let step = 1; step <= steps; step++) be.trainStepGroup(ds, rowsAt(step), t, stats, membersAt(step));
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
    for (let step = 1; step <= steps; step++) {
      const member = membersAt(step)[k];
      const u = member.update;
      const update: StepUpdate =
        u.kind === "sgd"
          ? { kind: "sgd", params: u.params, velocity: u.params.momentum !== 0 ? velocity : null }
          : { kind: "adam", params: u.params, m, v };
      be.trainStep(member.loss, ds, rowsAt(step), t, stats, update);
    }
    const results = [t.w, t.b, velocity.w, velocity.b, m.w, m.b, v.w, v.b, stats];
    for (const [i, x] of results.entries()) {
      const got = await be.read(x);
      out[i].set(got, k * got.length);
    }
  }
  return out;
}

/**
 * Evaluates four models (two losses) on 2,345 rows in chunks of 1,000 (the trainer's), as a group
 * with evaluateGroup or one by one with linearForward and lossAndGrad; `shuffled` reads the rows
 * through a permutation. Each chunk's stats start from zero, so that a difference in one row's loss
 * is not lost in the rounding of a long sum.
 * @returns every chunk's stacked stats, and the stacked confusion matrices of all chunks.
 */
export async function evaluateMembers(
  be: Backend,
  grouped: boolean,
  shuffled: boolean,
): Promise<[Float32Array, Uint32Array]> {
  const rng = new Rng(11);
  const count = 2345;
  const data = mnistLike(rng, { count, features: F, classes: C, zeroRows: [5, 1500] });
  const ds = be.uploadDataset(data.images, data.labels, F, C);
  const order = shuffled ? be.upload("u32", rng.permutation(count)) : null;
  const losses: LossKind[] = ["mse", "cross-entropy", "cross-entropy", "mse"];
  const K = losses.length;
  const w = rng.floats(K * F * C, 0.05);
  const b = rng.floats(K * C, 0.5);
  const chunk = 1000;
  const chunks = Math.ceil(count / chunk);
  const rowsOf = (i: number) => ({ order, offset: i * chunk, count: Math.min(chunk, count - i * chunk) });
  const [allStats, allConfusion] = [new Float32Array(chunks * 2 * K), new Uint32Array(K * C * C)];
  if (grouped) {
    const t = { w: be.upload("f32", w), b: be.upload("f32", b), z: be.zeros("f32", K * chunk * C) };
    const confusion = be.zeros("u32", K * C * C);
    for (let i = 0; i < chunks; i++) {
      const stats = be.zeros("f32", 2 * K);
      be.evaluateGroup(ds, rowsOf(i), t, losses, stats, confusion);
      allStats.set(await be.read(stats), i * 2 * K);
    }
    allConfusion.set(await be.read(confusion));
    return [allStats, allConfusion];
  }
  for (let k = 0; k < K; k++) {
    const wk = be.upload("f32", w.subarray(k * F * C, (k + 1) * F * C));
    const bk = be.upload("f32", b.subarray(k * C, (k + 1) * C));
    const [z, confusion] = [be.zeros("f32", chunk * C), be.zeros("u32", C * C)];
    for (let i = 0; i < chunks; i++) {
      const stats = be.zeros("f32", 2);
      be.linearForward(ds, rowsOf(i), wk, bk, z);
      be.lossAndGrad(losses[k], z, ds, rowsOf(i), null, stats, confusion);
      allStats.set(await be.read(stats), i * 2 * K + 2 * k);
    }
    allConfusion.set(await be.read(confusion), k * C * C);
  }
  return [allStats, allConfusion];
}
