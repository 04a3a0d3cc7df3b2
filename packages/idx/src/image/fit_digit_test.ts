import { describe, expect, it } from "vitest";
import { fitDigit, MNIST_SIDE, toBytes } from "./fit_digit.ts";

function canvasWith(width: number, height: number, fill: (x: number, y: number) => number): Float32Array {
  const a = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) a[y * width + x] = fill(x, y);
  return a;
}

function stats(img: Float32Array) {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  let minX = MNIST_SIDE;
  let maxX = -1;
  let minY = MNIST_SIDE;
  let maxY = -1;
  let partial = 0;
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) {
      const v = img[y * MNIST_SIDE + x];
      if (v <= 0) continue;
      mass += v;
      cx += v * (x + 0.5);
      cy += v * (y + 0.5);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      if (v > 0.01 && v < 0.99) partial++;
    }
  }
  return { cx: cx / mass, cy: cy / mass, w: maxX - minX + 1, h: maxY - minY + 1, partial };
}

describe("fitDigit", () => {
  it("fits into another image size: a 16×16 target gets an 11-pixel box centred at (8, 8)", () => {
    const src = canvasWith(280, 280, (x, y) => (x >= 10 && x < 160 && y >= 5 && y < 155 ? 1 : 0));
    const img = fitDigit(src, 280, 280, [16, 16])!;
    expect(img.length).toBe(256);
    const lit: [number, number][] = [];
    for (let i = 0; i < 256; i++) if (img[i] > 0.5) lit.push([i % 16, Math.floor(i / 16)]);
    expect(lit.length).toBe(11 * 11);
    const mean = (k: 0 | 1) => lit.reduce((a, p) => a + p[k] + 0.5, 0) / lit.length;
    expect(Math.abs(mean(0) - 8)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mean(1) - 8)).toBeLessThanOrEqual(0.5);
    expect(() => fitDigit(src, 280, 280, [0, 16])).toThrow("target is 0×16");
  });

  it("returns null for an empty drawing", () => {
    expect(fitDigit(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it("fits a tall off-centre stroke into 20 rows, keeps its aspect and centres its mass", () => {
    // A vertical bar 30 wide, 150 tall, in the top-left corner of a 280×280 canvas.
    const src = canvasWith(280, 280, (x, y) => (x >= 10 && x < 40 && y >= 5 && y < 155 ? 1 : 0));
    const img = fitDigit(src, 280, 280)!;
    const s = stats(img);
    expect(s.h).toBe(20);
    expect(s.w).toBe(4);
    expect(Math.abs(s.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(s.cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it("anti-aliases: a diagonal stroke leaves intermediate grey levels", () => {
    const src = canvasWith(280, 280, (x, y) => (Math.abs(x - y) < 12 ? 1 : 0));
    const img = fitDigit(src, 280, 280)!;
    expect(stats(img).partial).toBeGreaterThan(5);
    for (const v of img) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of img) expect(v).toBeLessThanOrEqual(1);
  });

  it("enlarges a small digit smoothly (bilinear), in units of the brightest input pixel", () => {
    // A 5×10 grey bar (0.5) with a brighter core (0.8) in a 12×12 image.
    const src = canvasWith(12, 12, (x, y) =>
      x >= 3 && x < 8 && y >= 1 && y < 11 ? (x === 5 && y > 3 && y < 8 ? 0.8 : 0.5) : 0,
    );
    const img = fitDigit(src, 12, 12)!;
    const s = stats(img);
    expect(s.h).toBe(20);
    expect(s.w).toBe(10);
    // The rim (0.5 of the brightest 0.8) stays at 0.625; the core peaks between it and 1.
    expect(img.filter((v) => Math.abs(v - 0.625) < 1e-6).length).toBeGreaterThan(20);
    const peak = Math.max(...img);
    expect(peak).toBeGreaterThan(0.8);
    expect(peak).toBeLessThanOrEqual(1);
    // Bilinear between the core and the rim: levels in between appear, not just the two.
    const levels = new Set(
      Array.from(
        img.filter((v) => v > 0),
        (v) => v.toFixed(3),
      ),
    );
    expect(levels.size).toBeGreaterThan(4);
  });

  it("ignores faint noise below 10% of the brightest pixel when cropping", () => {
    const src = canvasWith(100, 100, (x, y) => (x >= 40 && x < 60 && y >= 30 && y < 70 ? 1 : 0.05));
    const s = stats(fitDigit(src, 100, 100)!);
    expect(s.h).toBe(20);
    expect(s.w).toBe(10);
  });
});

describe("toBytes", () => {
  it("scales [0, 1] to rounded bytes", () => {
    expect(Array.from(toBytes(new Float32Array([0, 0.5, 1, 0.1])))).toEqual([0, 128, 255, 26]);
  });
});
