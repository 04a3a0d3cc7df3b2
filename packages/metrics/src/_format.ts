/**
 * Text helpers shared by the SVG charts and the HTML report: escaping and number formatting.
 *
 * Runtime-neutral.
 * @module
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML or SVG element content and quoted attribute values. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A number for people: fixed significant digits, no exponent for everyday magnitudes; "–" for NaN. */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "–" : x > 0 ? "∞" : "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(x.toPrecision(digits)));
}

/** A fraction as a percentage with `decimals` decimals; "–" for NaN. */
export function formatPercent(x: number, decimals = 2): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(decimals)}%` : "–";
}
