/**
 * What a training step costs the device: counted on a wrapped `GPUDevice` that sees every
 * `dispatchWorkgroups` and `queue.submit` the backend makes. A fused step is two dispatches and no
 * submit; `fused: false` is the five separate kernels; a 600-step epoch is one command buffer.
 */
import type { LossKind, StepUpdate, Tensor } from "../backend.ts";
import { Rng } from "../testing/_fixtures.ts";
import { type Counts, counted, countingDevice } from "./_test_counting_device.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/** MNIST-shaped bytes: 784 features, 10 classes, about 19% non-zero pixels. */
function mnistShaped(rows: number, seed: number) {
  const r = new Rng(seed);
  const images = Uint8Array.from({ length: rows * 784 }, () => (r.next() < 0.81 ? 0 : 1 + r.int(255)));
  const labels = Uint8Array.from({ length: rows }, () => r.int(10));
  return { images, labels };
}

function updates(t: Record<string, Tensor<"f32">>): Record<string, (step: number) => StepUpdate> {
  const sgd = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };
  const velocity = { w: t.vw, b: t.vb };
  return {
    sgd: (step) => ({ kind: "sgd", params: { ...sgd, step }, velocity: null }),
    momentum: (step) => ({ kind: "sgd", params: { ...sgd, momentum: 0.9, dampening: 0.1, step }, velocity }),
    "nesterov + weight decay": (step) => ({
      kind: "sgd",
      params: { ...sgd, momentum: 0.9, nesterov: true, weightDecay: 1e-4, step },
      velocity,
    }),
    adam: (step) => ({
      kind: "adam",
      params: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step },
      m: { w: t.mw, b: t.mb },
      v: { w: t.sw, b: t.sb },
    }),
  };
}

for (const fused of [true, false]) {
  for (const loss of ["mse", "cross-entropy"] as LossKind[]) {
    Deno.test({
      name: `webgpu trainStep (${loss}, fused: ${fused}): ${fused ? 2 : 5} dispatches and no submit per step for SGD, momentum, Nesterov + weight decay and Adam`,
      ...options,
      async fn() {
        const { be, counts, device } = await counted(fused);
        try {
          const { images, labels } = mnistShaped(1000, 5);
          const ds = be.uploadDataset(images, labels, 784, 10);
          const order = be.upload(
            "u32",
            Uint32Array.from({ length: 1000 }, (_v, i) => (i * 7) % 1000),
          );
          const sizes = {
            w: 7840,
            b: 10,
            z: 1000,
            g: 1000,
            gw: 7840,
            gb: 10,
            vw: 7840,
            vb: 10,
            mw: 7840,
            mb: 10,
            sw: 7840,
            sb: 10,
          };
          const t = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, be.zeros("f32", n)]));
          const stats = be.zeros("f32", 2);
          for (const [name, update] of Object.entries(updates(t))) {
            be.flush();
            const before = { ...counts };
            for (let step = 1; step <= 10; step++) {
              const rows = { order, offset: (step - 1) * 100, count: 100 };
              be.trainStep(loss, ds, rows, t as never, stats, update(step));
            }
            const dispatches = counts.dispatches - before.dispatches;
            const submits = counts.submits - before.submits;
            const expected = (fused ? 2 : 5) * 10;
            if (dispatches !== expected || submits !== 0) {
              throw new Error(
                `${name}: 10 steps made ${dispatches} dispatches and ${submits} submits, expected ${expected} and 0`,
              );
            }
          }
          const [lossSum, correct] = await be.read(stats);
          if (!(Number.isFinite(lossSum) && lossSum > 0 && correct >= 0 && correct <= 4000))
            throw new Error(`stats [${lossSum}, ${correct}] after 40 steps of 100 rows are out of range`);
        } finally {
          be.destroy();
          device.destroy();
        }
      },
    });
  }
}

Deno.test({
  name: "webgpu trainStep: a 600-step epoch (batch 100 of 60,000 rows) is one command buffer, submitted by the one read",
  ...options,
  async fn() {
    const { be, counts, device } = await counted(true);
    try {
      const { images, labels } = mnistShaped(6000, 6);
      const ds = be.uploadDataset(images, labels, 784, 10);
      // 600 batches of 100 over 6,000 distinct rows: an order of 60,000 entries, as an epoch's.
      const order = be.upload(
        "u32",
        Uint32Array.from({ length: 60000 }, (_v, i) => (i * 7919) % 6000),
      );
      const [w, b, z, g, gw, gb, stats] = [7840, 10, 1000, 1000, 7840, 10, 2].map((n) => be.zeros("f32", n));
      be.flush();
      const before = { ...counts };
      const params = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };
      for (let step = 1; step <= 600; step++) {
        const rows = { order, offset: (step - 1) * 100, count: 100 };
        be.trainStep("mse", ds, rows, { w, b, z, g, gw, gb }, stats, {
          kind: "sgd",
          params: { ...params, step },
          velocity: null,
        });
      }
      const recorded = {
        dispatches: counts.dispatches - before.dispatches,
        submits: counts.submits - before.submits,
      };
      await be.read(stats);
      const submits = counts.submits - before.submits;
      if (recorded.dispatches !== 1200 || recorded.submits !== 0 || submits !== 1) {
        throw new Error(
          `600 steps: ${recorded.dispatches} dispatches and ${recorded.submits} submits while recording, ${submits} in all; expected 1200, 0 and 1`,
        );
      }
    } finally {
      be.destroy();
      device.destroy();
    }
  },
});

Deno.test({
  name: "webgpu trainStep: one class takes the separate kernels (the fused ones need C ≥ 2)",
  ...options,
  async fn() {
    const { be, counts, device } = await counted(true);
    try {
      const ds = be.uploadDataset(new Uint8Array(40).fill(3), new Uint8Array(10), 4, 1);
      const [w, b, z, g, gw, gb, stats] = [4, 1, 10, 10, 4, 1, 2].map((n) => be.zeros("f32", n));
      be.flush();
      const before = counts.dispatches;
      const params = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step: 1 };
      be.trainStep("mse", ds, { order: null, offset: 0, count: 10 }, { w, b, z, g, gw, gb }, stats, {
        kind: "sgd",
        params,
        velocity: null,
      });
      if (counts.dispatches - before !== 5)
        throw new Error(`${counts.dispatches - before} dispatches, expected 5`);
    } finally {
      be.destroy();
      device.destroy();
    }
  },
});

Deno.test({
  name: "webgpu kernelTimes: GPU time of each fused kernel with profile: true (lavapipe offers timestamp-query), a one-line reason without",
  ...options,
  async fn() {
    const plain = await createWebGpuBackend();
    try {
      const error = await plain.kernelTimes().then(
        () => null,
        (e: Error) => e.message,
      );
      if (error !== "Cannot read kernel times: profiling was not requested (profile: true)")
        throw new Error(`kernelTimes() without profiling gave ${JSON.stringify(error)}`);
    } finally {
      plain.destroy();
    }
    const be = await createWebGpuBackend({ profile: true });
    try {
      if (be.profileUnavailable !== null)
        throw new Error(`no timestamps on lavapipe: ${be.profileUnavailable}`);
      const { images, labels } = mnistShaped(300, 7);
      const ds = be.uploadDataset(images, labels, 784, 10);
      const [w, b, z, g, gw, gb, stats] = [7840, 10, 1000, 1000, 7840, 10, 2].map((n) => be.zeros("f32", n));
      const params = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };
      for (let step = 1; step <= 3; step++) {
        const rows = { order: null, offset: (step - 1) * 100, count: 100 };
        be.trainStep("cross-entropy", ds, rows, { w, b, z, g, gw, gb }, stats, {
          kind: "sgd",
          params: { ...params, step },
          velocity: null,
        });
      }
      const times = await be.kernelTimes();
      const kernels = times.map((k) => `${k.kernel.split("/")[0]}×${k.dispatches}`).sort();
      if (kernels.join(",") !== "train_forward_sparse×3,train_update×3" || !times.every((k) => k.ms > 0))
        throw new Error(
          `kernel times ${JSON.stringify(times)}, expected 3 timed dispatches of each fused kernel`,
        );
      // On lavapipe the fused step runs in workgroups of 16 (_backend_train.ts, fusedStepWorkgroup).
      if (!times.every((k) => k.kernel.endsWith("/16")))
        throw new Error(
          `kernel keys ${times.map((k) => k.kernel).join(", ")}, expected workgroups of 16 on lavapipe`,
        );
      if ((await be.kernelTimes()).length !== 0) throw new Error("kernelTimes() did not clear its totals");
    } finally {
      be.destroy();
    }
  },
});

/**
 * Five Adam and five momentum steps through a permutation on `C` classes: dispatches per step, then
 * every result.
 */
async function permutedSteps(be: WebGpuBackend, counts: Counts | null, C: number) {
  const { images, labels } = mnistShaped(500, 8);
  const ds = be.uploadDataset(
    images,
    labels.map((y) => y % C),
    784,
    C,
  );
  const order = be.upload("u32", new Rng(3).permutation(500));
  const [W, Z] = [784 * C, 100 * C];
  const sizes = { w: W, b: C, z: Z, g: Z, gw: W, gb: C, vw: W, vb: C };
  const t = Object.fromEntries(Object.entries(sizes).map(([k, n]) => [k, be.zeros("f32", n)]));
  Object.assign(t, { mw: be.zeros("f32", W), mb: be.zeros("f32", C) });
  Object.assign(t, { sw: be.zeros("f32", W), sb: be.zeros("f32", C) });
  const stats = be.zeros("f32", 2);
  const perStep: Record<string, number> = {};
  for (const name of ["adam", "momentum"]) {
    be.flush();
    const before = counts?.dispatches ?? 0;
    for (let step = 1; step <= 5; step++) {
      const rows = { order, offset: step * 37, count: 100 };
      be.trainStep("cross-entropy", ds, rows, t as never, stats, updates(t)[name](step));
    }
    perStep[name] = ((counts?.dispatches ?? 0) - before) / 5;
  }
  const results = [];
  for (const k of ["w", "b", "mw", "mb", "sw", "sb", "vw", "vb"]) results.push(await be.read(t[k]));
  results.push(await be.read(stats));
  return { perStep, results };
}

for (const [C, adam, how] of [
  [10, 2, "the sparse forward hands the update its rows in z: 2 dispatches"],
  [2, 3, "with no room for the rows in z (2 classes), the batch's images are gathered first: 3 dispatches"],
] as const) {
  Deno.test({
    name: `webgpu trainStep: Adam through a permutation on a device of 10 storage buffers per stage (as Chromium's SwiftShader), ${C} classes: ${how}, the same numbers as with 11`,
    ...options,
    async fn() {
      const adapter = await navigator.gpu.requestAdapter();
      if (adapter === null) throw new Error("No WebGPU adapter in Deno (install mesa-vulkan-drivers)");
      if (adapter.limits.maxStorageBuffersPerShaderStage < 11)
        throw new Error(
          `the adapter offers ${adapter.limits.maxStorageBuffersPerShaderStage} storage buffers, expected 11 for the reference run`,
        );
      const narrow = await adapter.requestDevice({ requiredLimits: { maxStorageBuffersPerShaderStage: 10 } });
      const counts = { dispatches: 0, submits: 0 };
      const be = await createWebGpuBackend({ device: countingDevice(narrow, counts) });
      const wide = await createWebGpuBackend();
      try {
        const got = await permutedSteps(be, counts, C);
        if (got.perStep.adam !== adam || got.perStep.momentum !== 2)
          throw new Error(
            `dispatches per step ${JSON.stringify(got.perStep)}, expected adam ${adam}, momentum 2`,
          );
        const want = await permutedSteps(wide, null, C);
        want.results.forEach((w, k) => {
          const i = w.findIndex((v, j) => !Object.is(v, got.results[k][j]));
          if (i >= 0)
            throw new Error(`result ${k}[${i}] is ${got.results[k][i]} on 10 buffers, ${w[i]} on 11`);
        });
      } finally {
        be.destroy();
        wide.destroy();
        narrow.destroy();
      }
    },
  });
}
