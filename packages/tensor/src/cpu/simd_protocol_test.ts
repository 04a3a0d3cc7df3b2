import { describe, expect, it } from "vitest";
import { CTL, chunkBounds, chunkCount, claimChunk } from "./_simd_protocol.ts";

describe("group op chunks", () => {
  it("cover every member once, in order, with no empty chunk, for groups of 1 to 300", () => {
    for (let K = 1; K <= 300; K++) {
      const chunks = chunkCount(K);
      let next = 0;
      for (let i = 0; i < chunks; i++) {
        const [k0, k1] = chunkBounds(K, chunks, i);
        expect(k0, `K ${K} chunk ${i}`).toBe(next);
        expect(k1, `K ${K} chunk ${i}`).toBeGreaterThan(k0);
        next = k1;
      }
      expect(next, `K ${K}`).toBe(K);
    }
  });

  it("give each thread a large chunk first and leave two small ones for balance", () => {
    expect([0, 1, 2, 3].map((i) => chunkBounds(16, 4, i))).toEqual([
      [0, 6],
      [6, 12],
      [12, 14],
      [14, 16],
    ]);
    expect([chunkCount(1), chunkCount(2), chunkCount(7), chunkCount(8)]).toEqual([1, 2, 2, 4]);
  });

  it("are claimed once each through the claim word, then none is left", () => {
    const ctl = new Int32Array(new SharedArrayBuffer(CTL.length * 4));
    ctl[CTL.groupAt] = 4096;
    ctl[CTL.members] = 16;
    ctl[CTL.claim] = (7 << 16) | (4 << 8);
    const claimed = [];
    for (let c = claimChunk(ctl); c !== null; c = claimChunk(ctl)) claimed.push(c);
    expect(claimed).toEqual([
      [4096, 0, 6],
      [4096, 6, 12],
      [4096, 12, 14],
      [4096, 14, 16],
    ]);
  });
});
