import { describe, expect, it } from "vitest";
import { resampleArea, resampleBilinear } from "./resample.ts";

function canvasWith(width: number, height: number, fill: (x: number, y: number) => number): Float32Array {
  const a = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) a[y * width + x] = fill(x, y);
  return a;
}

const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

describe("resampleArea", () => {
  it("preserves the mean intensity", () => {
    const src = canvasWith(37, 23, (x, y) => ((x * 7 + y * 3) % 11) / 10);
    const out = resampleArea(src, 37, 23, 9, 5);
    expect(mean(out)).toBeCloseTo(mean(src), 5);
  });
});

describe("resampleBilinear", () => {
  it("keeps a constant image constant and interpolates a ramp linearly", () => {
    expect(Array.from(resampleBilinear(new Float32Array(6).fill(0.25), 3, 2, 7, 5))).toEqual(
      new Array(35).fill(0.25),
    );
    const ramp = resampleBilinear(new Float32Array([0, 1, 2, 3]), 4, 1, 8, 1);
    // Inside the source's pixel centres, neighbouring targets differ by the same step.
    for (let i = 2; i < 6; i++) expect(ramp[i] - ramp[i - 1]).toBeCloseTo(0.5, 6);
    expect(ramp[0]).toBe(0);
    expect(ramp[7]).toBe(3);
  });
});
