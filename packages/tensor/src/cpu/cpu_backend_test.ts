import { describe, expect, it } from "vitest";
import { mnistLike, Rng } from "../testing/_fixtures.ts";
import { createCpuBackend } from "./cpu_backend.ts";

describe("cpu backend", () => {
  it("computes X·W + b with pixels scaled by 1/255", async () => {
    const be = createCpuBackend();
    const ds = be.uploadDataset(new Uint8Array([255, 0, 51, 255]), new Uint8Array([0, 1]), 2, 2);
    const w = be.upload("f32", new Float32Array([1, 2, 3, 4]));
    const b = be.upload("f32", new Float32Array([0.5, -0.5]));
    const z = be.zeros("f32", 4);
    be.linearForward(ds, { order: null, offset: 0, count: 2 }, w, b, z);
    const out = await be.read(z);
    expect(out[0]).toBeCloseTo(1.5, 6);
    expect(out[1]).toBeCloseTo(1.5, 6);
    expect(out[2]).toBeCloseTo(0.2 * 1 + 3 + 0.5, 5);
    expect(out[3]).toBeCloseTo(0.2 * 2 + 4 - 0.5, 5);
  });
  it("rejects labels outside the class range", () => {
    const be = createCpuBackend();
    expect(() => be.uploadDataset(new Uint8Array(2), new Uint8Array([0, 2]), 1, 2)).toThrow(RangeError);
  });
  it("rejects tensors it did not create", () => {
    expect(() => createCpuBackend().fill({ dtype: "f32", length: 3 }, 1)).toThrow(TypeError);
  });
});

describe("simd, sparse and dense kernels agree", () => {
  for (const classes of [10, 7]) {
    it(`on 600 MNIST-like rows, shuffled batches, forward and backward (C=${classes})`, async () => {
      const rng = new Rng(classes);
      const [F, count, n] = [784, 600, 100];
      const host = mnistLike(rng, { count, features: F, classes, zeroRows: [5, 77] });
      const w = rng.floats(F * classes, 0.05);
      const bias = rng.floats(classes, 0.05);
      const g = rng.floats(n * classes, 0.01);
      const order = rng.permutation(count);
      const results = [];
      for (const kernel of ["dense", "sparse", "simd"] as const) {
        const be = createCpuBackend({ kernel });
        const ds = be.uploadDataset(host.images, host.labels, F, classes);
        const rows = { order: be.upload("u32", order), offset: 237, count: n };
        const [tw, tb, tg] = [be.upload("f32", w), be.upload("f32", bias), be.upload("f32", g)];
        const [z, gw, gb] = [
          be.zeros("f32", n * classes),
          be.zeros("f32", F * classes),
          be.zeros("f32", classes),
        ];
        be.linearForward(ds, rows, tw, tb, z);
        be.linearBackward(ds, rows, tg, gw, gb);
        results.push({ z: await be.read(z), gw: await be.read(gw), gb: await be.read(gb) });
      }
      const [dense, ...others] = results;
      for (const [k, other] of others.entries()) {
        for (const key of ["z", "gw", "gb"] as const) {
          const worst = other[key].reduce((m, v, i) => Math.max(m, Math.abs(v - dense[key][i])), 0);
          expect(worst, `${["sparse", "simd"][k]} ${key}`).toBeLessThan(2e-6);
        }
      }
      expect(dense.gw.some((v) => v !== 0)).toBe(true);
    });
  }
});
