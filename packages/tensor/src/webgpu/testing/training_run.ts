/**
 * A minimal softmax-regression training loop written straight against {@link Backend}, for the
 * WebGPU-vs-CPU accuracy test and the epoch benchmark (the real trainer lives in `@mnist/softmax`,
 * which this package cannot import). Same seed, same starting weights, same order on every backend.
 *
 * Per epoch it writes one permutation, records every step without waiting (forward, loss and
 * gradient, backward, two SGD steps), and reads the device-side loss sum and correct count once.
 *
 * Runtime-neutral: takes bytes, returns numbers.
 * @module
 */
import type { Backend, LossKind } from "../../backend.ts";

/** MNIST-shaped data as bytes. */
export interface TrainingData {
  readonly trainImages: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
  readonly features: number;
  readonly classes: number;
}

/** Hyper-parameters of {@link trainRun}. */
export interface TrainingOptions {
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  readonly momentum: number;
  readonly loss: LossKind;
  readonly seed: number;
  /** Skip the test-set evaluation (benchmarks). */
  readonly evaluate?: boolean;
}

/** What one epoch gave. */
export interface EpochResult {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  /** `NaN` when not evaluated. */
  readonly testAccuracy: number;
  /** Wall time of the training part: recording, submitting and the one readback. */
  readonly trainMs: number;
}

/** A small deterministic PRNG (mulberry32), so every backend sees the same numbers. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function permutation(count: number, random: () => number): Uint32Array {
  const p = new Uint32Array(count).map((_v, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** Starting weights `W[F×C]`, `b[C]`: uniform in ±1/√F as PyTorch's `nn.Linear`. */
export function initialParameters(
  features: number,
  classes: number,
  seed: number,
): [Float32Array, Float32Array] {
  const random = seededRandom(seed);
  const bound = 1 / Math.sqrt(features);
  const draw = () => (2 * random() - 1) * bound;
  return [
    Float32Array.from({ length: features * classes }, draw),
    Float32Array.from({ length: classes }, draw),
  ];
}

/**
 * Trains softmax regression on `be` and evaluates after every epoch.
 * @returns one result per epoch, plus the final weights.
 */
export async function trainRun(
  be: Backend,
  data: TrainingData,
  o: TrainingOptions,
): Promise<{ epochs: EpochResult[]; w: Float32Array; b: Float32Array }> {
  const { features: F, classes: C } = data;
  const train = be.uploadDataset(data.trainImages, data.trainLabels, F, C);
  const test = be.uploadDataset(data.testImages, data.testLabels, F, C);
  const [w0, b0] = initialParameters(F, C, o.seed);
  const w = be.upload("f32", w0);
  const b = be.upload("f32", b0);
  const [vw, vb] = [be.zeros("f32", F * C), be.zeros("f32", C)];
  const [gw, gb] = [be.zeros("f32", F * C), be.zeros("f32", C)];
  const z = be.zeros("f32", Math.max(o.batch, test.count) * C);
  const g = be.zeros("f32", o.batch * C);
  const stats = be.zeros("f32", 2);
  const order = be.zeros("u32", train.count);
  const random = seededRandom(o.seed + 1);
  const results: EpochResult[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const start = performance.now();
    be.write(order, permutation(train.count, random));
    be.fill(stats, 0);
    for (let offset = 0; offset < train.count; offset += o.batch) {
      const rows = { order, offset, count: Math.min(o.batch, train.count - offset) };
      step++;
      const p = { lr: o.lr, momentum: o.momentum, dampening: 0, nesterov: false, weightDecay: 0, step };
      be.linearForward(train, rows, w, b, z);
      be.lossAndGrad(o.loss, z, train, rows, g, stats, null);
      be.linearBackward(train, rows, g, gw, gb);
      be.sgdStep(w, gw, o.momentum !== 0 ? vw : null, p);
      be.sgdStep(b, gb, o.momentum !== 0 ? vb : null, p);
    }
    const [lossSum, correct] = await be.read(stats);
    const trainMs = performance.now() - start;
    let testAccuracy = Number.NaN;
    if (o.evaluate !== false) {
      const all = { order: null, offset: 0, count: test.count };
      be.fill(stats, 0);
      be.linearForward(test, all, w, b, z);
      be.lossAndGrad(o.loss, z, test, all, null, stats, null);
      testAccuracy = (await be.read(stats))[1] / test.count;
    }
    results.push({
      epoch,
      trainLoss: lossSum / train.count,
      trainAccuracy: correct / train.count,
      testAccuracy,
      trainMs,
    });
  }
  const out = { epochs: results, w: await be.read(w), b: await be.read(b) };
  for (const t of [w, b, vw, vb, gw, gb, z, g, stats, order]) be.release(t);
  be.releaseDataset(train);
  be.releaseDataset(test);
  return out;
}
