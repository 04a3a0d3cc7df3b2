/**
 * A group step on WebGPU: two dispatches for a group of one optimiser whatever its size (one forward
 * for every model, one update), one more per further optimiser variant, no submit; and every member
 * ends where its own fused `trainStep` takes it, within the conformance tolerance.
 */
import type { GroupMember, StepUpdate, Tensor } from "../backend.ts";
import { assertClose, Rng } from "../testing/_fixtures.ts";
import { counted } from "./_test_counting_device.ts";

const options = { sanitizeOps: false, sanitizeResources: false };
const [F, C, n] = [784, 10, 100];

function membersAt(mixed: boolean, K: number, step: number): GroupMember[] {
  return Array.from({ length: K }, (_, k): GroupMember => {
    const lr = 0.001 * 1000 ** (k / Math.max(1, K - 1));
    const sgd = { lr, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step };
    if (!mixed || k % 3 === 0) return { loss: "mse", update: { kind: "sgd", params: sgd } };
    if (k % 3 === 1) {
      return {
        loss: "cross-entropy",
        update: { kind: "sgd", params: { ...sgd, momentum: 0.9, nesterov: true } },
      };
    }
    const adam = { lr: lr / 100, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, step };
    return { loss: "cross-entropy", update: { kind: "adam", params: adam } };
  });
}

for (const [mixed, K, perStep] of [
  [false, 16, 2],
  [true, 6, 4],
] as const) {
  Deno.test({
    name: `webgpu trainStepGroup, ${K} models${mixed ? " (SGD, Nesterov, Adam)" : " (SGD)"}: ${perStep} dispatches and no submit per step; each model as its own trainStep`,
    ...options,
    async fn() {
      const { be, counts } = await counted(true);
      const r = new Rng(5);
      const count = 10 * n;
      const images = Uint8Array.from({ length: count * F }, () => (r.next() < 0.81 ? 0 : 1 + r.int(255)));
      const labels = Uint8Array.from({ length: count }, () => r.int(C));
      const ds = be.uploadDataset(images, labels, F, C);
      const order = be.upload("u32", r.permutation(count));
      const w0 = r.floats(F * C, 0.05);
      const stacked = (per: number, first?: Float32Array) => {
        const a = new Float32Array(K * per);
        for (let k = 0; first !== undefined && k < K; k++) a.set(first, k * per);
        return be.upload("f32", a);
      };
      const pair = () => ({ w: stacked(F * C), b: stacked(C) });
      const t = {
        w: stacked(F * C, w0),
        b: stacked(C),
        z: stacked(n * C),
        g: stacked(n * C),
        gw: stacked(F * C),
        gb: stacked(C),
        velocity: pair(),
        m: pair(),
        v: pair(),
      };
      const stats = stacked(2);
      const before = { ...counts };
      for (let step = 1; step <= 10; step++) {
        const rows = { order, offset: (step - 1) * n, count: n };
        be.trainStepGroup(ds, rows, t, stats, membersAt(mixed, K, step));
      }
      const dispatches = counts.dispatches - before.dispatches;
      const submits = counts.submits - before.submits;
      if (dispatches !== 10 * perStep || submits !== 0) {
        throw new Error(
          `10 steps made ${dispatches} dispatches and ${submits} submits, expected ${10 * perStep} and 0`,
        );
      }
      const [w, b, s] = [await be.read(t.w), await be.read(t.b), await be.read(stats)];
      for (let k = 0; k < K; k++) {
        const f = (len: number, init?: Float32Array) => be.upload("f32", init ?? new Float32Array(len));
        const one = { w: f(F * C, w0), b: f(C), z: f(n * C), g: f(n * C), gw: f(F * C), gb: f(C) };
        const [velocity, m, v] = [0, 1, 2].map(() => ({ w: f(F * C), b: f(C) }));
        const oneStats = f(2);
        for (let step = 1; step <= 10; step++) {
          const rows = { order, offset: (step - 1) * n, count: n };
          const member = membersAt(mixed, K, step)[k];
          const u = member.update;
          const update: StepUpdate =
            u.kind === "sgd"
              ? { kind: "sgd", params: u.params, velocity: u.params.momentum !== 0 ? velocity : null }
              : { kind: "adam", params: u.params, m, v };
          be.trainStep(member.loss, ds, rows, one, oneStats, update);
        }
        const tol = { abs: 1e-4, rel: 1e-4 };
        assertClose(`model ${k} weight`, w.subarray(k * F * C, (k + 1) * F * C), await be.read(one.w), tol);
        assertClose(`model ${k} bias`, b.subarray(k * C, (k + 1) * C), await be.read(one.b), tol);
        assertClose(`model ${k} stats`, s.subarray(2 * k, 2 * k + 2), await be.read(oneStats), tol);
        for (const x of [...Object.values(one), velocity.w, velocity.b, m.w, m.b, v.w, v.b, oneStats])
          be.release(x as Tensor);
      }
      be.destroy();
    },
  });
}
