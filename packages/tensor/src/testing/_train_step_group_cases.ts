/**
 * Conformance cases of {@link Backend.trainStepGroup}: groups of models with different losses and
 * optimisers (plain SGD, weight decay, momentum with dampening, Nesterov, Adam) trained three steps
 * on the same rows, against the reference backend's definition (each member's `trainStep` on its part
 * of the stacked tensors); stacked parameters, optimiser state and per-member stats must match. The
 * scratch tensors are not compared: the contract leaves them unspecified.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, GroupMember, GroupStepTensors, LossKind, ModelTensors, Tensor } from "../backend.ts";
import {
  type Both,
  type ConformanceCase,
  describeTolerance,
  expectPair,
  mnistLike,
  type Pair,
  pairedCase,
  type Tolerance,
} from "./_fixtures.ts";

/** As `trainStep`'s cases: three linear passes and updates of order lr. */
const GROUP_STEP_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-4 };
const GROUP_STATS_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-5 };

/** A member of a case: loss and optimiser by name. */
type Member = readonly [LossKind, "sgd" | "weight decay" | "momentum + dampening" | "nesterov" | "adam"];

function memberAt(m: Member, step: number, k: number): GroupMember {
  const [loss, o] = m;
  if (o === "adam") {
    const params = {
      lr: 1e-3 * step * (k + 1),
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.01,
      step,
    };
    return { loss, update: { kind: "adam", params } };
  }
  const momentum = o === "momentum + dampening" || o === "nesterov" ? 0.9 : 0;
  const params = {
    lr: (0.1 * (k + 1)) / step,
    momentum,
    dampening: o === "momentum + dampening" ? 0.1 : 0,
    nesterov: o === "nesterov",
    weightDecay: o === "weight decay" || o === "nesterov" ? 1e-3 : 0,
    step,
  };
  return { loss, update: { kind: "sgd", params } };
}

interface GroupShape {
  readonly n: number;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
}

function groupCase(members: readonly Member[], shape: GroupShape, seed: number): ConformanceCase {
  const { n, features: F, classes: C } = shape;
  const K = members.length;
  const names = members.map(([loss, o]) => `${loss} ${o}`).join(" | ");
  return pairedCase(
    `trainStepGroup K=${K} [${names}], n=${n} F=${F} C=${C}${shape.ordered ? ", permutation + offset" : ""}, steps 1–3`,
    `models and state ${describeTolerance(GROUP_STEP_TOLERANCE)}; stats ${describeTolerance(GROUP_STATS_TOLERANCE)}`,
    seed,
    async (b, rng) => {
      const offset = shape.ordered ? 1 + rng.int(7) : 0;
      const count = 3 * n + offset;
      const ds = b.dataset(mnistLike(rng, { count, features: F, classes: C, zeroRows: [offset] }));
      const order = shape.ordered ? b.upload("u32", rng.permutation(count)) : null;
      const scale = 1 / Math.sqrt(F);
      const stacked = (per: number, s: number, positive = false) =>
        b.upload(
          "f32",
          rng.floats(K * per, s).map((x) => (positive ? Math.abs(x) : x)),
        );
      const model = { w: stacked(F * C, scale), b: stacked(C, scale) };
      // Second moments are never negative (a negative one would make √v NaN).
      const state = (used: boolean, positive = false) =>
        used ? { w: stacked(F * C, 0.1, positive), b: stacked(C, 0.1, positive) } : null;
      const velocity = state(members.some(([, o]) => o === "momentum + dampening" || o === "nesterov"));
      const adam = members.some(([, o]) => o === "adam");
      const [m, v] = [state(adam), state(adam, true)];
      // Scratch longer than needed and full of garbage, as a trainer leaves it.
      const scratch = {
        z: stacked(count * C + 3, 9),
        g: stacked(n * C, 9),
        gw: stacked(F * C, 9),
        gb: stacked(C, 9),
      };
      const stats = b.upload(
        "f32",
        Float32Array.from({ length: 2 * K }, (_, i) => i + 0.5),
      );
      const side = <T>(p: Pair<T>, s: keyof Pair<T>) => p[s];
      const sideModel = (p: { w: Pair<Tensor<"f32">>; b: Pair<Tensor<"f32">> } | null, s: "cand" | "ref") =>
        p === null ? null : ({ w: side(p.w, s), b: side(p.b, s) } as ModelTensors);
      for (const s of ["cand", "ref"] as const) {
        const be: Backend = b[s];
        const t: GroupStepTensors = {
          w: model.w[s],
          b: model.b[s],
          z: scratch.z[s],
          g: scratch.g[s],
          gw: scratch.gw[s],
          gb: scratch.gb[s],
          velocity: sideModel(velocity, s),
          m: sideModel(m, s),
          v: sideModel(v, s),
        };
        for (let step = 1; step <= 3; step++) {
          const rows = { order: order?.[s] ?? null, offset: offset + (step - 1) * n, count: n };
          be.trainStepGroup(
            ds[s],
            rows,
            t,
            stats[s],
            members.map((member, k) => memberAt(member, step, k)),
          );
        }
      }
      await expectPair(b, "trainStepGroup weights", model.w, GROUP_STEP_TOLERANCE);
      await expectPair(b, "trainStepGroup biases", model.b, GROUP_STEP_TOLERANCE);
      for (const [name, slot] of [
        ["velocity", velocity],
        ["m", m],
        ["v", v],
      ] as const) {
        if (slot === null) continue;
        await expectPair(b, `trainStepGroup ${name} (weights)`, slot.w, GROUP_STEP_TOLERANCE);
        await expectPair(b, `trainStepGroup ${name} (biases)`, slot.b, GROUP_STEP_TOLERANCE);
      }
      await expectPair(b, "trainStepGroup stats", stats, GROUP_STATS_TOLERANCE);
    },
  );
}

/** A group whose Adam member has no moment tensors is refused, on every backend, before anything runs. */
function missingStateCase(): ConformanceCase {
  return pairedCase(
    "trainStepGroup refuses a member without its optimiser state",
    "exact",
    1,
    async (b: Both, rng) => {
      const ds = b.cand.uploadDataset(new Uint8Array(8), new Uint8Array([0, 1]), 4, 2);
      const f = (n: number) => b.upload("f32", rng.floats(n, 1)).cand;
      const t = {
        w: f(16),
        b: f(4),
        z: f(8),
        g: f(8),
        gw: f(16),
        gb: f(4),
        velocity: null,
        m: null,
        v: null,
      };
      const before = await b.cand.read(t.w);
      const members = [memberAt(["mse", "sgd"], 1, 0), memberAt(["mse", "adam"], 1, 1)];
      try {
        b.cand.trainStepGroup(ds, { order: null, offset: 0, count: 2 }, t, f(4), members);
        throw new Error("Cannot match reference: trainStepGroup accepted an Adam member without m and v");
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      } finally {
        b.cand.releaseDataset(ds);
      }
      const after = await b.cand.read(t.w);
      if (after.some((x, i) => !Object.is(x, before[i]))) {
        throw new Error("Cannot match reference: trainStepGroup changed member 0 before refusing member 1");
      }
    },
  );
}

/**
 * The trainStepGroup cases, seeded from `seed` on.
 * @param seed the first seed.
 * @returns the cases.
 */
export function trainStepGroupCases(seed: number): ConformanceCase[] {
  const mnist: GroupShape = { n: 100, features: 784, classes: 10, ordered: true };
  const mixed: Member[] = [
    ["mse", "sgd"],
    ["cross-entropy", "weight decay"],
    ["mse", "momentum + dampening"],
    ["cross-entropy", "nesterov"],
    ["cross-entropy", "adam"],
  ];
  return [
    groupCase(mixed, mnist, seed++),
    groupCase([["mse", "sgd"]], mnist, seed++),
    groupCase(
      [
        ["mse", "sgd"],
        ["mse", "sgd"],
        ["mse", "sgd"],
      ],
      { n: 37, features: 61, classes: 5, ordered: false },
      seed++,
    ),
    groupCase(mixed.slice(2), { n: 250, features: 33, classes: 10, ordered: true }, seed++),
    groupCase(
      [
        ["cross-entropy", "adam"],
        ["mse", "nesterov"],
      ],
      { n: 1, features: 129, classes: 47, ordered: true },
      seed++,
    ),
    missingStateCase(),
  ];
}
