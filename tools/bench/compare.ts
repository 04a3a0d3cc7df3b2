/**
 * `--compare FILE`: flags every figure more than a threshold worse than a saved run, by medians.
 * @module
 */
import type { Figure } from "@mnist/softmax/bench";

/** One figure present in both runs. */
export interface Comparison {
  readonly id: string;
  readonly before: number;
  readonly after: number;
  /** after / before for "higher is better", before / after for "lower": below 1 is worse. */
  readonly ratio: number;
  readonly worse: boolean;
}

/**
 * Compares medians figure by figure.
 * @param threshold fraction, e.g. 0.15: flagged when the ratio is below `1 − threshold`.
 * @returns one comparison per figure id found in both runs.
 */
export function compareFigures(
  before: readonly Figure[],
  after: readonly Figure[],
  threshold: number,
): Comparison[] {
  const old = new Map(before.map((f) => [f.id, f]));
  const out: Comparison[] = [];
  for (const f of after) {
    const b = old.get(f.id);
    if (b === undefined || b.value.median === 0 || f.value.median === 0) continue;
    const ratio = f.better === "higher" ? f.value.median / b.value.median : b.value.median / f.value.median;
    out.push({
      id: f.id,
      before: b.value.median,
      after: f.value.median,
      ratio,
      worse: ratio < 1 - threshold,
    });
  }
  return out;
}
