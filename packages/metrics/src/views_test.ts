// The run-log readers give the same records for UTF-8 bytes as for text, whether the bytes are a plain
// array, a view at a random offset inside a larger buffer, or a Node Buffer (pooled memory at an
// offset), and however a stream splits them into chunks (each chunk a view too).
import { Buffer } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleRun } from "./_test_fixtures.ts";
import { parseRunLog, readRunLog } from "./read_run_log.ts";
import { formatRecord } from "./run_log.ts";

const placement = fc.record({
  offset: fc.integer({ min: 1, max: 37 }),
  after: fc.integer({ min: 0, max: 37 }),
  fill: fc.integer({ min: 0, max: 255 }),
});
type Placement = { offset: number; after: number; fill: number };

function placed(bytes: Uint8Array, p: Placement): Uint8Array {
  const big = new Uint8Array(p.offset + bytes.length + p.after).fill(p.fill);
  big.set(bytes, p.offset);
  return big.subarray(p.offset, p.offset + bytes.length);
}

/** A log of `epochs` epochs, non-ASCII text included, and cut mid-line when `cut` is set. */
function logText(epochs: number, cut: boolean): string {
  const records = sampleRun(epochs, 3);
  const text = records.map(formatRecord).join("").replace('"tutorial"', '"tutorial — ü €"');
  return cut ? text.slice(0, text.length - 7) : text;
}

function stream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });
}

describe("run-log readers accept any Uint8Array view", () => {
  it("parseRunLog", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.boolean(), placement, (epochs, cut, p) => {
        const text = logText(epochs, cut);
        const plain = parseRunLog(text);
        const bytes = new TextEncoder().encode(text);
        for (const form of [placed(bytes, p), Buffer.from(bytes), Buffer.from(placed(bytes, p))]) {
          expect(parseRunLog(form)).toEqual(plain);
        }
      }),
    );
  });

  it("readRunLog over chunks that are views", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 20 }),
        placement,
        async (epochs, cut, sizes, p) => {
          const text = logText(epochs, cut);
          const plain = parseRunLog(text);
          const bytes = new TextEncoder().encode(text);
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = sizes[i % sizes.length];
            const piece = bytes.subarray(at, at + size);
            chunks.push(i % 2 === 0 ? placed(piece, p) : Buffer.from(piece));
            at += size;
          }
          expect(await readRunLog(stream(chunks))).toEqual(plain);
        },
      ),
      { numRuns: 50 },
    );
  });
});
