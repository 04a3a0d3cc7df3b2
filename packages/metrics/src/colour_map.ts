/**
 * The diverging colour map for signed quantities (weights, per-pixel contributions to a logit): blue
 * for negative, near-white at zero, red for positive. The stops are ColorBrewer's RdBu, chosen for
 * being readable with red–green colour blindness and lightness that rises monotonically towards zero
 * from both ends, so |value| reads as darkness even in greyscale. One scale is symmetric about zero,
 * so that white always means "no effect" and equal colours mean equal magnitude on either side.
 *
 * Runtime-neutral.
 * @module
 */

/** An sRGB colour, channels 0–255. */
export type Rgb = readonly [r: number, g: number, b: number];

/** The five RdBu stops from −1 to +1. */
export const DIVERGING_STOPS: readonly Rgb[] = [
  [33, 102, 172],
  [146, 197, 222],
  [247, 247, 247],
  [244, 165, 130],
  [178, 24, 43],
];

/**
 * Maps `t` in [−1, 1] to a colour (values outside are clamped; NaN maps to the neutral middle).
 * @param t the value divided by the symmetric scale
 * @returns rounded RGB channels
 * @example
 * ```ts
 * import { diverging } from "@mnist/metrics";
 * console.log(diverging(0), diverging(1)); // [ 247, 247, 247 ] [ 178, 24, 43 ]
 * ```
 */
export function diverging(t: number): [number, number, number] {
  const clamped = Number.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t));
  const u = ((clamped + 1) / 2) * (DIVERGING_STOPS.length - 1);
  const i = Math.min(DIVERGING_STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const a = DIVERGING_STOPS[i];
  const b = DIVERGING_STOPS[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

/**
 * The CSS `linear-gradient` of the map from −1 (left) to +1 (right), for a legend strip.
 * @param direction a CSS angle or side (default `90deg`, left to right)
 * @returns the gradient
 */
export function divergingGradientCss(direction = "90deg"): string {
  return `linear-gradient(${direction}, ${DIVERGING_STOPS.map(([r, g, b]) => `rgb(${r}, ${g}, ${b})`).join(", ")})`;
}

/** The values a legend labels: both ends of the symmetric scale and zero. */
export interface DivergingLegend {
  /** `−limit`, drawn fully blue. */
  readonly min: number;
  /** `+limit`, drawn fully red. */
  readonly max: number;
  /** `[value, text]` for −limit, 0 and +limit, formatted with three significant digits. */
  readonly ticks: readonly (readonly [number, string])[];
}

/**
 * The legend of a symmetric scale ±`limit`.
 * @param limit the magnitude mapped to full colour (positive)
 * @returns the ends and the labelled ticks
 * @throws {RangeError} when `limit` is not a positive finite number.
 * @example
 * ```ts
 * import { divergingLegend } from "@mnist/metrics";
 * console.log(divergingLegend(0.8342).ticks.map(([, text]) => text)); // [ "−0.834", "0", "+0.834" ]
 * ```
 */
export function divergingLegend(limit: number): DivergingLegend {
  if (!(limit > 0) || !Number.isFinite(limit)) {
    throw new RangeError(
      `Cannot build a colour legend: the scale is ${limit}, expected a positive finite number`,
    );
  }
  const text = Number(limit.toPrecision(3)).toString();
  return {
    min: -limit,
    max: limit,
    ticks: [
      [-limit, `−${text}`],
      [0, "0"],
      [limit, `+${text}`],
    ],
  };
}
