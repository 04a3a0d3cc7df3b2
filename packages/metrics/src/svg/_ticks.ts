/**
 * Axis ranges and "nice" tick positions (1, 2, 2.5 or 5 times a power of ten).
 *
 * Runtime-neutral.
 * @module
 */

/** A tick layout: the axis runs from `min` to `max` with ticks every `step`. */
export interface Ticks {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: number[];
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

/**
 * Ticks covering [lo, hi] with about `count` intervals.
 *
 * @param lo Smallest data value.
 * @param hi Largest data value.
 * @param count Wanted number of intervals.
 * @param integer Only integer ticks (epochs, steps).
 * @returns The expanded range and the ticks in it.
 */
export function niceTicks(lo: number, hi: number, count: number, integer = false): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return niceTicks(0, 1, count, integer);
  if (lo === hi) {
    const pad = integer ? 1 : Math.abs(lo) * 0.1 || 1;
    return niceTicks(lo - pad, hi + pad, count, integer);
  }
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  const min = Number((Math.floor(lo / step + 1e-9) * step).toPrecision(12));
  const max = Number((Math.ceil(hi / step - 1e-9) * step).toPrecision(12));
  const values: number[] = [];
  const n = Math.round((max - min) / step);
  for (let i = 0; i <= n; i++) values.push(Number((min + i * step).toPrecision(12)));
  return { min, max, step, values };
}

/** Decimals needed to tell ticks `step` apart. */
export function stepDecimals(step: number): number {
  let d = 0;
  while (d < 12 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9 * 10 ** d) d++;
  return d;
}

/**
 * Ticks of a logarithmic axis covering [lo, hi] (both > 0): the powers of ten in it, with 2× and 5×
 * when the data spans under two decades, and the range widened to the ticks around the data.
 *
 * @param lo Smallest data value, > 0.
 * @param hi Largest data value, ≥ lo.
 * @returns The range (in data units) and the ticks in it, ascending.
 */
export function logTicks(lo: number, hi: number): { min: number; max: number; values: number[] } {
  if (!(lo > 0) || !(hi >= lo) || !Number.isFinite(hi)) return logTicks(1, 10);
  // One decade either side, so a single value (lo = hi) still gets ticks around it.
  const a = Math.floor(Math.log10(lo) + 1e-9) - 1;
  const b = Math.ceil(Math.log10(hi) - 1e-9) + 1;
  const multiples = Math.log10(hi / lo) < 2 ? [1, 2, 5] : [1];
  const all: number[] = [];
  for (let p = a; p <= b; p++) for (const m of multiples) all.push(Number((m * 10 ** p).toPrecision(12)));
  // The axis runs from the last tick at or below lo to the first at or above hi.
  let min = all.filter((t) => t <= lo * (1 + 1e-9)).at(-1) ?? all[0];
  let max = all.find((t) => t >= hi * (1 - 1e-9)) ?? (all.at(-1) as number);
  if (min === max) {
    min = all[all.indexOf(min) - 1];
    max = all[all.indexOf(max) + 1];
  }
  return { min, max, values: all.filter((t) => t >= min && t <= max) };
}
