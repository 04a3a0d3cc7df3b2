// Every function that takes bytes gives the same result for its input as a plain array, as a view at
// a random offset inside a larger buffer, and as a Node Buffer (whose pooled memory has an offset).
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteForms, placed, placement } from "../../../tools/testing/byte_views.ts";
import { gzip } from "./_test_fixtures.ts";
import { parseClassNames } from "./class_names.ts";
import { decodeIdx } from "./decode_idx.ts";
import { describeIdx } from "./describe_idx.ts";
import { encodeIdx, encodeIdxHeader } from "./encode_idx.ts";
import { gunzip, isGzip } from "./gzip.ts";
import { IDX_ARRAYS, IDX_TYPE_SIZE, type IdxArray, type IdxType } from "./idx_types.ts";
import { fitDigit } from "./image/fit_digit.ts";
import { mnistify } from "./image/mnistify.ts";
import { resampleArea, resampleBilinear } from "./image/resample.ts";
import { toGray } from "./image/to_gray.ts";
import { inflateIdx } from "./inflate_idx.ts";
import { parseIdxHeader } from "./parse_header.ts";
import { decodeIdxData, parseIdx } from "./parse_idx.ts";
import { sha256Hex } from "./sha256.ts";
import { streamIdx } from "./stream_idx.ts";

const TYPES: IdxType[] = ["u8", "i8", "i16", "i32", "f32", "f64"];

/** The bytes behind any typed array, for exact comparison (NaN payloads included). */
function raw(a: ArrayBufferView): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

function sameIdx(a: IdxArray, b: IdxArray): void {
  expect(b.type).toBe(a.type);
  expect(b.dims).toEqual(a.dims);
  expect(b.data.constructor).toBe(a.data.constructor);
  expect(raw(b.data)).toEqual(raw(a.data));
}

/** A valid IDX file of random type and shape with random data. */
const idxFile = fc
  .record({
    type: fc.constantFrom(...TYPES),
    dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ type, dims, seed }) => {
    const n = dims.reduce((a, b) => a * b, 1) * IDX_TYPE_SIZE[type];
    const head = encodeIdxHeader(type, dims);
    const file = new Uint8Array(head.length + n);
    file.set(head);
    let x = seed;
    for (let i = head.length; i < file.length; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      file[i] = x >>> 24;
    }
    return { type, file, headerBytes: head.length };
  });

describe("IDX decoders take any Uint8Array view", () => {
  it("parseIdx, parseIdxHeader, decodeIdxData, describeIdx, sha256Hex and isGzip", async () => {
    await fc.assert(
      fc.asyncProperty(idxFile, placement, async ({ type, file, headerBytes }, p) => {
        const plain = parseIdx(file, "f");
        const header = parseIdxHeader(file, "f");
        const data = decodeIdxData(file.subarray(headerBytes), type);
        const described = await describeIdx(file, "f");
        const sum = await sha256Hex(file);
        for (const input of byteForms(file, p)) {
          sameIdx(plain, parseIdx(input, "f"));
          expect(parseIdxHeader(input, "f")).toEqual(header);
          expect(raw(decodeIdxData(input.subarray(headerBytes), type))).toEqual(raw(data));
          expect(await describeIdx(input, "f")).toEqual(described);
          expect(await sha256Hex(input)).toBe(sum);
          expect(isGzip(input)).toBe(false);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("gunzip, inflateIdx and decodeIdx of gzip input", async () => {
    await fc.assert(
      fc.asyncProperty(idxFile, placement, async ({ file }, p) => {
        const gz = await gzip(file);
        const plain = await decodeIdx(gz, "f.gz");
        for (const input of byteForms(gz, p)) {
          expect(isGzip(input)).toBe(true);
          expect(raw(await gunzip(input))).toEqual(raw(file));
          expect(raw(await inflateIdx(input, "f.gz"))).toEqual(raw(file));
          sameIdx(plain, await decodeIdx(input, "f.gz"));
        }
      }),
      { numRuns: 40 },
    );
  });

  it("streamIdx over a stream of views", async () => {
    const batches = async (chunks: Uint8Array[]) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of chunks) controller.enqueue(c);
          controller.close();
        },
      });
      const out: number[][] = [];
      for await (const b of streamIdx(stream, { batchRecords: 2 }))
        out.push([b.start, b.count, ...raw(b.data)]);
      return out;
    };
    await fc.assert(
      fc.asyncProperty(
        idxFile.filter(({ file }) => file[3] > 0),
        placement,
        fc.integer({ min: 1, max: 20 }),
        async ({ file }, p, cut) => {
          const plain = await batches([file]);
          const moved = placed(file, p);
          const at = Math.min(cut, moved.length);
          expect(await batches([moved.subarray(0, at), moved.subarray(at)])).toEqual(plain);
          expect(await batches([Buffer.from(file)])).toEqual(plain);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("encodeIdx of typed arrays that are views into larger buffers", () => {
    fc.assert(
      fc.property(idxFile, fc.integer({ min: 1, max: 9 }), ({ file }, shift) => {
        const plain = parseIdx(file);
        const Ctor = IDX_ARRAYS[plain.type] as unknown as new (
          b: ArrayBuffer,
          o: number,
          n: number,
        ) => ArrayBufferView;
        const size = IDX_TYPE_SIZE[plain.type];
        const n = plain.data.length;
        const big = new ArrayBuffer((shift + n + 3) * size);
        new Uint8Array(big).fill(0xa5);
        const view = new Ctor(big, shift * size, n);
        new Uint8Array(big, shift * size, n * size).set(new Uint8Array(raw(plain.data)));
        const encoded = encodeIdx({ type: plain.type, dims: plain.dims, data: view } as IdxArray);
        expect(raw(encoded)).toEqual(raw(file));
      }),
      { numRuns: 80 },
    );
  });

  it("parseClassNames", () => {
    // Distinct once trimmed, as class names must be.
    const names = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 /-]{0,11}$/), {
      minLength: 1,
      maxLength: 12,
      selector: (n) => n.trim(),
    });
    fc.assert(
      fc.property(names, placement, (list, p) => {
        const file = new TextEncoder().encode(`${list.join("\n")}\n`);
        const plain = parseClassNames(file);
        for (const input of byteForms(file, p)) expect(parseClassNames(input)).toEqual(plain);
      }),
      { numRuns: 60 },
    );
  });
});

describe("image helpers take any view", () => {
  const rasters = fc
    .record({
      width: fc.integer({ min: 1, max: 12 }),
      height: fc.integer({ min: 1, max: 12 }),
      channels: fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>,
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ width, height, channels, seed }) => {
      let x = seed;
      const data = Uint8Array.from({ length: width * height * channels }, () => {
        x = (x * 1103515245 + 12345) >>> 0;
        return x >>> 24;
      });
      return { width, height, channels, data };
    });

  it("toGray and mnistify of raster data at any offset, and as a Node Buffer", () => {
    fc.assert(
      fc.property(rasters, placement, fc.boolean(), (image, p, invert) => {
        const gray = toGray(image);
        const digit = mnistify(image, { invert });
        for (const data of byteForms(image.data, p)) {
          const moved = { ...image, data };
          expect(raw(toGray(moved))).toEqual(raw(gray));
          const got = mnistify(moved, { invert });
          expect([got.inverted, got.blank]).toEqual([digit.inverted, digit.blank]);
          expect(raw(got.pixels)).toEqual(raw(digit.pixels));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("fitDigit, resampleArea and resampleBilinear of Float32Array views", () => {
    fc.assert(
      fc.property(rasters, fc.integer({ min: 1, max: 9 }), (image, shift) => {
        const gray = toGray(image);
        const big = new Float32Array(shift + gray.length + 5).fill(0.5);
        big.set(gray, shift);
        const view = big.subarray(shift, shift + gray.length);
        const { width: w, height: h } = image;
        const fit = fitDigit(gray, w, h);
        const fitView = fitDigit(view, w, h);
        expect(fitView === null ? null : raw(fitView)).toEqual(fit === null ? null : raw(fit));
        expect(raw(resampleArea(view, w, h, 5, 7))).toEqual(raw(resampleArea(gray, w, h, 5, 7)));
        expect(raw(resampleBilinear(view, w, h, 7, 5))).toEqual(raw(resampleBilinear(gray, w, h, 7, 5)));
      }),
      { numRuns: 60 },
    );
  });
});
