import { describe, expect, it } from "vitest";
import { resampleArea, SIDE, toBytes, toMnistInput } from "./preprocess.ts";

function canvasWith(width: number, height: number, fill: (x: number, y: number) => number): Float32Array {
  const a = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) a[y * width + x] = fill(x, y);
  return a;
}

function stats(img: Float32Array) {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  let minX = SIDE;
  let maxX = -1;
  let minY = SIDE;
  let maxY = -1;
  let partial = 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = img[y * SIDE + x];
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

describe("toMnistInput", () => {
  it("returns null for an empty drawing", () => {
    expect(toMnistInput(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });

  it("fits a tall off-centre stroke into 20 rows, keeps its aspect and centres its mass", () => {
    // A vertical bar 30 wide, 150 tall, in the top-left corner of a 280×280 canvas.
    const src = canvasWith(280, 280, (x, y) => (x >= 10 && x < 40 && y >= 5 && y < 155 ? 1 : 0));
    const img = toMnistInput(src, 280, 280)!;
    const s = stats(img);
    expect(s.h).toBe(20);
    expect(s.w).toBe(4);
    expect(Math.abs(s.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(s.cy - 14)).toBeLessThanOrEqual(0.5);
  });

  it("anti-aliases: a diagonal stroke leaves intermediate grey levels", () => {
    const src = canvasWith(280, 280, (x, y) => (Math.abs(x - y) < 12 ? 1 : 0));
    const img = toMnistInput(src, 280, 280)!;
    expect(stats(img).partial).toBeGreaterThan(5);
    for (const v of img) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of img) expect(v).toBeLessThanOrEqual(1);
  });
});

describe("resampleArea", () => {
  it("preserves the mean intensity", () => {
    const src = canvasWith(37, 23, (x, y) => ((x * 7 + y * 3) % 11) / 10);
    const out = resampleArea(src, 37, 23, 9, 5);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out)).toBeCloseTo(mean(src), 5);
  });
});

describe("toBytes", () => {
  it("scales [0, 1] to rounded bytes", () => {
    expect(Array.from(toBytes(new Float32Array([0, 0.5, 1, 0.1])))).toEqual([0, 128, 255, 26]);
  });
});
