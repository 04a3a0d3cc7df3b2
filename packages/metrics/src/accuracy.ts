/**
 * Accuracy and mean loss, accumulated batch by batch.
 *
 * Runtime-neutral.
 * @module
 */

/** Running totals for accuracy and mean loss. */
export class RunningMetrics {
  #count = 0;
  #correct = 0;
  #lossSum = 0;

  /** Adds a batch: `count` samples, `correct` of them right, `lossSum` their summed loss. */
  add(count: number, correct: number, lossSum: number): void {
    this.#count += count;
    this.#correct += correct;
    this.#lossSum += lossSum;
  }

  /** Fraction correct in [0, 1] (0 before any sample). */
  get accuracy(): number {
    return this.#count === 0 ? 0 : this.#correct / this.#count;
  }

  /** Mean loss per sample (NaN before any sample). */
  get meanLoss(): number {
    return this.#count === 0 ? Number.NaN : this.#lossSum / this.#count;
  }

  /** Samples seen. */
  get count(): number {
    return this.#count;
  }
}
