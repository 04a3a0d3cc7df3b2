/**
 * Confusion matrix with per-class precision, recall and F1 and the most frequent confusions, kept up
 * to date batch by batch: row sums, column sums and the diagonal are maintained as samples arrive, so
 * reading the metrics never re-scans the samples.
 *
 * Runtime-neutral.
 * @module
 */

/** Precision, recall and F1 of one class. NaN where undefined (no predictions, or no samples). */
export interface ClassMetrics {
  /** The class label. */
  readonly label: number;
  /** Correct predictions of this class / all predictions of this class. */
  readonly precision: number;
  /** Correct predictions of this class / samples of this class. */
  readonly recall: number;
  /** Harmonic mean of precision and recall (0 when both are 0). */
  readonly f1: number;
  /** Samples whose true class is this one. */
  readonly support: number;
}

/** One off-diagonal cell: `count` samples of class `actual` were predicted as `predicted`. */
export interface Confusion {
  /** The true class. */
  readonly actual: number;
  /** The class predicted instead. */
  readonly predicted: number;
  /** How many samples. */
  readonly count: number;
}

/**
 * Counts of (actual, predicted) pairs.
 *
 * @example
 * ```ts
 * import { ConfusionMatrix } from "@mnist/metrics";
 * const m = new ConfusionMatrix(3);
 * m.addBatch([0, 1, 2, 2], [0, 2, 2, 2]);
 * if (m.accuracy !== 0.75 || m.topConfusions(1)[0].predicted !== 2) throw new Error("unexpected");
 * ```
 */
export class ConfusionMatrix {
  /** Number of classes. */
  readonly classes: number;
  /** Row-major counts: `counts[actual * classes + predicted]`. */
  readonly counts: Float64Array;
  readonly #rowSums: Float64Array;
  readonly #colSums: Float64Array;
  #correct = 0;
  #total = 0;

  /**
   * An empty matrix of `classes × classes` counts.
   * @param classes Number of classes (10 for MNIST).
   * @throws {RangeError} When `classes` is not a positive integer.
   */
  constructor(classes = 10) {
    if (!Number.isSafeInteger(classes) || classes < 1) {
      throw new RangeError(
        `Cannot create confusion matrix: classes is ${classes}, expected a positive integer`,
      );
    }
    this.classes = classes;
    this.counts = new Float64Array(classes * classes);
    this.#rowSums = new Float64Array(classes);
    this.#colSums = new Float64Array(classes);
  }

  /**
   * Builds a matrix from rows as written in a run log (`rows[actual][predicted]`).
   *
   * @param rows A square array of counts.
   * @returns The matrix.
   * @throws {RangeError} When the rows are not square or hold a negative or non-integer count.
   */
  static fromRows(rows: readonly (readonly number[])[]): ConfusionMatrix {
    const m = new ConfusionMatrix(rows.length);
    rows.forEach((row, a) => {
      if (row.length !== rows.length) {
        throw new RangeError(
          `Cannot read confusion matrix: row ${a} has ${row.length} entries, expected ${rows.length}`,
        );
      }
      row.forEach((count, p) => {
        m.add(a, p, count);
      });
    });
    return m;
  }

  /**
   * Builds a matrix from flat row-major counts, as a trainer or evaluator accumulates them
   * (`counts[label * classes + predicted]`, e.g. a `Uint32Array` read back from the device).
   *
   * @param counts `classes * classes` non-negative integer counts, row = true label.
   * @param classes Number of classes.
   * @returns The matrix.
   * @throws {RangeError} When `counts` does not hold `classes * classes` values or holds a negative or
   *   non-integer count.
   * @example
   * ```ts
   * import { ConfusionMatrix } from "@mnist/metrics";
   * const m = ConfusionMatrix.fromCounts(new Uint32Array([3, 1, 0, 4]), 2);
   * if (m.accuracy !== 7 / 8 || m.toRows()[0][1] !== 1) throw new Error("unexpected");
   * ```
   */
  static fromCounts(counts: ArrayLike<number>, classes: number): ConfusionMatrix {
    const m = new ConfusionMatrix(classes);
    if (counts.length !== classes * classes) {
      throw new RangeError(
        `Cannot read confusion matrix: ${counts.length} counts, expected ${classes * classes} (${classes}×${classes})`,
      );
    }
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] !== 0) m.add(Math.floor(i / classes), i % classes, counts[i]);
    }
    return m;
  }

  /**
   * Adds `count` samples of class `actual` predicted as `predicted`.
   *
   * @throws {RangeError} When a class is out of range or `count` is not a non-negative integer.
   */
  add(actual: number, predicted: number, count = 1): void {
    const c = this.classes;
    if (!(actual >= 0 && actual < c && predicted >= 0 && predicted < c) || actual % 1 || predicted % 1) {
      throw new RangeError(
        `Cannot add to confusion matrix: classes (${actual}, ${predicted}), expected integers in [0, ${c - 1}]`,
      );
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`Cannot add to confusion matrix: count ${count}, expected a non-negative integer`);
    }
    this.counts[actual * c + predicted] += count;
    this.#rowSums[actual] += count;
    this.#colSums[predicted] += count;
    if (actual === predicted) this.#correct += count;
    this.#total += count;
  }

  /**
   * Adds a batch of labels and predicted classes.
   *
   * @param actual True classes.
   * @param predicted Predicted classes, same length.
   * @throws {RangeError} When the lengths differ or a class is out of range.
   */
  addBatch(actual: ArrayLike<number>, predicted: ArrayLike<number>): void {
    if (actual.length !== predicted.length) {
      throw new RangeError(
        `Cannot add batch to confusion matrix: ${predicted.length} predictions, expected ${actual.length} (one per label)`,
      );
    }
    for (let i = 0; i < actual.length; i++) this.add(actual[i], predicted[i]);
  }

  /**
   * Adds a batch of labels and per-class scores (logits or probabilities); the prediction is the
   * class with the highest score.
   *
   * @param actual True classes, one per sample.
   * @param scores Row-major scores, `classes` per sample.
   * @throws {RangeError} When `scores` does not hold `classes` values per label.
   */
  addScores(actual: ArrayLike<number>, scores: ArrayLike<number>): void {
    const c = this.classes;
    if (scores.length !== actual.length * c) {
      throw new RangeError(
        `Cannot add scores to confusion matrix: ${scores.length} scores, expected ${actual.length * c} (${c} per label)`,
      );
    }
    for (let i = 0; i < actual.length; i++) {
      let best = 0;
      let bestScore = scores[i * c];
      for (let k = 1; k < c; k++) {
        const s = scores[i * c + k];
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      this.add(actual[i], best);
    }
  }

  /** Samples counted. */
  get total(): number {
    return this.#total;
  }

  /** Samples on the diagonal. */
  get correct(): number {
    return this.#correct;
  }

  /** Fraction correct (NaN before any sample). */
  get accuracy(): number {
    return this.#total === 0 ? Number.NaN : this.#correct / this.#total;
  }

  /** Count of samples of class `actual` predicted as `predicted`. */
  count(actual: number, predicted: number): number {
    return this.counts[actual * this.classes + predicted];
  }

  /** Precision, recall, F1 and support of class `label`. */
  classMetrics(label: number): ClassMetrics {
    const tp = this.count(label, label);
    const predicted = this.#colSums[label];
    const support = this.#rowSums[label];
    const precision = predicted === 0 ? Number.NaN : tp / predicted;
    const recall = support === 0 ? Number.NaN : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  }

  /** {@link classMetrics} for every class, index = label. */
  perClass(): ClassMetrics[] {
    return Array.from({ length: this.classes }, (_, k) => this.classMetrics(k));
  }

  /** Unweighted means of precision, recall and F1 over the classes where each is defined. */
  macroAverage(): { precision: number; recall: number; f1: number } {
    const mean = (xs: number[]) => {
      const ok = xs.filter((x) => !Number.isNaN(x));
      return ok.length === 0 ? Number.NaN : ok.reduce((a, b) => a + b, 0) / ok.length;
    };
    const all = this.perClass();
    return {
      precision: mean(all.map((m) => m.precision)),
      recall: mean(all.map((m) => m.recall)),
      f1: mean(all.map((m) => m.f1)),
    };
  }

  /**
   * The `k` most frequent confusions (off-diagonal cells with a count), most frequent first; ties by
   * actual then predicted class.
   */
  topConfusions(k = 5): Confusion[] {
    const c = this.classes;
    const cells: Confusion[] = [];
    for (let a = 0; a < c; a++) {
      for (let p = 0; p < c; p++) {
        const count = this.counts[a * c + p];
        if (a !== p && count > 0) cells.push({ actual: a, predicted: p, count });
      }
    }
    cells.sort((x, y) => y.count - x.count || x.actual - y.actual || x.predicted - y.predicted);
    return cells.slice(0, Math.max(0, k));
  }

  /** Adds another matrix's counts (e.g. from another worker). */
  merge(other: ConfusionMatrix): void {
    if (other.classes !== this.classes) {
      throw new RangeError(
        `Cannot merge confusion matrices: ${other.classes} classes, expected ${this.classes}`,
      );
    }
    const c = this.classes;
    for (let i = 0; i < other.counts.length; i++) {
      if (other.counts[i] > 0) this.add(Math.floor(i / c), i % c, other.counts[i]);
    }
  }

  /** Rows as written in a run log: `rows[actual][predicted]`. */
  toRows(): number[][] {
    const c = this.classes;
    return Array.from({ length: c }, (_, a) => Array.from(this.counts.subarray(a * c, (a + 1) * c)));
  }
}
