import { describe, expect, it } from "vitest";
import { encodeIdx } from "./encode_idx.ts";
import { encodeIdxStream } from "./encode_idx_stream.ts";
import { parseIdx } from "./parse_idx.ts";

const collect = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) =>
  new Uint8Array(await new Response(stream).arrayBuffer());

describe("encodeIdxStream", () => {
  it("writes the same bytes as encodeIdx, from sync and async chunks, skipping empty ones", async () => {
    const data = Uint8Array.from({ length: 5 * 3 * 2 }, (_, i) => (i * 7) % 256);
    const whole = encodeIdx({ type: "u8", dims: [5, 3, 2], data });
    function* sync() {
      yield data.subarray(0, 6);
      yield new Uint8Array(0);
      yield data.subarray(6);
    }
    async function* later() {
      for (let i = 0; i < 5; i++) yield data.slice(i * 6, i * 6 + 6);
    }
    expect(await collect(encodeIdxStream("u8", [5, 3, 2], sync()))).toEqual(whole);
    expect(await collect(encodeIdxStream("u8", [5, 3, 2], later()))).toEqual(whole);
  });

  it("writes multi-byte types big-endian", async () => {
    const data = new Float32Array([0.5, -1, 3.25]);
    const bytes = await collect(encodeIdxStream("f32", [3], [data.subarray(0, 1), data.subarray(1)]));
    expect(bytes).toEqual(encodeIdx({ type: "f32", dims: [3], data }));
    expect(Array.from(parseIdx(bytes).data)).toEqual([0.5, -1, 3.25]);
  });

  it("pulls chunks only as they are read", async () => {
    let produced = 0;
    function* chunks() {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield new Uint8Array(1000);
      }
    }
    const reader = encodeIdxStream("u8", [100, 1000], chunks()).getReader();
    await reader.read(); // the header
    await reader.read();
    expect(produced).toBeLessThan(5);
    await reader.cancel();
  });

  it("errors when the chunks hold fewer or more elements than the header declares, or the wrong type", async () => {
    await expect(collect(encodeIdxStream("u8", [2, 2], [new Uint8Array(3)]))).rejects.toThrow(
      "Cannot encode IDX stream: chunks held 3 elements, expected 4 for 2×2 u8",
    );
    await expect(
      collect(encodeIdxStream("u8", [2, 2], [new Uint8Array(3), new Uint8Array(3)])),
    ).rejects.toThrow("Cannot encode IDX stream: chunks hold more than 4 elements, expected 4 for 2×2 u8");
    await expect(
      collect(encodeIdxStream("u8", [1], [new Int8Array(1) as unknown as Uint8Array])),
    ).rejects.toThrow("Cannot encode IDX stream: a chunk is a Int8Array, expected a Uint8Array for u8");
  });
});
