/**
 * Live progress of a training run in the page: step of total, samples per second and the time left,
 * from the step records as they arrive (timed from the first one, so loading is not counted).
 * @module
 */

/** What the bar and its line show. */
export interface ProgressReading {
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly epochs: number;
  /** Samples per second since timing began, NaN before two readings. */
  readonly samplesPerSecond: number;
  /** Seconds left at that rate, NaN before two readings. */
  readonly secondsLeft: number;
}

/** Turns step records into progress readings. */
export class ProgressMeter {
  readonly #stepsPerEpoch: number;
  readonly #epochs: number;
  readonly #batchSize: number;
  readonly #trainCount: number;
  #first: { step: number; time: number } | null = null;

  constructor(trainCount: number, batchSize: number, epochs: number) {
    this.#trainCount = trainCount;
    this.#batchSize = batchSize;
    this.#epochs = epochs;
    this.#stepsPerEpoch = Math.ceil(trainCount / batchSize);
  }

  /** Restarts the timing (after a resume: the pause is not training time). */
  restart(): void {
    this.#first = null;
  }

  /** A reading at global step `step`, observed at `now` (ms). */
  read(step: number, now: number): ProgressReading {
    const totalSteps = this.#stepsPerEpoch * this.#epochs;
    const epoch = Math.min(this.#epochs, Math.floor((step - 1) / this.#stepsPerEpoch) + 1);
    this.#first ??= { step, time: now };
    const seconds = (now - this.#first.time) / 1000;
    const steps = step - this.#first.step;
    // Samples of the steps done, the last step of an epoch being a partial batch.
    const samples = steps * Math.min(this.#batchSize, this.#trainCount);
    const samplesPerSecond = seconds > 0 && steps > 0 ? samples / seconds : Number.NaN;
    const secondsLeft = steps > 0 ? ((totalSteps - step) * seconds) / steps : Number.NaN;
    return { step, totalSteps, epoch, epochs: this.#epochs, samplesPerSecond, secondsLeft };
  }
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** "1 min 05 s", "42 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** "Step 1,200 of 6,000 (epoch 2 of 10) · 5,300 samples/s · about 54 s left". */
export function describeProgress(r: ProgressReading): string {
  const parts = [`Step ${int(r.step)} of ${int(r.totalSteps)} (epoch ${r.epoch} of ${r.epochs})`];
  if (Number.isFinite(r.samplesPerSecond)) parts.push(`${int(r.samplesPerSecond)} samples/s`);
  if (Number.isFinite(r.secondsLeft)) parts.push(`about ${formatDuration(r.secondsLeft)} left`);
  return parts.join(" · ");
}
