/**
 * Conformance cases of {@link Backend.evaluateGroup}: groups of models with different losses
 * evaluated on the same rows, against the reference backend's definition (each model's
 * `linearForward` and `lossAndGrad` on its part of the stacked tensors). Per-model stats (accumulated
 * onto seeded values) and confusion matrices must match, and the parameters must be left unchanged;
 * the scratch logits are not compared.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, LossKind } from "../backend.ts";
import {
  type ConformanceCase,
  describeTolerance,
  EXACT,
  expectPair,
  mnistLike,
  pairedCase,
  type Tolerance,
} from "./_fixtures.ts";

/** As `trainStepGroup`'s stats: a float32 forward pass, then loss sums over up to 1,000 rows. */
const EVAL_STATS_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-5 };

interface EvalShape {
  readonly n: number;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly confusion: boolean;
}

function evalCase(losses: readonly LossKind[], shape: EvalShape, seed: number): ConformanceCase {
  const { n, features: F, classes: C } = shape;
  const K = losses.length;
  const what = [`n=${n} F=${F} C=${C}`];
  if (shape.ordered) what.push("permutation + offset");
  if (shape.confusion) what.push("confusion");
  return pairedCase(
    `evaluateGroup K=${K} [${losses.join(" | ")}], ${what.join(", ")}`,
    `stats ${describeTolerance(EVAL_STATS_TOLERANCE)}; confusion and parameters exact`,
    seed,
    async (b, rng) => {
      const offset = shape.ordered ? 1 + rng.int(7) : 0;
      const count = n + offset + 2;
      const ds = b.dataset(mnistLike(rng, { count, features: F, classes: C, zeroRows: [offset] }));
      const order = shape.ordered ? b.upload("u32", rng.permutation(count)) : null;
      // Weights large enough that the models disagree and their predictions spread over the classes.
      const w = b.upload("f32", rng.floats(K * F * C, 4 / Math.sqrt(F)));
      const bias = b.upload("f32", rng.floats(K * C, 0.5));
      const z = b.upload("f32", rng.floats(K * n * C + 3, 9)); // garbage, as a trainer leaves it
      const stats = b.upload(
        "f32",
        Float32Array.from({ length: 2 * K }, (_, i) => i + 0.5),
      );
      const confusion = shape.confusion
        ? b.upload(
            "u32",
            Uint32Array.from({ length: K * C * C }, (_, i) => i % 3),
          )
        : null;
      const [w0, b0] = [await b.ref.read(w.ref), await b.ref.read(bias.ref)];
      for (const s of ["cand", "ref"] as const) {
        const be: Backend = b[s];
        const rows = { order: order?.[s] ?? null, offset, count: n };
        be.evaluateGroup(
          ds[s],
          rows,
          { w: w[s], b: bias[s], z: z[s] },
          losses,
          stats[s],
          confusion?.[s] ?? null,
        );
      }
      await expectPair(b, "evaluateGroup stats", stats, EVAL_STATS_TOLERANCE);
      if (confusion !== null) await expectPair(b, "evaluateGroup confusion", confusion, EXACT);
      for (const [name, t, before] of [
        ["weights", w, w0],
        ["biases", bias, b0],
      ] as const) {
        const after = await b.cand.read(t.cand);
        if (after.some((x, i) => !Object.is(x, before[i]))) {
          throw new Error(`Cannot match reference: evaluateGroup changed the ${name}`);
        }
      }
    },
  );
}

/** A group without models, and tensors too short for the group, are refused before anything runs. */
function refusalCase(): ConformanceCase {
  return pairedCase("evaluateGroup refuses no models and short tensors", "exact", 1, async (b, rng) => {
    const ds = b.cand.uploadDataset(new Uint8Array(8), new Uint8Array([0, 1]), 4, 2);
    const f = (n: number) => b.upload("f32", rng.floats(n, 1)).cand;
    const rows = { order: null, offset: 0, count: 2 };
    const stats = f(4);
    const before = await b.cand.read(stats);
    const attempts: Array<[string, () => void]> = [
      ["no models", () => b.cand.evaluateGroup(ds, rows, { w: f(16), b: f(4), z: f(8) }, [], stats, null)],
      [
        "a z for one model",
        () => b.cand.evaluateGroup(ds, rows, { w: f(16), b: f(4), z: f(4) }, ["mse", "mse"], stats, null),
      ],
      [
        "a confusion for one model",
        () =>
          b.cand.evaluateGroup(
            ds,
            rows,
            { w: f(16), b: f(4), z: f(8) },
            ["mse", "mse"],
            stats,
            b.upload("u32", new Uint32Array(4)).cand,
          ),
      ],
    ];
    try {
      for (const [what, attempt] of attempts) {
        try {
          attempt();
          throw new Error(`Cannot match reference: evaluateGroup accepted ${what}`);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
        }
      }
    } finally {
      b.cand.releaseDataset(ds);
    }
    const after = await b.cand.read(stats);
    if (after.some((x, i) => !Object.is(x, before[i]))) {
      throw new Error("Cannot match reference: evaluateGroup changed the stats before refusing");
    }
  });
}

/**
 * The evaluateGroup cases, seeded from `seed` on.
 * @param seed the first seed.
 * @returns the cases.
 */
export function evaluateGroupCases(seed: number): ConformanceCase[] {
  const mnist = { features: 784, classes: 10 };
  return [
    evalCase(
      ["mse", "cross-entropy", "cross-entropy", "mse"],
      { ...mnist, n: 250, ordered: true, confusion: true },
      seed++,
    ),
    evalCase(["cross-entropy"], { ...mnist, n: 1000, ordered: false, confusion: true }, seed++),
    evalCase(["mse", "mse", "cross-entropy"], { ...mnist, n: 3, ordered: true, confusion: false }, seed++),
    evalCase(
      ["mse", "mse", "cross-entropy"],
      { n: 37, features: 61, classes: 5, ordered: false, confusion: true },
      seed++,
    ),
    evalCase(
      ["cross-entropy", "mse"],
      { n: 1, features: 129, classes: 47, ordered: true, confusion: true },
      seed++,
    ),
    refusalCase(),
  ];
}
