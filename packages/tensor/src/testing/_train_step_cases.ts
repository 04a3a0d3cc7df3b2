/**
 * Conformance cases of {@link Backend.trainStep}: three steps (each with its own learning rate and
 * step number, no read in between) against the reference backend's op-by-op definition, for both
 * losses, SGD (plain, weight decay, momentum with dampening, Nesterov) and Adam, MNIST-shaped
 * batches and odd shapes (features not a multiple of 4, one row, more rows than a workgroup, one
 * class, many classes), after which the model, the optimiser state and the accumulated stats must
 * match. The scratch tensors are not compared: the contract leaves them unspecified.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, LossKind, ModelTensors, StepUpdate, Tensor } from "../backend.ts";
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

/** Parameters and optimiser state after three steps: three linear passes and updates of order lr. */
const TRAIN_STEP_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-4 };
/** The stats (loss sums and correct counts of three batches). */
const TRAIN_STATS_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-5 };

/** An optimiser configuration of a case, by name. */
type Optimizer =
  | "sgd"
  | "sgd weight decay"
  | "momentum + dampening"
  | "nesterov + weight decay"
  | "adam"
  | "adam weight decay";

const OPTIMIZERS: readonly Optimizer[] = [
  "sgd",
  "sgd weight decay",
  "momentum + dampening",
  "nesterov + weight decay",
  "adam",
  "adam weight decay",
];

interface StepShape {
  readonly n: number;
  readonly features: number;
  readonly classes: number;
  /** Rows through a permutation (with an offset) or in storage order from row 0. */
  readonly ordered: boolean;
}

function slotsOf(o: Optimizer): readonly string[] {
  if (o.startsWith("adam")) return ["m", "v"];
  return o === "momentum + dampening" || o === "nesterov + weight decay" ? ["velocity"] : [];
}

function updateFor(o: Optimizer, step: number, state: Record<string, ModelTensors>): StepUpdate {
  if (o.startsWith("adam")) {
    const weightDecay = o === "adam weight decay" ? 0.01 : 0;
    const params = { lr: 1e-3 * step, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay, step };
    return { kind: "adam", params, m: state.m, v: state.v };
  }
  const params = {
    lr: 0.1 / step,
    momentum: o === "momentum + dampening" || o === "nesterov + weight decay" ? 0.9 : 0,
    dampening: o === "momentum + dampening" ? 0.1 : 0,
    nesterov: o === "nesterov + weight decay",
    weightDecay: o === "sgd weight decay" ? 0.01 : o === "nesterov + weight decay" ? 1e-3 : 0,
    step,
  };
  return { kind: "sgd", params, velocity: state.velocity ?? null };
}

function trainStepCase(kind: LossKind, o: Optimizer, shape: StepShape, seed: number): ConformanceCase {
  const { n, features: F, classes: C } = shape;
  return pairedCase(
    `trainStep ${kind}, ${o}, n=${n} F=${F} C=${C}${shape.ordered ? ", permutation + offset" : ""}, steps 1–3`,
    `model and state ${describeTolerance(TRAIN_STEP_TOLERANCE)}; stats ${describeTolerance(TRAIN_STATS_TOLERANCE)}`,
    seed,
    async (b, rng) => {
      const offset = shape.ordered ? 1 + rng.int(7) : 0;
      const count = 3 * n + offset;
      const ds = b.dataset(mnistLike(rng, { count, features: F, classes: C, zeroRows: [offset] }));
      const order = shape.ordered ? b.upload("u32", rng.permutation(count)) : null;
      const scale = 1 / Math.sqrt(F);
      const model = {
        w: b.upload("f32", rng.floats(F * C, scale)),
        b: b.upload("f32", rng.floats(C, scale)),
      };
      // Scratch as long as the largest evaluation batch and full of garbage, as a trainer leaves it.
      const scratch = {
        z: b.upload("f32", rng.floats(count * C + 3, 9)),
        g: b.upload("f32", rng.floats(n * C, 9)),
        gw: b.upload("f32", rng.floats(F * C, 9)),
        gb: b.upload("f32", rng.floats(C, 9)),
      };
      const state: Record<string, Pair<Tensor<"f32">>[]> = {};
      for (const slot of slotsOf(o)) {
        state[slot] = [b.upload("f32", rng.floats(F * C, 0.1)), b.upload("f32", rng.floats(C, 0.1))];
      }
      const stats = b.upload("f32", new Float32Array([1.5, 2]));
      for (const side of ["cand", "ref"] as const) {
        const be: Backend = b[side];
        const sideState: Record<string, ModelTensors> = {};
        for (const [slot, [w, bias]] of Object.entries(state))
          sideState[slot] = { w: w[side], b: bias[side] };
        const t = {
          w: model.w[side],
          b: model.b[side],
          z: scratch.z[side],
          g: scratch.g[side],
          gw: scratch.gw[side],
          gb: scratch.gb[side],
        };
        for (let step = 1; step <= 3; step++) {
          const rows = { order: order?.[side] ?? null, offset: offset + (step - 1) * n, count: n };
          be.trainStep(kind, ds[side], rows, t, stats[side], updateFor(o, step, sideState));
        }
      }
      await expectPair(b, "trainStep weight", model.w, TRAIN_STEP_TOLERANCE);
      await expectPair(b, "trainStep bias", model.b, TRAIN_STEP_TOLERANCE);
      for (const [slot, [w, bias]] of Object.entries(state)) {
        await expectPair(b, `trainStep ${slot} (weight)`, w, TRAIN_STEP_TOLERANCE);
        await expectPair(b, `trainStep ${slot} (bias)`, bias, TRAIN_STEP_TOLERANCE);
      }
      await expectPair(b, "trainStep stats", stats, TRAIN_STATS_TOLERANCE);
    },
  );
}

/** A momentum step without a velocity is refused, on every backend, before anything runs. */
function missingVelocityCase(): ConformanceCase {
  return pairedCase("trainStep refuses SGD momentum without a velocity", "exact", 1, async (b: Both, rng) => {
    const ds = b.cand.uploadDataset(new Uint8Array(8), new Uint8Array([0, 1]), 4, 2);
    const f = (n: number) => b.upload("f32", rng.floats(n, 1)).cand;
    const t = { w: f(8), b: f(2), z: f(4), g: f(4), gw: f(8), gb: f(2) };
    const params = { lr: 0.1, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0, step: 1 };
    try {
      b.cand.trainStep("mse", ds, { order: null, offset: 0, count: 2 }, t, f(2), {
        kind: "sgd",
        params,
        velocity: null,
      });
      throw new Error("Cannot match reference: trainStep accepted momentum 0.9 without a velocity");
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    } finally {
      b.cand.releaseDataset(ds);
    }
  });
}

/**
 * The trainStep cases, seeded from `seed` on.
 * @param seed the first seed.
 * @returns the cases.
 */
export function trainStepCases(seed: number): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const mnist: StepShape = { n: 100, features: 784, classes: 10, ordered: true };
  for (const kind of ["mse", "cross-entropy"] as const) {
    for (const o of OPTIMIZERS) cases.push(trainStepCase(kind, o, mnist, seed++));
  }
  const odd: Array<[LossKind, Optimizer, StepShape]> = [
    ["mse", "momentum + dampening", { n: 1, features: 784, classes: 10, ordered: true }],
    ["cross-entropy", "adam", { n: 37, features: 61, classes: 5, ordered: false }],
    ["cross-entropy", "nesterov + weight decay", { n: 250, features: 33, classes: 10, ordered: true }],
    ["mse", "sgd", { n: 17, features: 13, classes: 3, ordered: true }],
    ["mse", "adam weight decay", { n: 300, features: 40, classes: 2, ordered: true }],
    ["cross-entropy", "sgd weight decay", { n: 9, features: 20, classes: 1, ordered: false }],
    ["cross-entropy", "momentum + dampening", { n: 33, features: 129, classes: 47, ordered: true }],
  ];
  for (const [kind, o, shape] of odd) cases.push(trainStepCase(kind, o, shape, seed++));
  cases.push(missingVelocityCase());
  return cases;
}
