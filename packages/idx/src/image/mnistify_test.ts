import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mnistDataDir } from "../fs.ts";
import { mnistify } from "./mnistify.ts";
import { toGray } from "./to_gray.ts";

/** Ink bounding box and centre of mass of a 28×28 byte image. */
function inkStats(pixels: Uint8Array) {
  let mass = 0;
  let cx = 0;
  let cy = 0;
  let [x0, y0, x1, y1] = [28, 28, -1, -1];
  for (let k = 0; k < 784; k++) {
    const [x, y] = [k % 28, Math.floor(k / 28)];
    mass += pixels[k];
    cx += pixels[k] * (x + 0.5);
    cy += pixels[k] * (y + 0.5);
    if (pixels[k] > 0)
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, cx: cx / mass, cy: cy / mass };
}

describe("mnistify", () => {
  it("fits MNIST test digits into 20×20 and centres their mass in 28×28", async () => {
    const images = await readFile(join(mnistDataDir(), "t10k-images-idx3-ubyte"));
    for (const i of [0, 1, 2]) {
      const src = images.subarray(16 + i * 784, 16 + (i + 1) * 784);
      const { pixels, inverted, blank } = mnistify({ width: 28, height: 28, channels: 1, data: src });
      const s = inkStats(pixels);
      expect(inverted, "a black-background digit is not inverted").toBe(false);
      expect(blank).toBe(false);
      const side = Math.max(s.w, s.h);
      expect(side, `image ${i}: ink box ${s.w}×${s.h}`).toBeGreaterThanOrEqual(19);
      expect(side, `image ${i}: ink box ${s.w}×${s.h}`).toBeLessThanOrEqual(20);
      expect(Math.abs(s.cx - 14), `image ${i}: centre x ${s.cx}`).toBeLessThanOrEqual(1);
      expect(Math.abs(s.cy - 14), `image ${i}: centre y ${s.cy}`).toBeLessThanOrEqual(1);
    }
  });

  it("inverts dark ink on a light RGB background, and gives the same digit as the inverted gray image", () => {
    const [w, h] = [90, 120];
    const ink = (x: number, y: number) => x >= 30 && x < 50 && y >= 20 && y < 100;
    const rgb = new Uint8Array(w * h * 3);
    const gray = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        rgb.fill(ink(x, y) ? 20 : 240, (y * w + x) * 3, (y * w + x) * 3 + 3);
        gray[y * w + x] = ink(x, y) ? 235 : 15;
      }
    }
    const fromRgb = mnistify({ width: w, height: h, channels: 3, data: rgb });
    const fromGray = mnistify({ width: w, height: h, channels: 1, data: gray });
    expect(fromRgb.inverted).toBe(true);
    expect(fromGray.inverted).toBe(false);
    expect(Array.from(fromRgb.pixels)).toEqual(Array.from(fromGray.pixels));
    const s = inkStats(fromRgb.pixels);
    expect([s.w, s.h]).toEqual([5, 20]);
  });

  it("honours an explicit invert option, and reports a blank image", () => {
    // A bright drawing that covers most of the border still reads as white ink when told so.
    const data = new Uint8Array(40 * 40).fill(255);
    data.fill(0, 0, 40 * 5);
    expect(mnistify({ width: 40, height: 40, channels: 1, data }).inverted).toBe(true);
    expect(mnistify({ width: 40, height: 40, channels: 1, data }, { invert: false }).inverted).toBe(false);
    const empty = mnistify({ width: 40, height: 40, channels: 4, data: new Uint8ClampedArray(40 * 40 * 4) });
    // Fully transparent is white paper: inverted, and then nothing is drawn.
    expect(empty).toMatchObject({ inverted: true, blank: true });
    expect(empty.pixels.every((v) => v === 0)).toBe(true);
  });

  it("rejects data of the wrong length", () => {
    expect(() => mnistify({ width: 3, height: 3, channels: 1, data: new Uint8Array(8) })).toThrow(
      "Cannot read image: 8 samples, expected 9 (3×3×1)",
    );
  });
});

describe("toGray", () => {
  it("weights RGB by luminance and composites alpha over white", () => {
    const g = toGray({
      width: 3,
      height: 1,
      channels: 4,
      data: new Uint8Array([255, 0, 0, 255, 0, 0, 0, 128, 9, 9, 9, 0]),
    });
    expect(g[0]).toBeCloseTo(0.299, 6);
    expect(g[1]).toBeCloseTo(1 - 128 / 255, 6);
    expect(g[2]).toBe(1);
  });
});
