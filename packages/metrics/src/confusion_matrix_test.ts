import { describe, expect, it } from "vitest";
import { ConfusionMatrix } from "./confusion_matrix.ts";

describe("ConfusionMatrix", () => {
  it("computes accuracy, per-class precision/recall/F1 and support", () => {
    const m = new ConfusionMatrix(3);
    // actual:    0 0 0 1 1 2 2 2
    // predicted: 0 0 1 1 2 2 2 0
    m.addBatch([0, 0, 0, 1, 1, 2, 2, 2], [0, 0, 1, 1, 2, 2, 2, 0]);
    expect(m.total).toBe(8);
    expect(m.accuracy).toBe(5 / 8);
    const [c0, c1, c2] = m.perClass();
    expect(c0).toEqual({ label: 0, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(c1.precision).toBe(1 / 2);
    expect(c1.recall).toBe(1 / 2);
    expect(c2.precision).toBe(2 / 3);
    expect(c2.recall).toBe(2 / 3);
    expect(m.toRows()).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [1, 0, 2],
    ]);
  });

  it("gives the same result batch by batch as all at once, and after merging", () => {
    const labels = Array.from({ length: 1000 }, (_, i) => (i * 7) % 10);
    const preds = labels.map((l, i) => (i % 9 === 0 ? (l + 1) % 10 : i % 13 === 0 ? (l + 4) % 10 : l));
    const whole = new ConfusionMatrix();
    whole.addBatch(labels, preds);
    const batched = new ConfusionMatrix();
    const a = new ConfusionMatrix();
    const b = new ConfusionMatrix();
    for (let i = 0; i < 1000; i += 100) {
      batched.addBatch(labels.slice(i, i + 100), preds.slice(i, i + 100));
      (i < 500 ? a : b).addBatch(labels.slice(i, i + 100), preds.slice(i, i + 100));
    }
    a.merge(b);
    for (const m of [batched, a]) {
      expect(m.toRows()).toEqual(whole.toRows());
      expect(m.perClass()).toEqual(whole.perClass());
    }
    expect(ConfusionMatrix.fromRows(whole.toRows()).perClass()).toEqual(whole.perClass());
  });

  it("predicts the arg-max of scores", () => {
    const m = new ConfusionMatrix(3);
    m.addScores(new Uint8Array([2, 0]), new Float32Array([0.1, 0.2, 0.7, -1, 3, 2]));
    expect(m.count(2, 2)).toBe(1);
    expect(m.count(0, 1)).toBe(1);
  });

  it("lists the top confusions, most frequent first", () => {
    const m = new ConfusionMatrix(10);
    m.add(4, 9, 12);
    m.add(7, 2, 30);
    m.add(3, 5, 12);
    m.add(1, 1, 500);
    expect(m.topConfusions(2)).toEqual([
      { actual: 7, predicted: 2, count: 30 },
      { actual: 3, predicted: 5, count: 12 },
    ]);
    expect(m.topConfusions(10)).toHaveLength(3);
  });

  it("marks undefined precision and recall as NaN and rejects bad input", () => {
    const m = new ConfusionMatrix(2);
    m.add(0, 0);
    expect(m.classMetrics(1).precision).toBeNaN();
    expect(m.classMetrics(1).recall).toBeNaN();
    expect(m.macroAverage().f1).toBe(1);
    expect(() => m.add(2, 0)).toThrow(/classes \(2, 0\), expected integers in \[0, 1\]/);
    expect(() => m.addBatch([0], [])).toThrow(RangeError);
    expect(() => ConfusionMatrix.fromRows([[1, 2], [3]])).toThrow(/row 1 has 1 entries, expected 2/);
  });

  it("builds from flat counts (row = label) the same matrix as sample by sample", () => {
    const labels = Array.from({ length: 500 }, (_, i) => (i * 3) % 4);
    const preds = labels.map((l, i) => (i % 7 === 0 ? (l + 1) % 4 : l));
    const bySample = new ConfusionMatrix(4);
    bySample.addBatch(labels, preds);
    const flat = new Uint32Array(16);
    for (let i = 0; i < labels.length; i++) flat[labels[i] * 4 + preds[i]]++;
    const m = ConfusionMatrix.fromCounts(flat, 4);
    expect(m.toRows()).toEqual(bySample.toRows());
    expect(m.perClass()).toEqual(bySample.perClass());
    expect(m.total).toBe(500);
    expect(m.correct).toBe(bySample.correct);
    // Row = label: 2 samples of class 0 predicted as 1.
    expect(ConfusionMatrix.fromCounts([5, 2, 0, 3], 2).count(0, 1)).toBe(2);
  });

  it("rejects flat counts of the wrong length or with bad values", () => {
    expect(() => ConfusionMatrix.fromCounts(new Uint32Array(8), 3)).toThrow(
      "Cannot read confusion matrix: 8 counts, expected 9 (3×3)",
    );
    expect(() => ConfusionMatrix.fromCounts([1, -1, 0, 0], 2)).toThrow(
      /count -1, expected a non-negative integer/,
    );
    expect(() => ConfusionMatrix.fromCounts([1.5, 0, 0, 0], 2)).toThrow(RangeError);
  });
});
