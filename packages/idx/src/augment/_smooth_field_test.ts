import { describe, expect, it } from "vitest";
import { FieldSmoother, gaussianKernel } from "./_smooth_field.ts";

describe("gaussianKernel", () => {
  it("is symmetric, sums to 1 and reaches 3σ", () => {
    const k = gaussianKernel(4);
    expect(k.length).toBe(25);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < k.length; i++) expect(k[i]).toBe(k[k.length - 1 - i]);
  });
});

describe("FieldSmoother", () => {
  it("equals a direct 2-D convolution with zero outside the field", () => {
    const rows = 11;
    const cols = 7;
    const sigma = 1.5;
    const k = gaussianKernel(sigma);
    const r = (k.length - 1) / 2;
    const field = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 12.9898) * 0.9);
    const s = new FieldSmoother(rows, cols, sigma);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++) s.input[y * s.stride + s.radius + x] = field[y * cols + x];
    const out = new Float64Array(rows * cols);
    s.smooth(out);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        let expected = 0;
        for (let j = -r; j <= r; j++) {
          for (let i = -r; i <= r; i++) {
            const yy = y + j;
            const xx = x + i;
            if (yy >= 0 && yy < rows && xx >= 0 && xx < cols)
              expected += field[yy * cols + xx] * k[j + r] * k[i + r];
          }
        }
        expect(out[y * cols + x], `(${x}, ${y})`).toBeCloseTo(expected, 12);
      }
    }
  });
});
