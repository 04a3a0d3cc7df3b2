import { describe, expect, it } from "vitest";
import { MAX_SPARSE_FEATURES, sparseImageWords } from "./_sparse_images.ts";

describe("sparseImageWords", () => {
  it("lists each row's nonzero pixels as (feature << 8) | pixel in feature order after the row starts", () => {
    // Three rows of five pixels: a full row, an empty row, a row with pixels at both ends.
    const images = Uint8Array.from([1, 2, 3, 4, 255, 0, 0, 0, 0, 0, 7, 0, 0, 0, 9]);
    const words = sparseImageWords(images, 3, 5);
    const entries = (f: number, px: number) => (f << 8) | px;
    expect(Array.from(words!)).toEqual([
      4,
      9,
      9,
      11,
      entries(0, 1),
      entries(1, 2),
      entries(2, 3),
      entries(3, 4),
      entries(4, 255),
      entries(0, 7),
      entries(4, 9),
    ]);
  });

  it("reads word-aligned rows a word at a time with the same result as byte by byte", () => {
    const count = 50;
    const features = 16;
    const bytes = new Uint8Array(count * features + 1);
    let seed = 7;
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      bytes[i] = seed % 3 === 0 ? 0 : (seed >>> 16) & 0xff;
    }
    const aligned = bytes.subarray(0, count * features);
    const unaligned = new Uint8Array(count * features + 1).subarray(1);
    unaligned.set(aligned);
    const expected: number[] = [];
    for (let r = 0; r < count; r++) {
      for (let k = 0; k < features; k++) {
        if (aligned[r * features + k] !== 0) expected.push((k << 8) | aligned[r * features + k]);
      }
    }
    const fast = sparseImageWords(aligned, count, features)!;
    expect(Array.from(fast.subarray(count + 1))).toEqual(expected);
    expect(Array.from(sparseImageWords(unaligned, count, features)!)).toEqual(Array.from(fast));
  });

  it("holds only the row starts for an all-zero dataset and none for no rows", () => {
    expect(Array.from(sparseImageWords(new Uint8Array(6), 2, 3)!)).toEqual([3, 3, 3]);
    expect(Array.from(sparseImageWords(new Uint8Array(0), 0, 784)!)).toEqual([1]);
  });

  it("gives no list when a feature index does not fit 24 bits", () => {
    expect(sparseImageWords(new Uint8Array(0), 0, MAX_SPARSE_FEATURES + 1)).toBeNull();
  });
});
