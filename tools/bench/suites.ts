/**
 * The measured workloads: the ops of one training step, full-set evaluation, one training epoch,
 * and data preparation, on any {@link Backend}. Every workload uses fixed seeds.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Backend, DeviceDataset, Tensor } from "@mnist/tensor";
import { type Clock, measure, type Summary, summarise } from "./stats.ts";

/** One reported number: the median (and spread) of a quantity over repetitions. */
export interface Figure {
  /** Stable key for `--compare`: `<backend>/<workload>/<unit>`. */
  readonly id: string;
  readonly backend: string;
  readonly workload: string;
  readonly unit: string;
  readonly better: "higher" | "lower";
  readonly value: Summary;
}

/** How hard to work. */
export interface SuiteOptions {
  readonly reps: number;
  readonly warmup: number;
  readonly clock: Clock;
}

const F = 784;
const C = 10;
const BATCH = 100;

/** A deterministic permutation (xorshift32 Fisher–Yates), the same on every run. */
export function seededPermutation(n: number, seed: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

function initialWeights(): Float32Array {
  const w = new Float32Array(F * C);
  let s = 12345;
  const bound = 1 / Math.sqrt(F); // nn.Linear's uniform bound
  for (let i = 0; i < w.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    w[i] = ((s / 2 ** 32) * 2 - 1) * bound;
  }
  return w;
}

/** Tensors and datasets of one backend, created once per backend row. */
export class Workbench {
  readonly train: DeviceDataset;
  readonly test: DeviceDataset;
  readonly w: Tensor<"f32">;
  readonly b: Tensor<"f32">;
  readonly z: Tensor<"f32">;
  readonly g: Tensor<"f32">;
  readonly gw: Tensor<"f32">;
  readonly gb: Tensor<"f32">;
  readonly stats: Tensor<"f32">;
  readonly order: Tensor<"u32">;
  /** Milliseconds `uploadDataset` took for train + test (including any sparse index). */
  readonly uploadMs: number;

  constructor(
    readonly be: Backend,
    train: Dataset,
    test: Dataset,
  ) {
    const t0 = performance.now();
    this.train = be.uploadDataset(train.images, train.labels, F, C);
    this.test = be.uploadDataset(test.images, test.labels, F, C);
    this.uploadMs = performance.now() - t0;
    this.w = be.upload("f32", initialWeights());
    this.b = be.zeros("f32", C);
    this.z = be.zeros("f32", test.count * C);
    this.g = be.zeros("f32", BATCH * C);
    this.gw = be.zeros("f32", F * C);
    this.gb = be.zeros("f32", C);
    this.stats = be.zeros("f32", 2);
    this.order = be.upload("u32", seededPermutation(train.count, 2024));
  }

  /** One tutorial epoch: forward, MSE loss and gradient, backward, SGD on W and b, per batch. */
  trainEpoch(): void {
    const { be } = this;
    const count = this.train.count;
    for (let offset = 0, step = 1; offset < count; offset += BATCH, step++) {
      const rows = { order: this.order, offset, count: Math.min(BATCH, count - offset) };
      be.linearForward(this.train, rows, this.w, this.b, this.z);
      be.lossAndGrad("mse", this.z, this.train, rows, this.g, this.stats, null);
      be.linearBackward(this.train, rows, this.g, this.gw, this.gb);
      const p = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step };
      be.sgdStep(this.w, this.gw, null, p);
      be.sgdStep(this.b, this.gb, null, p);
    }
  }

  /** Full evaluation of one dataset in chunks of `chunk` rows: loss sums and correct counts. */
  evaluate(ds: DeviceDataset, chunk: number): void {
    for (let offset = 0; offset < ds.count; offset += chunk) {
      const rows = { order: null, offset, count: Math.min(chunk, ds.count - offset) };
      this.be.linearForward(ds, rows, this.w, this.b, this.z);
      this.be.lossAndGrad("mse", this.z, ds, rows, null, this.stats, null);
    }
  }

  release(): void {
    for (const t of [this.w, this.b, this.z, this.g, this.gw, this.gb, this.stats, this.order])
      this.be.release(t);
    this.be.releaseDataset(this.train);
    this.be.releaseDataset(this.test);
  }
}

function figure(
  backend: string,
  workload: string,
  unit: string,
  better: "higher" | "lower",
  samples: number[],
): Figure {
  return { id: `${backend}/${workload}/${unit}`, backend, workload, unit, better, value: summarise(samples) };
}

/** Per-rep figures for a workload that processes `samples` rows and `flops` dense-equivalent flops. */
function rates(backend: string, workload: string, ms: number[], samples: number, flops: number): Figure[] {
  const out = [
    figure(backend, workload, "ms", "lower", ms),
    figure(
      backend,
      workload,
      "samples/s",
      "higher",
      ms.map((t) => samples / (t / 1000)),
    ),
  ];
  if (flops > 0) {
    out.push(
      figure(
        backend,
        workload,
        "GFLOP/s",
        "higher",
        ms.map((t) => flops / (t / 1000) / 1e9),
      ),
    );
  }
  return out;
}

/**
 * Times the ops of one training step (each repeated over 60 consecutive shuffled batches),
 * the 10,000-row evaluation forward pass, one epoch and the full 70,000-row evaluation.
 * GFLOP/s counts the dense work (2·n·784·10), so sparse kernels show as "effective" GFLOP/s.
 */
export async function runBackendSuite(wb: Workbench, id: string, opts: SuiteOptions): Promise<Figure[]> {
  const { be } = wb;
  const sync = () => be.read(wb.stats);
  const figures: Figure[] = [];
  const stepBatches = 60;
  const batchRows = (i: number) => ({ order: wb.order, offset: i * BATCH, count: BATCH });
  const perBatch = (ms: number[]) => ms.map((t) => t / stepBatches);
  const fwd = await measure(async () => {
    for (let i = 0; i < stepBatches; i++) be.linearForward(wb.train, batchRows(i), wb.w, wb.b, wb.z);
    await sync();
  }, opts);
  figures.push(...rates(id, "step forward 100×784·784×10", perBatch(fwd), BATCH, 2 * BATCH * F * C));
  const loss = await measure(async () => {
    for (let i = 0; i < stepBatches; i++)
      be.lossAndGrad("mse", wb.z, wb.train, batchRows(i), wb.g, wb.stats, null);
    await sync();
  }, opts);
  figures.push(...rates(id, "step loss+grad mse 100×10", perBatch(loss), BATCH, 0));
  const bwd = await measure(async () => {
    for (let i = 0; i < stepBatches; i++) be.linearBackward(wb.train, batchRows(i), wb.g, wb.gw, wb.gb);
    await sync();
  }, opts);
  figures.push(...rates(id, "step backward 784×100·100×10", perBatch(bwd), BATCH, 2 * BATCH * F * C));
  const evalFwd = await measure(async () => {
    be.linearForward(wb.test, { order: null, offset: 0, count: wb.test.count }, wb.w, wb.b, wb.z);
    await sync();
  }, opts);
  figures.push(
    ...rates(id, "eval forward 10000×784·784×10", evalFwd, wb.test.count, 2 * wb.test.count * F * C),
  );
  const epochOpts = { ...opts, warmup: Math.min(opts.warmup, 1) };
  const epoch = await measure(async () => {
    wb.trainEpoch();
    await sync();
  }, epochOpts);
  figures.push(...rates(id, "train epoch 60000 (batch 100, mse, sgd)", epoch, wb.train.count, 0));
  const full = await measure(async () => {
    wb.evaluate(wb.train, 1000);
    wb.evaluate(wb.test, 1000);
    await sync();
  }, epochOpts);
  figures.push(...rates(id, "eval full 70000 (chunks of 1000)", full, wb.train.count + wb.test.count, 0));
  return figures;
}

/** Figures for data preparation: parse + verify (backend-independent) and upload per backend. */
export function dataFigures(parseMs: number[], uploads: ReadonlyMap<string, number[]>): Figure[] {
  const out = [figure("host", "data parse+verify (4 IDX files)", "ms", "lower", parseMs)];
  for (const [id, ms] of uploads) out.push(figure(id, "data upload (train+test)", "ms", "lower", ms));
  return out;
}

export { figure };
