/**
 * A dataset split across buffers (`maxDatasetBindingBytes` forces small parts) gives exactly what the
 * same dataset in one buffer gives: every op that reads the dataset, with rows in storage order and
 * through a permutation, the fused training step with SGD momentum and Adam, and the group step of
 * three models. Closeness to the
 * float64 reference is the conformance suite's part (`conformance.deno_test.ts` runs it split too).
 */
import type { Backend, DeviceDataset, RowSelection, StepUpdate, Tensor } from "../backend.ts";
import { type HostDataset, mnistLike, Rng } from "../testing/_fixtures.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

async function gpu(maxDatasetBindingBytes?: number): Promise<WebGpuBackend> {
  return await createWebGpuBackend({ maxDatasetBindingBytes }).catch((error: Error) => {
    throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
  });
}

let whole: Promise<WebGpuBackend> | null = null;

/** How a case selects its rows: a permutation of every row (with an offset into it), or storage order. */
type Selection = { readonly kind: "order"; readonly offset: number; readonly count: number } | RowSelection;

/** Every dataset op's output for one selection, read back. */
async function everyOp(be: Backend, host: HostDataset, pick: Selection): Promise<Float32Array[]> {
  const { features: F, classes: C } = host;
  const count = host.labels.length;
  const r = new Rng(7);
  const ds: DeviceDataset = be.uploadDataset(host.images, host.labels, F, C);
  const order = "kind" in pick ? be.upload("u32", r.permutation(count)) : (pick.order ?? null);
  const rows: RowSelection = "kind" in pick ? { order, offset: pick.offset, count: pick.count } : pick;
  const n = rows.count;
  const tensors: Tensor[] = [];
  const up = (data: Float32Array) => {
    const t = be.upload("f32", data);
    tensors.push(t);
    return t;
  };
  const zeros = (length: number) => {
    const t = be.zeros("f32", length);
    tensors.push(t);
    return t;
  };
  const w = up(r.floats(F * C, 0.1));
  const b = up(r.floats(C, 0.1));
  const z = zeros(n * C);
  const g = zeros(n * C);
  const gw = zeros(F * C);
  const gb = zeros(C);
  const stats = zeros(2);
  const confusion = be.zeros("u32", C * C);
  be.linearForward(ds, rows, w, b, z);
  be.lossAndGrad("mse", z, ds, rows, g, stats, confusion);
  be.linearBackward(ds, rows, g, gw, gb);
  const out = [
    await be.read(z),
    await be.read(g),
    await be.read(gw),
    await be.read(gb),
    await be.read(stats),
  ];
  out.push(new Float32Array((await be.read(confusion)).buffer));
  for (const kind of ["sgd", "adam"] as const) {
    const model = { w: up(r.floats(F * C, 0.1)), b: up(r.floats(C, 0.1)) };
    const state = () => ({ w: zeros(F * C), b: zeros(C) });
    const s1 = state();
    const s2 = state();
    const trainStats = zeros(2);
    for (let step = 1; step <= 3; step++) {
      const update: StepUpdate =
        kind === "sgd"
          ? {
              kind,
              params: { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 1e-3, step },
              velocity: s1,
            }
          : {
              kind,
              params: { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step },
              m: s1,
              v: s2,
            };
      be.trainStep("cross-entropy", ds, rows, { ...model, z, g, gw, gb }, trainStats, update);
    }
    out.push(await be.read(model.w), await be.read(model.b), await be.read(trainStats));
  }
  // A group of three models (plain SGD with MSE, Nesterov and Adam with cross-entropy).
  const K = 3;
  const stacked = (per: number, init?: Float32Array) => up(init ?? new Float32Array(K * per));
  const pair = () => ({ w: stacked(F * C), b: stacked(C) });
  const group = {
    w: stacked(F * C, r.floats(K * F * C, 0.1)),
    b: stacked(C, r.floats(K * C, 0.1)),
    z: stacked(n * C),
    g: stacked(n * C),
    gw: stacked(F * C),
    gb: stacked(C),
    velocity: pair(),
    m: pair(),
    v: pair(),
  };
  const groupStats = stacked(2);
  for (let step = 1; step <= 3; step++) {
    const sgd = { lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step };
    const adam = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4, step };
    be.trainStepGroup(ds, rows, group, groupStats, [
      { loss: "mse", update: { kind: "sgd", params: sgd } },
      { loss: "cross-entropy", update: { kind: "sgd", params: { ...sgd, momentum: 0.9, nesterov: true } } },
      { loss: "cross-entropy", update: { kind: "adam", params: adam } },
    ]);
  }
  out.push(await be.read(group.w), await be.read(group.b), await be.read(groupStats));
  for (const t of tensors) be.release(t);
  be.release(confusion);
  if (order !== null) be.release(order);
  be.releaseDataset(ds);
  return out;
}

const NAMES = ["z", "g", "gw", "gb", "stats", "confusion"].concat(
  ...["sgd", "adam", "group"].map((k) => [`${k} w`, `${k} b`, `${k} stats`]),
);

async function expectSame(host: HostDataset, partBytes: number, pick: Selection): Promise<void> {
  whole ??= gpu();
  const split = await gpu(partBytes);
  try {
    if (split.datasetPartBytes !== partBytes)
      throw new Error(`datasetPartBytes is ${split.datasetPartBytes}, expected ${partBytes}`);
    const want = await everyOp(await whole, host, pick);
    // A different batch first: it must differ (the comparison can fail), and it leaves other rows in
    // the split backend's batch buffers, which the batch compared next must overwrite.
    const other = await everyOp(split, host, { order: null, offset: 0, count: pick.count + 1 });
    if (other[3].every((v, i) => v === want[3][i])) throw new Error("a different batch gave the same gb");
    const got = await everyOp(split, host, pick);
    want.forEach((w, k) => {
      const name = NAMES[k] ?? `output ${k}`;
      const g = got[k];
      if (g.length !== w.length) throw new Error(`${name}: ${g.length} elements, expected ${w.length}`);
      for (let i = 0; i < w.length; i++) {
        if (!Object.is(g[i], w[i]))
          throw new Error(`${name}[${i}] is ${g[i]} split, ${w[i]} in one buffer, expected the same`);
      }
    });
  } finally {
    split.destroy();
  }
}

const mnist = (count: number) => mnistLike(new Rng(11), { count, features: 784, classes: 10 });

Deno.test({
  name: "webgpu dataset split inside an image: rows 2 and 4 each straddle two buffers (784-byte rows, 1,960-byte parts)",
  ...options,
  async fn() {
    // 1,960 = 2.5 rows: part 1 ends in the middle of row 2, part 2 in the middle of row 4.
    await expectSame(mnist(12), 1960, { kind: "order", offset: 1, count: 10 });
    await expectSame(mnist(12), 1960, { order: null, offset: 2, count: 1 });
  },
});

Deno.test({
  name: "webgpu dataset split: a batch in storage order spanning two buffers",
  ...options,
  async fn() {
    // Rows 3…6 are bytes 2,352…5,488: the first two 3,136-byte (4-row) parts.
    await expectSame(mnist(16), 3136, { order: null, offset: 3, count: 4 });
  },
});

Deno.test({
  name: "webgpu dataset split across 3+ buffers, labels too: 13-byte rows in 40-byte parts (49 image and 4 label buffers)",
  ...options,
  async fn() {
    const host = mnistLike(new Rng(5), { count: 150, features: 13, classes: 5 });
    await expectSame(host, 40, { kind: "order", offset: 20, count: 37 });
    await expectSame(host, 40, { order: null, offset: 100, count: 50 });
  },
});

Deno.test({
  name: "webgpu dataset: parts are as large as the device's binding and buffer limits allow, and the option is checked",
  ...options,
  async fn() {
    whole ??= gpu();
    const be = await whole;
    const { maxStorageBufferBindingSize, maxBufferSize } = be.device.limits;
    const expected = Math.floor(Math.min(maxStorageBufferBindingSize, maxBufferSize, 2 ** 31) / 4) * 4;
    console.log(
      `maxStorageBufferBindingSize ${maxStorageBufferBindingSize}, maxBufferSize ${maxBufferSize}: dataset parts of ${be.datasetPartBytes} bytes`,
    );
    if (be.datasetPartBytes !== expected)
      throw new Error(`datasetPartBytes is ${be.datasetPartBytes}, expected ${expected}`);
    const message = await createWebGpuBackend({ maxDatasetBindingBytes: 2 }).then(
      (b) => {
        b.destroy();
        return "created";
      },
      (error: Error) => `${error.name}: ${error.message}`,
    );
    const want =
      "RangeError: Cannot create WebGPU backend: maxDatasetBindingBytes is 2, expected an integer of at least 4";
    if (message !== want) throw new Error(`got "${message}", expected "${want}"`);
    be.destroy();
    whole = null;
  },
});
