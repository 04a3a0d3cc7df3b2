import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gzip } from "./_test_fixtures.ts";
import { encodeIdx } from "./encode_idx.ts";
import { type IdxBatch, streamIdx } from "./stream_idx.ts";

/** A stream that delivers `bytes` cut at the given lengths, and records cancellation. */
function chunked(bytes: Uint8Array, sizes: number[] = [bytes.length]) {
  let offset = 0;
  let i = 0;
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const n = Math.max(1, sizes[i++ % sizes.length]);
      controller.enqueue(bytes.slice(offset, offset + n));
      offset += n;
      state.pulled = offset;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function collect(stream: ReadableStream<Uint8Array>, batchRecords?: number): Promise<IdxBatch[]> {
  const out: IdxBatch[] = [];
  for await (const b of streamIdx(stream, { batchRecords, name: "s" })) out.push(b);
  return out;
}

const f64 = new Float64Array(7 * 3).map((_, i) => i * 0.5 - 3);
const file = encodeIdx({ type: "f64", dims: [7, 3], data: f64 });

describe("streamIdx", () => {
  it("yields record batches equal to the parsed data, whatever the chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 8 }),
        async (sizes, batch) => {
          const batches = await collect(chunked(file, sizes).stream, batch);
          expect(batches.map((b) => b.start)).toEqual(
            Array.from({ length: Math.ceil(7 / batch) }, (_, i) => i * batch),
          );
          const all = batches.flatMap((b) => Array.from(b.data));
          expect(all).toEqual(Array.from(f64));
          expect(batches[0].header.dims).toEqual([7, 3]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("inflates a gzip stream detected by its magic", async () => {
    const batches = await collect(chunked(await gzip(file), [5]).stream, 4);
    expect(batches.map((b) => b.count)).toEqual([4, 3]);
    expect(batches[1].data[8]).toBe(f64[20]);
  });

  it("reports a stream that ends early", async () => {
    await expect(collect(chunked(file.subarray(0, file.length - 1)).stream, 2)).rejects.toThrow(
      new RangeError(
        "Cannot read IDX data of s: stream ended after 167 bytes of data, expected 168 for 7×3 f64",
      ),
    );
  });

  it("reports trailing bytes after the last record", async () => {
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    await expect(collect(chunked(longer).stream)).rejects.toThrow(
      "Cannot read IDX data of s: stream continues past the 168 bytes declared, expected exactly 168 for 7×3 f64",
    );
  });

  it("validates the header before yielding anything", async () => {
    await expect(collect(chunked(new Uint8Array([0, 0, 8, 2, 0, 0, 0, 1])).stream)).rejects.toThrow(
      "Cannot parse IDX header of s: file is 8 bytes, expected at least 12 for rank 2",
    );
  });

  it("cancels the source when the consumer stops early, without reading the rest", async () => {
    const big = encodeIdx({ type: "u8", dims: [1000, 100], data: new Uint8Array(100_000) });
    const { stream, state } = chunked(big, [1000]);
    for await (const b of streamIdx(stream, { batchRecords: 10 })) {
      expect(b.count).toBe(10);
      break;
    }
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10_000);
  });

  it("stops with the signal's reason when aborted", async () => {
    const controller = new AbortController();
    const run = async () => {
      for await (const _ of streamIdx(chunked(file).stream, { batchRecords: 1, signal: controller.signal })) {
        controller.abort(new Error("stop"));
      }
    };
    await expect(run()).rejects.toThrow("stop");
  });

  it("yields records of zero elements as one empty batch", async () => {
    const empty = encodeIdx({ type: "i16", dims: [3, 0], data: new Int16Array(0) });
    const batches = await collect(chunked(empty).stream);
    expect(batches.map((b) => [b.count, b.data.length])).toEqual([[3, 0]]);
  });
});
