import { describe, expect, it } from "vitest";
import { createCpuBackend } from "./cpu_backend.ts";

describe("cpu backend", () => {
  it("computes X·W + b with pixels scaled by 1/255", async () => {
    const be = createCpuBackend();
    const ds = be.uploadDataset(new Uint8Array([255, 0, 51, 255]), new Uint8Array([0, 1]), 2, 2);
    const w = be.upload("f32", new Float32Array([1, 2, 3, 4]));
    const b = be.upload("f32", new Float32Array([0.5, -0.5]));
    const z = be.zeros("f32", 4);
    be.linearForward(ds, { order: null, offset: 0, count: 2 }, w, b, z);
    const out = await be.read(z);
    expect(out[0]).toBeCloseTo(1.5, 6);
    expect(out[1]).toBeCloseTo(1.5, 6);
    expect(out[2]).toBeCloseTo(0.2 * 1 + 3 + 0.5, 5);
    expect(out[3]).toBeCloseTo(0.2 * 2 + 4 - 0.5, 5);
  });
  it("rejects labels outside the class range", () => {
    const be = createCpuBackend();
    expect(() => be.uploadDataset(new Uint8Array(2), new Uint8Array([0, 2]), 1, 2)).toThrow(RangeError);
  });
});
