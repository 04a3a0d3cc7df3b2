/**
 * The conformance suite: cases that any {@link Backend} runs against a reference backend.
 *
 * Each case creates the same seeded inputs on both backends, runs one op (or a short chain of ops)
 * on each and compares what {@link Backend.read} returns, element by element, within the tolerance
 * the case states. Shapes include sizes that are not multiples of 4, 16 or 64, a batch of one,
 * all-zero rows, logits of ±1e4, labels at both class bounds, and every kind of row selection
 * (storage order, offsets, permutations). Output tensors are longer than the op writes and are
 * pre-filled, so a case also checks that ops use only the documented prefix and leave the rest alone.
 *
 * Use it from any test runner:
 * ```ts ignore
 * for (const c of conformanceCases()) {
 *   test(`${c.name} (${c.tolerance})`, () => c.run(createMyBackend(), createReferenceBackend()));
 * }
 * ```
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind, RowSelection, SgdParams, Tensor } from "../backend.ts";
import { evaluateGroupCases } from "./_evaluate_group_cases.ts";
import { evaluateGroupChunkCases } from "./_evaluate_group_chunk_cases.ts";
import {
  assertClose,
  Both,
  type ConformanceCase,
  describeTolerance,
  EXACT,
  expectPair,
  type HostDataset,
  mnistLike,
  type Pair,
  pairedCase,
  Rng,
  type Tolerance,
} from "./_fixtures.ts";
import { trainStepCases } from "./_train_step_cases.ts";
import { trainStepGroupCases } from "./_train_step_group_cases.ts";

export type { ConformanceCase } from "./_fixtures.ts";

/** Linear ops: sums of up to F products of pixels in [0, 1] and values of order 1. */
export const LINEAR_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-4 };
/** Softmax probabilities. */
export const SOFTMAX_TOLERANCE: Tolerance = { abs: 1e-6, rel: 1e-5 };
/** Loss sums and correct counts (`stats`). */
export const STATS_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-5 };
/** Logit gradients of the batch-mean loss. */
export const GRAD_TOLERANCE: Tolerance = { abs: 1e-7, rel: 1e-4 };
/** Optimiser updates (parameters and their state after up to three steps). */
export const OPTIMIZER_TOLERANCE: Tolerance = { abs: 1e-6, rel: 1e-5 };

interface Shape {
  readonly n: number;
  readonly features: number;
  readonly classes: number;
}

const LINEAR_SHAPES: readonly Shape[] = [
  { n: 1, features: 784, classes: 10 },
  { n: 100, features: 784, classes: 10 },
  { n: 37, features: 61, classes: 5 },
  { n: 17, features: 13, classes: 3 },
  { n: 65, features: 129, classes: 17 },
  { n: 3, features: 1, classes: 1 },
  { n: 250, features: 33, classes: 10 },
];

/**
 * More shapes for `linearForward`, after the others so their seeds stay put: several class blocks
 * over whole pixel words, and more row tiles than one dimension of a split dispatch holds (the
 * WebGPU kernel's other paths).
 */
const TILE_SHAPES: readonly Shape[] = [
  { n: 300, features: 40, classes: 20 },
  { n: 4200, features: 8, classes: 2 },
];

type RowMode = "storage order" | "storage order + offset" | "permutation + offset";
const ROW_MODES: readonly RowMode[] = ["storage order", "storage order + offset", "permutation + offset"];

/** A dataset of `n + 2·offset` rows (zero rows at 0, the middle and the end) and a row selection of `n`. */
function selection(b: Both, rng: Rng, shape: Shape, mode: RowMode) {
  const offset = mode === "storage order" ? 0 : 1 + rng.int(11);
  const count = shape.n + 2 * offset;
  const host: HostDataset = mnistLike(rng, {
    count,
    features: shape.features,
    classes: shape.classes,
    zeroRows: [0, count >> 1, count - 1],
  });
  const ds = b.dataset(host);
  let order: Pair<Tensor<"u32">> | null = null;
  if (mode === "permutation + offset") order = b.upload("u32", rng.permutation(count));
  const rows = (side: "cand" | "ref"): RowSelection => ({
    order: order === null ? null : order[side],
    offset,
    count: shape.n,
  });
  return { ds, rows, host };
}

function shapeName(s: Shape): string {
  return `n=${s.n} F=${s.features} C=${s.classes}`;
}

function linearForwardCase(shape: Shape, mode: RowMode, seed: number): ConformanceCase {
  return pairedCase(
    `linearForward ${shapeName(shape)}, ${mode}`,
    describeTolerance(LINEAR_TOLERANCE),
    seed,
    async (b, rng) => {
      const { ds, rows } = selection(b, rng, shape, mode);
      const { features: F, classes: C, n } = shape;
      const w = b.upload("f32", rng.floats(F * C, 1));
      const bias = b.upload("f32", rng.floats(C, 1));
      const out = b.upload("f32", new Float32Array(n * C + 7).fill(42));
      b.cand.linearForward(ds.cand, rows("cand"), w.cand, bias.cand, out.cand);
      b.ref.linearForward(ds.ref, rows("ref"), w.ref, bias.ref, out.ref);
      await expectPair(b, "linearForward out", out, LINEAR_TOLERANCE);
    },
  );
}

function linearBackwardCase(shape: Shape, mode: RowMode, seed: number): ConformanceCase {
  return pairedCase(
    `linearBackward ${shapeName(shape)}, ${mode}`,
    describeTolerance(LINEAR_TOLERANCE),
    seed,
    async (b, rng) => {
      const { ds, rows } = selection(b, rng, shape, mode);
      const { features: F, classes: C, n } = shape;
      const g = b.upload("f32", rng.floats(n * C + 5, 1));
      const gw = b.upload("f32", rng.floats(F * C, 9)); // garbage: the op overwrites it
      const gb = b.upload("f32", rng.floats(C, 9));
      b.cand.linearBackward(ds.cand, rows("cand"), g.cand, gw.cand, gb.cand);
      b.ref.linearBackward(ds.ref, rows("ref"), g.ref, gw.ref, gb.ref);
      await expectPair(b, "linearBackward gw", gw, LINEAR_TOLERANCE);
      await expectPair(b, "linearBackward gb", gb, LINEAR_TOLERANCE);
    },
  );
}

/** Logits with random rows, all-zero rows (ties: argmax is the first class) and rows of ±1e4. */
function logits(rng: Rng, n: number, C: number, extra: number, huge: boolean): Float32Array {
  const z = rng.floats(n * C + extra, 3);
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    if (kind === 1) z.fill(0, i * C, (i + 1) * C);
    if (kind === 3 || huge) for (let c = 0; c < C; c++) z[i * C + c] = rng.next() < 0.5 ? -1e4 : 1e4;
  }
  return z;
}

interface LossVariant {
  readonly kind: LossKind;
  readonly grad: boolean;
  readonly confusion: boolean;
  readonly n: number;
  readonly classes: number;
  readonly huge: boolean;
}

function lossCase(v: LossVariant, seed: number): ConformanceCase {
  const parts = [v.kind, `n=${v.n} C=${v.classes}`, v.grad ? "with grad" : "no grad"];
  if (v.confusion) parts.push("confusion");
  if (v.huge) parts.push("logits ±1e4");
  return pairedCase(
    `lossAndGrad ${parts.join(", ")}`,
    `stats ${describeTolerance(STATS_TOLERANCE)}; grad ${describeTolerance(GRAD_TOLERANCE)}; confusion exact`,
    seed,
    async (b, rng) => {
      const shape = { n: v.n, features: 5, classes: v.classes };
      const { ds, rows } = selection(b, rng, shape, "permutation + offset");
      const C = v.classes;
      const z = b.upload("f32", logits(rng, v.n, C, 6, v.huge));
      const grad = v.grad ? b.upload("f32", new Float32Array(v.n * C + 3).fill(7)) : null;
      const stats = b.upload("f32", new Float32Array([1.5, 2]));
      const seeded = new Uint32Array(C * C).map((_x, i) => i % 3);
      const confusion = v.confusion ? b.upload("u32", seeded) : null;
      b.cand.lossAndGrad(
        v.kind,
        z.cand,
        ds.cand,
        rows("cand"),
        grad?.cand ?? null,
        stats.cand,
        confusion?.cand ?? null,
      );
      b.ref.lossAndGrad(
        v.kind,
        z.ref,
        ds.ref,
        rows("ref"),
        grad?.ref ?? null,
        stats.ref,
        confusion?.ref ?? null,
      );
      await expectPair(b, `lossAndGrad(${v.kind}) stats`, stats, STATS_TOLERANCE);
      if (grad !== null) await expectPair(b, `lossAndGrad(${v.kind}) grad`, grad, GRAD_TOLERANCE);
      if (confusion !== null) await expectPair(b, `lossAndGrad(${v.kind}) confusion`, confusion, EXACT);
    },
  );
}

function softmaxCase(n: number, C: number, huge: boolean, seed: number): ConformanceCase {
  return pairedCase(
    `softmax n=${n} C=${C}${huge ? ", logits ±1e4" : ""}`,
    describeTolerance(SOFTMAX_TOLERANCE),
    seed,
    async (b, rng) => {
      const z = b.upload("f32", logits(rng, n, C, 0, huge));
      const out = b.upload("f32", new Float32Array(n * C).fill(5));
      b.cand.softmax(z.cand, out.cand, C);
      b.ref.softmax(z.ref, out.ref, C);
      await expectPair(b, "softmax out", out, SOFTMAX_TOLERANCE);
    },
  );
}

type SgdConfig = Omit<SgdParams, "step">;

function sgdCase(label: string, config: SgdConfig, length: number, seed: number): ConformanceCase {
  return pairedCase(
    `sgdStep ${label}, length ${length}, steps 1–3`,
    describeTolerance(OPTIMIZER_TOLERANCE),
    seed,
    async (b, rng) => {
      const param = b.upload("f32", rng.floats(length, 1));
      const velocity = config.momentum !== 0 ? b.upload("f32", rng.floats(length, 5)) : null;
      for (let step = 1; step <= 3; step++) {
        const grad = b.upload("f32", rng.floats(length, 1));
        const p = { ...config, step };
        b.cand.sgdStep(param.cand, grad.cand, velocity?.cand ?? null, p);
        b.ref.sgdStep(param.ref, grad.ref, velocity?.ref ?? null, p);
        await expectPair(b, `sgdStep step ${step} param`, param, OPTIMIZER_TOLERANCE);
        if (velocity !== null)
          await expectPair(b, `sgdStep step ${step} velocity`, velocity, OPTIMIZER_TOLERANCE);
      }
    },
  );
}

function adamCase(weightDecay: number, length: number, seed: number): ConformanceCase {
  return pairedCase(
    `adamStep weight decay ${weightDecay}, length ${length}, steps 1–3`,
    describeTolerance(OPTIMIZER_TOLERANCE),
    seed,
    async (b, rng) => {
      const param = b.upload("f32", rng.floats(length, 1));
      const m = b.upload("f32", new Float32Array(length));
      const v = b.upload("f32", new Float32Array(length));
      for (let step = 1; step <= 3; step++) {
        const grad = b.upload("f32", rng.floats(length, 1));
        const p = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, step };
        b.cand.adamStep(param.cand, grad.cand, m.cand, v.cand, p);
        b.ref.adamStep(param.ref, grad.ref, m.ref, v.ref, p);
        await expectPair(b, `adamStep step ${step} param`, param, OPTIMIZER_TOLERANCE);
        await expectPair(b, `adamStep step ${step} m`, m, OPTIMIZER_TOLERANCE);
        await expectPair(b, `adamStep step ${step} v`, v, OPTIMIZER_TOLERANCE);
      }
    },
  );
}

const ALLOCATOR_CASES: readonly ConformanceCase[] = [
  {
    name: "upload/read round-trip (f32 and u32, odd lengths)",
    tolerance: "exact",
    async run(cand) {
      const rng = new Rng(1);
      for (const length of [1, 3, 17, 1001]) {
        const f = rng.floats(length, 1e3);
        f[0] = -0;
        const u = new Uint32Array(length).map(() => rng.int(2 ** 32));
        u[length - 1] = 2 ** 32 - 1;
        const [tf, tu] = [cand.upload("f32", f), cand.upload("u32", u)];
        assertClose(`read f32 (length ${length})`, await cand.read(tf), f, EXACT);
        assertClose(`read u32 (length ${length})`, await cand.read(tu), u, EXACT);
        if (tf.length !== length || tf.dtype !== "f32")
          throw new Error("Cannot match reference: tensor shape");
        cand.release(tf);
        cand.release(tu);
      }
    },
  },
  {
    name: "zeros, fill and write with offset",
    tolerance: "exact",
    async run(cand, ref) {
      const b = new Both(cand, ref);
      const extra: Tensor[] = [];
      try {
        const rng = new Rng(2);
        for (const dtype of ["f32", "u32"] as const) {
          const z = cand.zeros(dtype, 37);
          extra.push(z);
          assertClose(`zeros ${dtype}`, await cand.read(z), new Float32Array(37), EXACT);
          const t =
            dtype === "f32" ? b.upload("f32", rng.floats(37, 2)) : b.upload("u32", new Uint32Array(37));
          for (const side of ["cand", "ref"] as const) {
            const be = side === "cand" ? cand : ref;
            be.fill(t[side], dtype === "f32" ? 3.5 : 7);
            const data = dtype === "f32" ? new Float32Array([1.25, -2, 9]) : new Uint32Array([4, 5, 6]);
            be.write(t[side] as Tensor<typeof dtype>, data as never, 0);
            be.write(t[side] as Tensor<typeof dtype>, data as never, 17);
            be.write(t[side] as Tensor<typeof dtype>, data as never, 34);
            be.write(t[side] as Tensor<typeof dtype>, data.subarray(0, 1) as never);
          }
          await expectPair(b, `fill+write ${dtype}`, t, EXACT);
        }
        const f = b.upload("f32", new Float32Array(11));
        cand.fill(f.cand, -0.125);
        ref.fill(f.ref, -0.125);
        await expectPair(b, "fill f32 negative", f, EXACT);
      } finally {
        for (const t of extra) cand.release(t);
        b.release();
      }
    },
  },
];

/** A short training run: forward, loss, backward and SGD with momentum, five steps, then evaluation. */
function trainingCase(kind: LossKind): ConformanceCase {
  return pairedCase(
    `training chain (${kind}, batch 32 of 150 rows, 5 steps, momentum) then evaluation`,
    `parameters ${describeTolerance(LINEAR_TOLERANCE)}; stats ${describeTolerance(STATS_TOLERANCE)}`,
    kind === "mse" ? 7 : 8,
    async (b, rng) => {
      const [F, C, B, count] = [784, 10, 32, 150];
      const ds = b.dataset(mnistLike(rng, { count, features: F, classes: C, zeroRows: [3] }));
      const order = b.upload("u32", rng.permutation(count));
      const w = b.upload("f32", rng.floats(F * C, 0.0357));
      const bias = b.upload("f32", rng.floats(C, 0.0357));
      const names = ["z", "g", "gw", "gb", "vw", "vb", "stats"] as const;
      const sizes = [count * C, B * C, F * C, C, F * C, C, 2];
      const t = Object.fromEntries(names.map((k, i) => [k, b.upload("f32", new Float32Array(sizes[i]))]));
      for (const [side, be] of [
        ["cand", b.cand],
        ["ref", b.ref],
      ] as const) {
        for (let step = 1; step <= 5; step++) {
          const offset = ((step - 1) * B) % count;
          const rows = { order: order[side], offset, count: Math.min(B, count - offset) };
          be.linearForward(ds[side], rows, w[side], bias[side], t.z[side]);
          be.lossAndGrad(kind, t.z[side], ds[side], rows, t.g[side], t.stats[side], null);
          be.linearBackward(ds[side], rows, t.g[side], t.gw[side], t.gb[side]);
          const p = { lr: 0.5, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 1e-4, step };
          be.sgdStep(w[side], t.gw[side], t.vw[side], p);
          be.sgdStep(bias[side], t.gb[side], t.vb[side], p);
        }
        const all = { order: null, offset: 0, count };
        be.linearForward(ds[side], all, w[side], bias[side], t.z[side]);
        be.lossAndGrad(kind, t.z[side], ds[side], all, null, t.stats[side], null);
      }
      await expectPair(b, "trained weight", w, LINEAR_TOLERANCE);
      await expectPair(b, "trained bias", bias, LINEAR_TOLERANCE);
      await expectPair(b, "stats", t.stats, STATS_TOLERANCE);
    },
  );
}

/**
 * Every conformance case, in a fixed order with fixed seeds.
 * @returns the cases; each `run(candidate, reference)` throws on the first mismatch.
 * @example
 * ```ts
 * import { conformanceCases, createReferenceBackend } from "@mnist/tensor/testing";
 * import { createCpuBackend } from "@mnist/tensor";
 * for (const c of conformanceCases()) await c.run(createCpuBackend(), createReferenceBackend());
 * ```
 */
export function conformanceCases(): ConformanceCase[] {
  const cases: ConformanceCase[] = [...ALLOCATOR_CASES];
  let seed = 100;
  for (const shape of LINEAR_SHAPES) {
    for (const mode of ROW_MODES) {
      cases.push(linearForwardCase(shape, mode, seed++));
      cases.push(linearBackwardCase(shape, mode, seed++));
    }
  }
  for (const kind of ["mse", "cross-entropy"] as const) {
    for (const [n, classes] of [
      [1, 10],
      [100, 10],
      [37, 3],
      [13, 2],
    ]) {
      for (const grad of [true, false]) {
        for (const confusion of [true, false]) {
          cases.push(lossCase({ kind, grad, confusion, n, classes, huge: false }, seed++));
        }
      }
    }
    cases.push(lossCase({ kind, grad: true, confusion: true, n: 9, classes: 10, huge: true }, seed++));
  }
  for (const [n, C] of [
    [1, 10],
    [100, 10],
    [7, 3],
    [5, 17],
    [3, 1],
  ]) {
    cases.push(softmaxCase(n, C, false, seed++));
  }
  cases.push(softmaxCase(9, 10, true, seed++));
  const plain = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };
  const sgdConfigs: Array<[string, SgdConfig]> = [
    ["plain", plain],
    ["weight decay", { ...plain, weightDecay: 0.01 }],
    ["momentum", { ...plain, momentum: 0.9 }],
    ["momentum + dampening", { ...plain, momentum: 0.9, dampening: 0.1 }],
    ["nesterov + weight decay", { ...plain, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }],
  ];
  for (const [label, config] of sgdConfigs) {
    for (const length of [7850, 13, 1]) cases.push(sgdCase(label, config, length, seed++));
  }
  for (const wd of [0, 0.01]) for (const length of [7850, 13]) cases.push(adamCase(wd, length, seed++));
  cases.push(trainingCase("mse"), trainingCase("cross-entropy"));
  cases.push(...trainStepCases(seed));
  cases.push(...trainStepGroupCases(seed + 100));
  cases.push(...evaluateGroupCases(seed + 200));
  cases.push(...evaluateGroupChunkCases(seed + 900));
  let tileSeed = seed + 1000;
  for (const shape of TILE_SHAPES) {
    for (const mode of ROW_MODES) cases.push(linearForwardCase(shape, mode, tileSeed++));
  }
  return cases;
}
