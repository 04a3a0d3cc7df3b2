import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeIdx, encodeIdxHeader } from "./encode_idx.ts";
import { IDX_ARRAYS, IDX_TYPE_SIZE, type IdxArray, type IdxType } from "./idx_types.ts";
import { parseIdx } from "./parse_idx.ts";

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Arbitrary dims (rank 1..4, at most ~200 elements) or a long rank of ones. */
const dimsArb = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
  fc.integer({ min: 1, max: 255 }).map((r) => Array.from({ length: r }, (_, i) => (i === 0 ? 3 : 1))),
);

/** Random bits for every element, so NaN payloads, -0 and subnormals appear for the float types. */
function arrayArb(type: IdxType): fc.Arbitrary<IdxArray> {
  const size = IDX_TYPE_SIZE[type];
  const Ctor = IDX_ARRAYS[type];
  return dimsArb.chain((dims) => {
    const n = dims.reduce((a, b) => a * b, 1);
    return fc.uint8Array({ minLength: n * size, maxLength: n * size }).map((raw) => {
      const data = new Ctor(n);
      bytesOf(data).set(raw);
      return { type, dims, data } as IdxArray;
    });
  });
}

describe("encodeIdx", () => {
  for (const type of ["u8", "i8", "i16", "i32", "f32", "f64"] as const) {
    it(`parse(encode(x)) equals x bit for bit for ${type}`, () => {
      fc.assert(
        fc.property(arrayArb(type), (x) => {
          const y = parseIdx(encodeIdx(x));
          expect(y.type).toBe(x.type);
          expect(y.dims).toEqual(x.dims);
          expect(y.data.constructor).toBe(x.data.constructor);
          expect(bytesOf(y.data)).toEqual(bytesOf(x.data));
        }),
        { numRuns: 150 },
      );
    });
  }

  it("writes the big-endian header and data", () => {
    const bytes = encodeIdx({ type: "i16", dims: [1, 2], data: new Int16Array([1, -2]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0x0b, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0xff, 0xfe]);
  });

  it("rejects data whose length is not the product of the dimensions", () => {
    expect(() => encodeIdx({ type: "u8", dims: [2, 2], data: new Uint8Array(3) })).toThrow(
      new RangeError("Cannot encode IDX file: data has 3 elements, expected 4 for 2×2 u8"),
    );
  });

  it("rejects data of the wrong element type", () => {
    const bad = { type: "f64", dims: [1], data: new Float32Array(1) } as unknown as IdxArray;
    expect(() => encodeIdx(bad)).toThrow(
      new TypeError("Cannot encode IDX file: data is a Float32Array, expected a Float64Array for f64"),
    );
  });

  it("rejects ranks outside 1..255 and invalid dimensions", () => {
    expect(() => encodeIdxHeader("u8", [])).toThrow("Cannot encode IDX header: rank is 0, expected 1 to 255");
    expect(() => encodeIdxHeader("u8", new Array(256).fill(1))).toThrow(/rank is 256/);
    expect(() => encodeIdxHeader("u8", [2 ** 32])).toThrow(
      "Cannot encode IDX header: dimension 0 is 4294967296, expected an integer in 0..2^32-1",
    );
    expect(() => encodeIdxHeader("u8", [1.5])).toThrow(/dimension 0 is 1.5/);
  });
});
