/**
 * The group's element-wise SIMD kernels against the host loops they replace, bit for bit: plain SGD
 * (`_optimizers.ts`), the bias added to the logits and the bias gradient's row sums.
 */
import { describe, expect, it } from "vitest";
import { Rng } from "../testing/_fixtures.ts";
import { sgd } from "./_optimizers.ts";
import { RawModule } from "./_simd_group_harness.ts";
import { CLASSES, ROW_BYTES } from "./_simd_layout.ts";

const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.slice().buffer);

/** Values over many magnitudes, both signs, with zeros and a −0. */
function mixed(rng: Rng, length: number): Float32Array {
  const a = rng.floats(length, 1);
  for (let i = 0; i < length; i++) a[i] *= 10 ** (rng.int(13) - 8);
  for (let i = 3; i < length; i += 41) a[i] = 0;
  if (length > 7) a[7] = -0;
  return a;
}

function firstDifference(got: Float32Array, want: Float32Array): number {
  const [g, w] = [bits(got), bits(want)];
  return g.findIndex((b, i) => b !== w[i]);
}

describe("SIMD group update kernels", () => {
  const raw = new RawModule();
  const { fn } = raw;

  for (const K of [1, 2, 3, 16]) {
    for (const count of [7840, CLASSES, 1, 3]) {
      it(`sgdK equals plain SGD per model (K=${K}, ${count} parameters)`, () => {
        const rng = new Rng(K * 31 + count);
        const stride = ((count * 4 + 15) & ~15) + 16;
        const w0 = Array.from({ length: K }, () => mixed(rng, count));
        const g0 = Array.from({ length: K }, () => mixed(rng, count));
        for (const [k, gk] of g0.entries()) [w0[k][count - 1], gk[count - 1]] = [0.5, 0.75]; // one step that shows
        const lrs = new Float64Array(K).map((_, k) => [0.1, 1e-3, 0.7, 3.3e-5][k % 4] * (1 + k / 7));
        const [w, g] = [raw.alloc(K * stride), raw.alloc(K * stride)];
        for (let k = 0; k < K; k++) {
          raw.f32(w + k * stride, count).set(w0[k]);
          raw.f32(g + k * stride, count).set(g0[k]);
          raw.f32(w + k * stride + count * 4, 1).fill(42); // past the parameters: untouched
        }
        const lrAt = raw.alloc(K * 8);
        new Float64Array(raw.memory.buffer, lrAt, K).set(lrs);
        fn.sgdK(w, g, count, K, stride, lrAt);
        for (let k = 0; k < K; k++) {
          const want = w0[k].slice();
          const params = { lr: lrs[k], momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step: 2 };
          sgd(want, g0[k], null, params);
          expect(firstDifference(raw.f32(w + k * stride, count), want), `model ${k}`).toBe(-1);
          expect(raw.f32(w + k * stride + count * 4, 1)[0]).toBe(42);
          expect(want.some((x, i) => x !== w0[k][i])).toBe(true);
        }
      });
    }

    for (const n of [1, 7, 100]) {
      it(`biasK and gbK equal the host loops (K=${K}, n=${n})`, () => {
        const rng = new Rng(K * 100 + n);
        const z = mixed(rng, K * n * CLASSES);
        const b = mixed(rng, K * CLASSES);
        const [zAt, bAt, gbAt] = [raw.put(z), raw.put(b), raw.alloc(K * ROW_BYTES + 16)];
        raw.f32(gbAt, K * CLASSES + 4).fill(Number.NaN);
        fn.biasK(zAt, n, K, bAt);
        fn.gbK(zAt, n, K, gbAt);
        // The host loops of SimdKernels.forwardGroup (logits + bias) and backwardGroup (bias gradient).
        const out = new Float32Array(K * n * CLASSES);
        for (let k = 0; k < K; k++) {
          const [o0, b0] = [k * n * CLASSES, k * CLASSES];
          for (let o = o0; o < o0 + n * CLASSES; o += CLASSES)
            for (let c = 0; c < CLASSES; c++) out[o + c] = z[o + c] + b[b0 + c];
        }
        const gb = new Float32Array(K * CLASSES);
        for (let k = 0; k < K; k++) {
          for (let c = 0; c < CLASSES; c++) {
            let s = 0;
            for (let o = k * n * CLASSES + c; o < (k + 1) * n * CLASSES; o += CLASSES) s += out[o];
            gb[k * CLASSES + c] = s;
          }
        }
        expect(firstDifference(raw.f32(zAt, K * n * CLASSES), out), "logits + bias").toBe(-1);
        expect(firstDifference(raw.f32(gbAt, K * CLASSES), gb), "bias gradient").toBe(-1);
        expect(Number.isNaN(raw.f32(gbAt, K * CLASSES + 1)[K * CLASSES]), "past gb").toBe(true);
      });
    }
  }
});
