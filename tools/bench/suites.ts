/**
 * The per-op workloads of `pnpm bench`: each op of one training step and the evaluation forward pass,
 * on any {@link Backend}, the host cost of recording a training step, GPU time per kernel
 * (`--profile`), and the data-preparation figures. The training rows (a whole epoch, the
 * evaluation after it) are timed on the trainer by `@mnist/softmax/bench`. Every workload uses
 * fixed seeds.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import { Random, SoftmaxRegression } from "@mnist/softmax";
import { type Clock, type Figure, figure, measure, rates } from "@mnist/softmax/bench";
import type { Backend, DeviceDataset, Tensor } from "@mnist/tensor";
import type { WebGpuBackend } from "@mnist/tensor/webgpu";

/** How hard to work. */
export interface SuiteOptions {
  readonly reps: number;
  readonly warmup: number;
  readonly clock: Clock;
}

const F = 784;
const C = 10;
const BATCH = 100;
/** The seed of the starting weights and of the batch order. */
const SEED = 2024;

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
    this.w = be.upload("f32", SoftmaxRegression.init(F, C, SEED).weight);
    this.b = be.zeros("f32", C);
    this.z = be.zeros("f32", test.count * C);
    this.g = be.zeros("f32", BATCH * C);
    this.gw = be.zeros("f32", F * C);
    this.gb = be.zeros("f32", C);
    this.stats = be.zeros("f32", 2);
    this.order = be.upload("u32", new Random(SEED).permutation(train.count));
  }

  /**
   * Records the tutorial's training steps over the whole shuffled train set (batch 100, MSE, SGD lr
   * 0.05) through `Backend.trainStep`, without waiting for the device.
   * @returns how many steps were recorded.
   */
  recordEpoch(): number {
    const { be } = this;
    const t = { w: this.w, b: this.b, z: this.z, g: this.g, gw: this.gw, gb: this.gb };
    const params = { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 };
    let step = 0;
    for (let offset = 0; offset < this.train.count; offset += BATCH) {
      const rows = { order: this.order, offset, count: Math.min(BATCH, this.train.count - offset) };
      step++;
      be.trainStep("mse", this.train, rows, t, this.stats, {
        kind: "sgd",
        params: { ...params, step },
        velocity: null,
      });
    }
    return step;
  }

  release(): void {
    for (const t of [this.w, this.b, this.z, this.g, this.gw, this.gb, this.stats, this.order])
      this.be.release(t);
    this.be.releaseDataset(this.train);
    this.be.releaseDataset(this.test);
  }
}

/**
 * Times the ops of one training step (each repeated over 60 consecutive shuffled batches) and the
 * 10,000-row evaluation forward pass. GFLOP/s counts the dense work (2·n·784·10), so sparse kernels show as "effective" GFLOP/s.
 */
export async function runOpSuite(wb: Workbench, id: string, opts: SuiteOptions): Promise<Figure[]> {
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
  figures.push(...rates(id, "step loss+grad mse 100×10", perBatch(loss), BATCH));
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
  return figures;
}

/**
 * What recording a training step costs the host: the epoch's `trainStep` calls timed up to the last
 * one returning, before the read that waits for the device (on the CPU backend recording is running,
 * so the figure is the whole step).
 */
export async function runRecordingSuite(wb: Workbench, id: string, opts: SuiteOptions): Promise<Figure[]> {
  const clock = opts.clock;
  const perStep: number[] = [];
  for (let rep = 0; rep < opts.warmup + opts.reps; rep++) {
    const t0 = clock();
    const steps = wb.recordEpoch();
    const ms = clock() - t0;
    await wb.be.read(wb.stats);
    if (rep >= opts.warmup) perStep.push((ms * 1000) / steps);
  }
  return [figure(id, "train step recording (host, tutorial epoch)", "µs/step", "lower", perStep)];
}

/**
 * GPU time per kernel over one tutorial epoch recorded through `trainStep`, from timestamp queries.
 * @returns table lines, or one line saying why the adapter gives none.
 */
export async function profileEpoch(
  be: WebGpuBackend,
  id: string,
  train: Dataset,
  test: Dataset,
): Promise<string[]> {
  if (be.profileUnavailable !== null) return [`${id}: no GPU time per kernel: ${be.profileUnavailable}`];
  const wb = new Workbench(be, train, test);
  try {
    wb.recordEpoch(); // compiles the pipelines
    await be.kernelTimes();
    const steps = wb.recordEpoch();
    const times = await be.kernelTimes();
    const total = times.reduce((s, k) => s + k.ms, 0);
    const lines = [`${id}: GPU time per kernel over one tutorial epoch (${steps} steps, timestamp queries)`];
    for (const k of times) {
      const share = ((100 * k.ms) / total).toFixed(0).padStart(3);
      lines.push(
        `  ${k.kernel.padEnd(48)} ${String(k.dispatches).padStart(5)} dispatches  ${((k.ms * 1000) / k.dispatches).toFixed(1).padStart(8)} µs each  ${k.ms.toFixed(1).padStart(8)} ms  ${share}%`,
      );
    }
    lines.push(`  ${"all kernels".padEnd(48)} ${" ".repeat(29)}${total.toFixed(1).padStart(8)} ms`);
    return lines;
  } finally {
    wb.release();
  }
}

/** Figures for data preparation: parse + verify (backend-independent) and upload per backend. */
export function dataFigures(parseMs: number[], uploads: ReadonlyMap<string, number[]>): Figure[] {
  const out = [figure("host", "data parse+verify (4 IDX files)", "ms", "lower", parseMs)];
  for (const [id, ms] of uploads) out.push(figure(id, "data upload (train+test)", "ms", "lower", ms));
  return out;
}
