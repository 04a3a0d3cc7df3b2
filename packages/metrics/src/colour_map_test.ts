import { describe, expect, it } from "vitest";
import { DIVERGING_STOPS, diverging, divergingGradientCss, divergingLegend } from "./colour_map.ts";

/** WCAG relative luminance of an sRGB colour. */
function luminance([r, g, b]: readonly number[]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe("diverging colour map", () => {
  it("is blue below zero, near-white at zero, red above, clamped outside ±1", () => {
    expect(diverging(-1)).toEqual([33, 102, 172]);
    expect(diverging(0)).toEqual([247, 247, 247]);
    expect(diverging(1)).toEqual([178, 24, 43]);
    expect(diverging(7)).toEqual(diverging(1));
    expect(diverging(-7)).toEqual(diverging(-1));
    expect(diverging(Number.NaN)).toEqual(diverging(0));
    const [r, , b] = diverging(-0.3);
    expect(b).toBeGreaterThan(r);
    const [r2, , b2] = diverging(0.3);
    expect(r2).toBeGreaterThan(b2);
  });

  it("gets darker monotonically with |t| on both sides, so magnitude reads without hue", () => {
    for (const sign of [-1, 1]) {
      let previous = luminance(diverging(0));
      for (let k = 1; k <= 20; k++) {
        const l = luminance(diverging((sign * k) / 20));
        expect(l).toBeLessThan(previous);
        previous = l;
      }
    }
  });

  it("gives the legend's gradient and labelled ticks of a symmetric scale", () => {
    expect(divergingGradientCss()).toBe(
      `linear-gradient(90deg, ${DIVERGING_STOPS.map((s) => `rgb(${s.join(", ")})`).join(", ")})`,
    );
    const legend = divergingLegend(0.83427);
    expect([legend.min, legend.max]).toEqual([-0.83427, 0.83427]);
    expect(legend.ticks).toEqual([
      [-0.83427, "−0.834"],
      [0, "0"],
      [0.83427, "+0.834"],
    ]);
    expect(() => divergingLegend(0)).toThrow(
      "Cannot build a colour legend: the scale is 0, expected a positive finite number",
    );
  });
});
