import { describe, expect, it } from "vitest";
import { AUGMENT_KINDS, type AugmentOptions, createAugmenter, type UniformRandom } from "./augmenter.ts";

/** A seeded generator for the tests (mulberry32); @mnist/idx cannot import @mnist/tensor's Random. */
function seeded(seed: number): UniformRandom {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

const constant = (u: number): UniformRandom => ({ next: () => u });

/** A thick ring in the middle of a 28×28 image, like a "0", with soft edges. */
function ring(rows = 28, cols = 28): Uint8Array {
  const img = new Uint8Array(rows * cols);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const r = Math.hypot(x - (cols - 1) / 2, y - (rows - 1) / 2);
      img[y * cols + x] = Math.max(0, Math.min(255, Math.round(255 * (2.5 - Math.abs(r - 7)))));
    }
  }
  return img;
}

const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

const NONE = {
  elasticAlpha: 0,
  maxRotation: 0,
  maxScale: 0,
  maxShear: 0,
  maxTranslation: 0,
} as const;

describe("createAugmenter", () => {
  it("copies the image exactly when every magnitude is zero, for each kind", () => {
    const src = ring();
    for (const kind of AUGMENT_KINDS) {
      const dst = new Uint8Array(src.length).fill(99);
      createAugmenter({ kind, rows: 28, cols: 28, ...NONE }).deform(src, dst, seeded(1));
      expect(Array.from(dst), kind).toEqual(Array.from(src));
    }
  });

  it("changes the image with the default magnitudes, keeping it recognisably the same shape", () => {
    const src = ring();
    for (const kind of AUGMENT_KINDS) {
      const dst = new Uint8Array(src.length);
      createAugmenter({ kind, rows: 28, cols: 28 }).deform(src, dst, seeded(3));
      let changed = 0;
      let overlap = 0;
      for (let i = 0; i < src.length; i++) {
        if (dst[i] !== src[i]) changed++;
        overlap += Math.min(src[i], dst[i]);
      }
      expect(changed, kind).toBeGreaterThan(50);
      expect(overlap / sum(src), kind).toBeGreaterThan(0.4);
    }
  });

  it("gives the same images for the same seed and different ones for another seed", () => {
    const src = ring();
    const run = (seed: number, kind: AugmentOptions["kind"]) => {
      const augmenter = createAugmenter({ kind, rows: 28, cols: 28 });
      const random = seeded(seed);
      const out: number[] = [];
      const dst = new Uint8Array(src.length);
      for (let k = 0; k < 3; k++) {
        augmenter.deform(src, dst, random);
        out.push(...dst);
      }
      return out;
    };
    for (const kind of AUGMENT_KINDS) {
      expect(run(42, kind), kind).toEqual(run(42, kind));
      expect(run(42, kind), kind).not.toEqual(run(43, kind));
    }
  });

  it("shifts the image by whole pixels when only translation is drawn", () => {
    // u = 0.75 draws a shift of (2u − 1) × 2 = +1 pixel on both axes; rotation, scale and shear are zero.
    const rows = 9;
    const cols = 7;
    const src = Uint8Array.from({ length: rows * cols }, (_, i) => (i * 37) % 256);
    const dst = new Uint8Array(src.length);
    createAugmenter({ kind: "affine", rows, cols, ...NONE, maxTranslation: 2 }).deform(
      src,
      dst,
      constant(0.75),
    );
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const expected = x >= 1 && y >= 1 ? src[(y - 1) * cols + (x - 1)] : 0;
        expect(dst[y * cols + x], `pixel (${x}, ${y})`).toBe(expected);
      }
    }
    // u = 0.25 shifts by −1 pixel: the content moves up and left, zeros come in at the bottom and right.
    createAugmenter({ kind: "affine", rows, cols, ...NONE, maxTranslation: 2 }).deform(
      src,
      dst,
      constant(0.25),
    );
    expect(dst[0]).toBe(src[cols + 1]);
    expect(dst[rows * cols - 1]).toBe(0);
  });

  it("averages neighbours for a half-pixel shift", () => {
    const src = new Uint8Array(5 * 5);
    src[12] = 200;
    const dst = new Uint8Array(src.length);
    // u = 0.625 draws a shift of +0.5 pixel on both axes: the dot spreads over four pixels.
    createAugmenter({ kind: "affine", rows: 5, cols: 5, ...NONE, maxTranslation: 2 }).deform(
      src,
      dst,
      constant(0.625),
    );
    expect([dst[12], dst[13], dst[17], dst[18]]).toEqual([50, 50, 50, 50]);
    expect(sum(dst)).toBe(200);
  });

  it("roughly conserves the ink of small deformations, and on average of the default ones", () => {
    const src = ring();
    // A displacement field is not area-preserving: its divergence moves ink, in proportion to α.
    const small = { elasticAlpha: 2, maxRotation: 5, maxScale: 0, maxShear: 0.05, maxTranslation: 1 };
    for (const kind of AUGMENT_KINDS) {
      const augmenter = createAugmenter({ kind, rows: 28, cols: 28, ...small });
      const random = seeded(7);
      const dst = new Uint8Array(src.length);
      for (let k = 0; k < 20; k++) {
        augmenter.deform(src, dst, random);
        expect(sum(dst) / sum(src), kind).toBeGreaterThan(0.95);
        expect(sum(dst) / sum(src), kind).toBeLessThan(1.05);
      }
      // Scaling changes the area by the square of the factor, so it stays off for the mean.
      const defaults = createAugmenter({ kind, rows: 28, cols: 28, maxScale: 0 });
      let total = 0;
      for (let k = 0; k < 100; k++) {
        defaults.deform(src, dst, random);
        total += sum(dst) / sum(src);
      }
      expect(total / 100, kind).toBeGreaterThan(0.97);
      expect(total / 100, kind).toBeLessThan(1.03);
    }
  });

  it("keeps saturated pixels at 255 instead of wrapping past it", () => {
    const rows = 28;
    const cols = 28;
    const src = new Uint8Array(rows * cols).fill(255);
    const dst = new Uint8Array(src.length);
    const augmenter = createAugmenter({ kind: "both", rows, cols, maxTranslation: 0.5, maxScale: 0.02 });
    const random = seeded(11);
    for (let k = 0; k < 20; k++) {
      augmenter.deform(src, dst, random);
      // Deep inside, every sample falls between four 255s: anything else would be rounding that wrapped.
      for (let y = 10; y < 18; y++) for (let x = 10; x < 18; x++) expect(dst[y * cols + x]).toBe(255);
    }
  });

  it("refuses bad options and mis-sized or overlapping images, naming what was wrong", () => {
    expect(() => createAugmenter({ kind: "warp" as never, rows: 28, cols: 28 })).toThrow(
      'Cannot create augmenter: kind is "warp", expected one of elastic, affine, both',
    );
    expect(() => createAugmenter({ kind: "both", rows: 0, cols: 28 })).toThrow(
      "Cannot create augmenter: rows is 0, expected a positive integer",
    );
    expect(() => createAugmenter({ kind: "both", rows: 28, cols: 28, maxRotation: -1 })).toThrow(
      "Cannot create augmenter: maxRotation is -1, expected a finite number ≥ 0",
    );
    expect(() => createAugmenter({ kind: "both", rows: 28, cols: 28, maxScale: 1 })).toThrow(
      "Cannot create augmenter: maxScale is 1, expected less than 1",
    );
    expect(() => createAugmenter({ kind: "elastic", rows: 28, cols: 28, elasticSigma: 0 })).toThrow(
      "Cannot create augmenter: elasticSigma is 0, expected a positive number when elasticAlpha is 34",
    );
    const augmenter = createAugmenter({ kind: "affine", rows: 28, cols: 28 });
    expect(() => augmenter.deform(new Uint8Array(784), new Uint8Array(783), seeded(1))).toThrow(
      "Cannot deform image: src has 784 and dst 783 pixels, expected 784 (28×28) each",
    );
    const both = new Uint8Array(784 + 10);
    expect(() => augmenter.deform(both.subarray(0, 784), both.subarray(10), seeded(1))).toThrow(
      "Cannot deform image: src and dst overlap, expected separate arrays",
    );
  });
});
