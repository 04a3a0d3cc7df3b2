// Random and mutated input: the parsers return a valid array or throw one of the documented errors
// (SyntaxError, RangeError), never anything else and never hang.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gzip } from "./_test_fixtures.ts";
import { decodeIdx } from "./decode_idx.ts";
import { mnistDataDir } from "./fs.ts";
import { IDX_TYPE_SIZE } from "./idx_types.ts";
import { parseIdx } from "./parse_idx.ts";
import { streamIdx } from "./stream_idx.ts";

/** The MNIST train-images header plus two images. */
const realHead = readFileSync(join(mnistDataDir(), "train-images-idx3-ubyte")).subarray(0, 16 + 2 * 784);

function documented(error: unknown): boolean {
  return error instanceof SyntaxError || error instanceof RangeError;
}

function checkValid(idx: ReturnType<typeof parseIdx>, input: Uint8Array): void {
  const n = idx.dims.reduce((a, b) => a * b, 1);
  expect(idx.data.length).toBe(n);
  expect(4 + 4 * idx.dims.length + n * IDX_TYPE_SIZE[idx.type]).toBe(input.length);
}

/** A mutation: overwrite bytes, truncate, or append. */
const mutated = (base: Uint8Array) =>
  fc
    .record({
      writes: fc.array(fc.tuple(fc.nat({ max: 40 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      cut: fc.option(fc.nat({ max: base.length }), { nil: undefined }),
      extra: fc.uint8Array({ maxLength: 3 }),
    })
    .map(({ writes, cut, extra }) => {
      const b = base.slice(0, cut ?? base.length);
      for (const [i, v] of writes) if (i < b.length) b[i] = v;
      const out = new Uint8Array(b.length + extra.length);
      out.set(b);
      out.set(extra, b.length);
      return out;
    });

/** Small headers with plausible type codes and dims, followed by random data. */
const plausible = fc
  .record({
    type: fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x0a, 0x00),
    dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 0, maxLength: 4 }),
    data: fc.uint8Array({ maxLength: 200 }),
  })
  .map(({ type, dims, data }) => {
    const h = new Uint8Array(4 + 4 * dims.length + data.length);
    h[2] = type;
    h[3] = dims.length;
    const v = new DataView(h.buffer);
    for (let i = 0; i < dims.length; i++) v.setUint32(4 + 4 * i, dims[i]);
    h.set(data, 4 + 4 * dims.length);
    return h;
  });

const anyInput = fc.oneof(fc.uint8Array({ maxLength: 64 }), plausible, mutated(realHead));

describe("parser robustness", () => {
  it("parseIdx returns a valid array or throws SyntaxError/RangeError", () => {
    fc.assert(
      fc.property(anyInput, (bytes) => {
        try {
          checkValid(parseIdx(bytes, "fuzz"), bytes);
        } catch (error) {
          if (!documented(error)) throw error;
          expect((error as Error).message).toMatch(/^Cannot [a-z]+ IDX header of fuzz: .*expected/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("streamIdx agrees with parseIdx on every input", async () => {
    await fc.assert(
      fc.asyncProperty(anyInput, fc.integer({ min: 1, max: 5 }), async (bytes, batchRecords) => {
        let expected: ReturnType<typeof parseIdx> | Error;
        try {
          expected = parseIdx(bytes);
        } catch (error) {
          expected = error as Error;
        }
        try {
          let elements = 0;
          for await (const b of streamIdx(new Blob([bytes]).stream(), { batchRecords })) {
            elements += b.data.length;
          }
          expect(expected).not.toBeInstanceOf(Error);
          expect(elements).toBe((expected as ReturnType<typeof parseIdx>).data.length);
        } catch (error) {
          if (!documented(error)) throw error;
          expect(expected).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 300, timeout: 2000 },
    );
  });

  it("decodeIdx on mutated gzip data returns a valid array or throws SyntaxError/RangeError", async () => {
    const gz = await gzip(realHead);
    await fc.assert(
      fc.asyncProperty(mutated(gz), async (bytes) => {
        try {
          await decodeIdx(bytes, "fuzz.gz");
        } catch (error) {
          if (!documented(error)) throw error;
        }
      }),
      { numRuns: 200, timeout: 2000 },
    );
  });
});
