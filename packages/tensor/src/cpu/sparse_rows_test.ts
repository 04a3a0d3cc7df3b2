import { describe, expect, it } from "vitest";
import { mnistLike, Rng } from "../testing/_fixtures.ts";
import { buildSparseRows } from "./_sparse_rows.ts";

/** The index read back as dense bytes. */
function densify(start: Uint32Array, entries: Uint32Array, count: number, features: number): Uint8Array {
  const out = new Uint8Array(count * features);
  for (let r = 0; r < count; r++) {
    for (let j = start[r]; j < start[r + 1]; j++) out[r * features + (entries[j] >>> 8)] = entries[j] & 255;
  }
  return out;
}

describe("buildSparseRows", () => {
  for (const [features, shift, label] of [
    [784, 0, "aligned words"],
    [784, 1, "unaligned buffer"],
    [61, 0, "features not a multiple of 4"],
  ] as const) {
    it(`indexes every non-zero pixel in order (${label})`, () => {
      const count = 53;
      const { images } = mnistLike(new Rng(features + shift), {
        count,
        features,
        classes: 10,
        zeroRows: [0, 52],
      });
      const buffer = new Uint8Array(images.length + shift);
      buffer.set(images, shift);
      const view = buffer.subarray(shift);
      const { start, entries } = buildSparseRows(view, count, features);
      expect(start[0]).toBe(0);
      expect(start[1]).toBe(0); // row 0 is all zeros
      expect(entries.length).toBe(images.reduce((n, p) => n + (p !== 0 ? 1 : 0), 0));
      for (let j = 0; j < entries.length; j++) expect(entries[j] & 255).not.toBe(0);
      expect(densify(start, entries, count, features)).toEqual(images);
    });
  }
});
