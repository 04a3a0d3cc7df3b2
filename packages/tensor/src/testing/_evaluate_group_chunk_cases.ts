/**
 * More conformance cases of {@link Backend.evaluateGroup} (beside `_evaluate_group_cases.ts`), for
 * the shapes that take the WebGPU kernels' different paths (weights in a uniform buffer, stacked as
 * vec4s, read one by one; composed ops): `K` models evaluated on the same rows in two
 * calls (two chunks of one selection, so the stats and confusion counts accumulate across calls and
 * start from non-zero values), against the reference backend's definition (each model's
 * `linearForward` and `lossAndGrad`). Per-model stats and confusion matrices must match; the scratch
 * logits are not compared (the contract leaves them unspecified).
 *
 * Runtime-neutral.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import {
  type ConformanceCase,
  describeTolerance,
  EXACT,
  expectPair,
  mnistLike,
  pairedCase,
  type Tolerance,
} from "./_fixtures.ts";

const GROUP_EVAL_STATS_TOLERANCE: Tolerance = { abs: 1e-4, rel: 1e-5 };

interface GroupEvalVariant {
  readonly losses: readonly LossKind[];
  readonly n: number;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly confusion: boolean;
}

const VARIANTS: readonly GroupEvalVariant[] = [
  // MNIST's sizes: on WebGPU each model's weights in a uniform buffer.
  { losses: ["mse", "mse", "mse"], n: 100, features: 784, classes: 10, ordered: true, confusion: true },
  // More weights than a uniform binding holds: every model in one dispatch, stacked weights as vec4s.
  { losses: ["mse", "mse"], n: 10, features: 2048, classes: 10, ordered: false, confusion: true },
  // More rows than one workgroup's tile.
  {
    losses: ["cross-entropy", "cross-entropy"],
    n: 300,
    features: 40,
    classes: 3,
    ordered: false,
    confusion: false,
  },
  // Features not a multiple of 4: stacked weights read one by one.
  {
    losses: ["cross-entropy", "cross-entropy", "cross-entropy"],
    n: 37,
    features: 61,
    classes: 5,
    ordered: true,
    confusion: true,
  },
  { losses: ["cross-entropy"], n: 37, features: 61, classes: 5, ordered: true, confusion: true },
  // Mixed losses, and more classes than one tile: WebGPU composes the per-model ops.
  {
    losses: ["mse", "cross-entropy", "mse"],
    n: 37,
    features: 61,
    classes: 5,
    ordered: false,
    confusion: true,
  },
  {
    losses: ["cross-entropy", "cross-entropy"],
    n: 20,
    features: 16,
    classes: 20,
    ordered: true,
    confusion: true,
  },
];

function nameOf(v: GroupEvalVariant): string {
  const parts = [
    `K=${v.losses.length} ${[...new Set(v.losses)].join("+")}`,
    `n=${v.n} F=${v.features} C=${v.classes}`,
    v.ordered ? "permutation + offset" : "storage order + offset",
  ];
  if (v.confusion) parts.push("confusion");
  return `evaluateGroup in two chunks ${parts.join(", ")}`;
}

function groupEvalCase(v: GroupEvalVariant, seed: number): ConformanceCase {
  return pairedCase(
    nameOf(v),
    `stats ${describeTolerance(GROUP_EVAL_STATS_TOLERANCE)}; confusion exact`,
    seed,
    async (b, rng) => {
      const { n, features: F, classes: C } = v;
      const K = v.losses.length;
      const offset = 1 + rng.int(7);
      const count = n + 2 * offset;
      const host = mnistLike(rng, { count, features: F, classes: C, zeroRows: [0, count >> 1] });
      const ds = b.dataset(host);
      const order = v.ordered ? b.upload("u32", rng.permutation(count)) : null;
      const w = b.upload("f32", rng.floats(K * F * C, 0.1));
      const bias = b.upload("f32", rng.floats(K * C, 0.5));
      const z = b.upload("f32", new Float32Array(K * n * C));
      const stats = b.upload(
        "f32",
        new Float32Array(2 * K).map((_x, i) => 0.5 + i),
      );
      const confusion = v.confusion
        ? b.upload(
            "u32",
            new Uint32Array(K * C * C).map((_x, i) => i % 3),
          )
        : null;
      const half = Math.ceil(n / 2);
      for (const [at, rows] of [
        [offset, half],
        [offset + half, n - half],
      ] as const) {
        for (const side of ["cand", "ref"] as const) {
          const selection: RowSelection = { order: order?.[side] ?? null, offset: at, count: rows };
          b[side].evaluateGroup(
            ds[side],
            selection,
            { w: w[side], b: bias[side], z: z[side] },
            v.losses,
            stats[side],
            confusion === null ? null : confusion[side],
          );
        }
      }
      await expectPair(b, "evaluateGroup stats", stats, GROUP_EVAL_STATS_TOLERANCE);
      if (confusion !== null) await expectPair(b, "evaluateGroup confusion", confusion, EXACT);
    },
  );
}

/** The cases, seeded from `seed` on. */
export function evaluateGroupChunkCases(seed: number): ConformanceCase[] {
  return VARIANTS.map((v, i) => groupEvalCase(v, seed + i));
}
