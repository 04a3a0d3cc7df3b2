/**
 * A run log cut down to what the page can draw: every run-start, run-end and error record, and at most
 * about two thousand step and epoch records each (a chart is a few hundred pixels wide; uPlot draws
 * two thousand points well within a frame's budget), chosen so that the charts keep the log's shape (each bucket
 * of consecutive records keeps its lowest and highest value). Fed one record at a time in the worker,
 * so a log of millions of records is never held whole.
 * @module
 */
import type { EpochRecord, RunLogRecord, StepRecord } from "@mnist/metrics";

/** Consecutive records of one kind folded into buckets of `width`, each keeping its extremes. */
export class Decimator<T> {
  readonly #value: (r: T) => number;
  readonly #maxBuckets: number;
  #width = 1;
  #buckets: T[][] = [];
  #open: T[] = [];
  #count = 0;

  /**
   * @param value the number whose extremes each bucket keeps (NaN counts as an extreme).
   * @param maxBuckets buckets kept before neighbours merge (so at most twice as many records).
   */
  constructor(value: (r: T) => number, maxBuckets = 1000) {
    this.#value = value;
    this.#maxBuckets = maxBuckets;
  }

  /** Records seen. */
  get count(): number {
    return this.#count;
  }

  push(r: T): void {
    this.#count++;
    this.#open.push(r);
    if (this.#open.length < this.#width) return;
    this.#buckets.push(this.#extremes(this.#open));
    this.#open = [];
    if (this.#buckets.length <= this.#maxBuckets) return;
    const merged: T[][] = [];
    for (let i = 0; i < this.#buckets.length; i += 2) {
      merged.push(this.#extremes([...this.#buckets[i], ...(this.#buckets[i + 1] ?? [])]));
    }
    this.#buckets = merged;
    this.#width *= 2;
  }

  /** The kept records in their original order; the last record seen is always among them. */
  records(): T[] {
    const out = this.#buckets.flat();
    const tail = this.#open.length ? this.#extremes(this.#open) : [];
    out.push(...tail);
    const last = this.#open.at(-1);
    if (last !== undefined && !out.includes(last)) out.push(last);
    return out;
  }

  /** The lowest and highest record of `group` (one when they coincide), in their original order. */
  #extremes(group: T[]): T[] {
    if (group.length <= 2) return group;
    let lo = 0;
    let hi = 0;
    // A NaN (a diverged loss) is kept as the bucket's high point, so the chart shows the gap.
    let hiNaN = Number.isNaN(this.#value(group[0]));
    for (let i = 1; i < group.length; i++) {
      const v = this.#value(group[i]);
      if (Number.isNaN(v)) {
        if (!hiNaN) hi = i;
        hiNaN = true;
        continue;
      }
      const low = this.#value(group[lo]);
      if (v < low || Number.isNaN(low)) lo = i;
      if (!hiNaN && v > this.#value(group[hi])) hi = i;
    }
    if (lo === hi) return [group[lo]];
    return lo < hi ? [group[lo], group[hi]] : [group[hi], group[lo]];
  }
}

/** What {@link LogDigest.result} hands the page. */
export interface DigestedLog {
  /** The records to show, in log order (steps and epochs possibly thinned). */
  readonly records: RunLogRecord[];
  /** Records read from the log. */
  readonly total: number;
  readonly steps: { readonly read: number; readonly kept: number };
  readonly epochs: { readonly read: number; readonly kept: number };
  /** Checkpoint records read (not drawn, so not kept). */
  readonly checkpoints: number;
}

/** Collects a run log's records, thinning steps and epochs (see the module comment). */
export class LogDigest {
  readonly #head: RunLogRecord[] = [];
  readonly #tail: RunLogRecord[] = [];
  readonly #steps = new Decimator<StepRecord>((r) => r.loss);
  readonly #epochs = new Decimator<EpochRecord>((r) => r.testAccuracy);
  #checkpoints = 0;
  #total = 0;

  push(r: RunLogRecord): void {
    this.#total++;
    switch (r.type) {
      case "run-start":
        this.#head.push(r);
        break;
      case "step":
        this.#steps.push(r);
        break;
      case "epoch":
        this.#epochs.push(r);
        break;
      case "checkpoint":
        // Not drawn; only the count matters to the page.
        this.#checkpoints++;
        break;
      default:
        if (this.#tail.length < 100) this.#tail.push(r);
    }
  }

  result(): DigestedLog {
    const steps = this.#steps.records();
    const epochs = this.#epochs.records();
    // Steps and epochs interleave by their epoch number, as the trainer wrote them.
    const body: RunLogRecord[] = [];
    let s = 0;
    for (const e of epochs) {
      while (s < steps.length && steps[s].epoch <= e.epoch) body.push(steps[s++]);
      body.push(e);
    }
    body.push(...steps.slice(s));
    return {
      records: [...this.#head, ...body, ...this.#tail],
      total: this.#total,
      steps: { read: this.#steps.count, kept: steps.length },
      epochs: { read: this.#epochs.count, kept: epochs.length },
      checkpoints: this.#checkpoints,
    };
  }
}
