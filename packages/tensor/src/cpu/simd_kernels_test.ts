import { describe, expect, it } from "vitest";
import { mnistLike, Rng } from "../testing/_fixtures.ts";
import { SimdKernels } from "./_simd_kernels.ts";
import { buildSparseRows } from "./_sparse_rows.ts";

describe("SIMD sparse index", () => {
  for (const [count, features] of [
    [3000, 784], // crosses the 1 MiB copy slices
    [7, 48],
    [1, 16],
  ]) {
    it(`matches the TypeScript index (${count} rows × ${features})`, () => {
      const simd = SimdKernels.create();
      if (simd === null) throw new Error("Cannot test SIMD kernels: WebAssembly SIMD is unavailable");
      const { images } = mnistLike(new Rng(count), { count, features, classes: 10, zeroRows: [0] });
      images[images.length - 1] = 255; // a non-zero last pixel
      const rows = simd.index(images, count, features);
      if (rows === null) throw new Error("Cannot index: features were rejected");
      const want = buildSparseRows(images, count, features);
      const got = simd.view(rows);
      expect(got.start).toEqual(want.start);
      expect(got.entries.length).toBe(want.entries.length);
      const first = want.entries.findIndex((e, j) => got.entries[j] !== e);
      expect(first, "first differing entry").toBe(-1);
    });
  }
  it("indexes every bit pattern of a half-chunk (the compaction table's 256 rows)", () => {
    const simd = SimdKernels.create();
    if (simd === null) throw new Error("Cannot test SIMD kernels: WebAssembly SIMD is unavailable");
    // Row m: chunk halves with non-zero pixels exactly where the bits of m (low half) and of 255 − m
    // (high half) are set; pixels carry their position so a misplaced entry shows.
    const count = 256;
    const features = 32;
    const images = new Uint8Array(count * features);
    for (let m = 0; m < count; m++) {
      for (let bit = 0; bit < 8; bit++) {
        if (m & (1 << bit)) images[m * features + bit] = 1 + bit;
        if (~m & (1 << bit)) images[m * features + 8 + bit] = 100 + bit;
        images[m * features + 16 + bit] = m & (1 << bit) ? 255 : 0;
      }
    }
    const rows = simd.index(images, count, features);
    if (rows === null) throw new Error("Cannot index: features were rejected");
    const want = buildSparseRows(images, count, features);
    expect(simd.view(rows).start).toEqual(want.start);
    expect(Array.from(simd.view(rows).entries)).toEqual(Array.from(want.entries));
  });
  it("declines rows that are not a multiple of 16 bytes", () => {
    expect(SimdKernels.create()?.index(new Uint8Array(20), 1, 20)).toBeNull();
  });
  it("reuses freed memory for the next dataset", () => {
    const simd = SimdKernels.create();
    if (simd === null) throw new Error("Cannot test SIMD kernels: WebAssembly SIMD is unavailable");
    const { images } = mnistLike(new Rng(1), { count: 500, features: 784, classes: 10 });
    const a = simd.index(images, 500, 784);
    if (a === null) throw new Error("Cannot index");
    simd.release(a);
    const b = simd.index(images, 500, 784);
    expect(b?.ptr).toBe(a.ptr);
  });
});
