import { describe, expect, it } from "vitest";
import type { LossKind } from "../backend.ts";
import { Rng } from "../testing/_fixtures.ts";
import { lossRows } from "./_loss.ts";
import { EXP_FLUSH_BELOW } from "./_simd_exp.ts";
import { SimdKernels } from "./_simd_kernels.ts";

function kernels(): SimdKernels {
  const simd = SimdKernels.create();
  if (simd === null) throw new Error("Cannot test SIMD kernels: WebAssembly SIMD is unavailable");
  return simd;
}

/** Distance in units in the last place between two finite float64s of the same sign. */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

describe("SIMD exp", () => {
  it("is within 1 ulp of Math.exp from −708 to 0", () => {
    const rng = new Rng(7);
    const x = new Float64Array(20_000);
    for (let i = 0; i < x.length; i++) {
      const scale = [1e-12, 0.35, 1, 30, 708][i % 5];
      x[i] = -rng.next() * scale;
    }
    x.set([0, -0, EXP_FLUSH_BELOW, -Math.LN2 / 2, -Math.LN2, -1e-300, -5e-324], 0);
    const got = kernels().exp(x);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, ulps(got[i], Math.exp(x[i])));
    expect(worst).toBeLessThanOrEqual(1);
    expect(got[0]).toBe(1);
    expect(got[1]).toBe(1);
  });
  it("flushes to 0 below −708 and passes NaN through", () => {
    const got = kernels().exp(
      new Float64Array([EXP_FLUSH_BELOW - 1e-9, -745.2, -1e4, -Infinity, Number.NaN]),
    );
    expect(Array.from(got.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(got[4]).toBeNaN();
  });
});

describe("SIMD loss rows", () => {
  const cases: Array<{ n: number; scale: number; order: boolean; offset: number }> = [
    { n: 100, scale: 4, order: true, offset: 37 },
    { n: 1, scale: 1, order: false, offset: 0 },
    { n: 257, scale: 30, order: false, offset: 3 },
    { n: 13, scale: 1e4, order: true, offset: 0 },
  ];
  for (const kind of ["mse", "cross-entropy"] as LossKind[]) {
    for (const { n, scale, order, offset } of cases) {
      it(`matches the float64 TypeScript rows (${kind}, ${n} rows, logits ±${scale}${order ? ", shuffled" : ""})`, () => {
        const rng = new Rng(n * 31 + scale);
        const total = n + offset + 5;
        const labels = new Uint8Array(total).map(() => rng.int(10));
        const z = rng.floats(n * 10, scale);
        z[0] = z[1] = z[9]; // ties: the first maximum wins
        const rows = { order: order ? rng.permutation(total) : null, offset, count: n };
        const want = { grad: new Float32Array(n * 10), confusion: new Uint32Array(100) };
        const got = { grad: new Float32Array(n * 10), confusion: new Uint32Array(100) };
        const p = new Float64Array(10);
        const [wantLoss, wantCorrect] = lossRows({ kind, z, labels, classes: 10, rows, ...want, p });
        const [loss, correct] = kernels().loss(kind, z, labels, rows, got.grad, got.confusion);
        expect(correct).toBe(wantCorrect);
        expect(Array.from(got.confusion)).toEqual(Array.from(want.confusion));
        expect(Math.abs(loss - wantLoss)).toBeLessThanOrEqual(1e-12 * Math.abs(wantLoss));
        // The exps differ by at most 1 ulp in float64: the float32 gradients almost never see it.
        for (let i = 0; i < n * 10; i++) {
          expect(Math.abs(got.grad[i] - want.grad[i])).toBeLessThanOrEqual(2 ** -23 * Math.abs(want.grad[i]));
        }
      });
    }
  }
  it("leaves the gradient alone without one and accumulates the confusion matrix", () => {
    const rng = new Rng(3);
    const z = rng.floats(50 * 10, 3);
    const labels = new Uint8Array(50).map(() => rng.int(10));
    const rows = { order: null, offset: 0, count: 50 };
    const confusion = new Uint32Array(100).fill(1);
    const simd = kernels();
    const [, correct] = simd.loss("mse", z, labels, rows, null, confusion);
    expect(confusion.reduce((a, b) => a + b, 0)).toBe(150);
    const diagonal = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].reduce((a, c) => a + confusion[c * 11], 0);
    expect(diagonal).toBe(10 + correct);
  });
});
