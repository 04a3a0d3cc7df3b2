/**
 * PyTorch parity on any {@link Backend}: replays one fixture of `test/fixtures/torch-parity/`
 * through {@link train} and compares every number. Test-framework neutral: {@link runParityCase}
 * measures, {@link parityFailures} lists what is out of tolerance.
 *
 * @example
 * ```ts
 * import { loadEmbeddedMnist } from "@mnist/idx/fs";
 * import { type ParityFixture, parityFailures, runParityCase } from "@mnist/softmax/testing";
 * import { createCpuBackend } from "@mnist/tensor";
 * // The fixtures are in this package's repository (test/fixtures/torch-parity/), not in its tarball.
 * const fixture: ParityFixture = JSON.parse(await Deno.readTextFile("test/fixtures/torch-parity/ce-sgd.json"));
 * const backend = createCpuBackend();
 * const report = await runParityCase(backend, fixture, await loadEmbeddedMnist());
 * console.log(parityFailures(report)); // []
 * backend.destroy();
 * ```
 *
 * Runtime-neutral (the caller reads the fixture JSON and the MNIST files).
 * @module
 */
import { type Dataset, subset } from "@mnist/idx";
import type { Backend } from "@mnist/tensor";
import type { TrainConfig } from "../config.ts";
import { evaluate, predict } from "../evaluate.ts";
import { SoftmaxRegression } from "../model.ts";
import { train } from "../trainer.ts";

/** The five vendored cases. */
export const PARITY_CASES = ["mse-sgd", "ce-sgd", "ce-momentum-wd", "ce-nesterov", "ce-adam"] as const;

/** A parsed fixture (see the fixtures' README for the meaning of each field). */
export interface ParityFixture {
  /** The PyTorch run: name, loss, optimiser and hyper-parameters. */
  readonly case: {
    readonly name: string;
    readonly loss: "mse" | "cross-entropy";
    readonly optimizer: "sgd" | "adam";
    readonly lr: number;
    readonly momentum?: number;
    readonly nesterov?: boolean;
    readonly weight_decay?: number;
  };
  /** Images per step. */
  readonly batchSize: number;
  /** The training-set indices of each batch, in order. */
  readonly order: readonly (readonly number[])[];
  /** The parameters before the first step, in PyTorch layout. */
  readonly initial: { readonly weight: readonly number[]; readonly bias: readonly number[] };
  /** PyTorch's loss of each step. */
  readonly lossPerStep: readonly number[];
  /** PyTorch's parameters after the last step. */
  readonly final: { readonly weight: readonly number[]; readonly bias: readonly number[] };
  /** PyTorch's test-set results with the final parameters. */
  readonly test: {
    readonly accuracy: number;
    readonly meanLoss: number;
    readonly confusion: readonly (readonly number[])[];
    readonly probabilitiesFirst5: readonly (readonly number[])[];
  };
}

/** What one case measured against its fixture. */
export interface ParityReport {
  /** The fixture's case name. */
  readonly name: string;
  /** The backend that ran it (`cpu` or `webgpu`). */
  readonly backend: string;
  /** Our loss of each step. */
  readonly lossPerStep: readonly number[];
  /** Largest difference from PyTorch's loss over the steps. */
  readonly maxLossError: number;
  /** Largest |ΔW| over all 7,840 weights (compared in PyTorch layout). */
  readonly maxWeightError: number;
  /** Largest |Δb| over the bias. */
  readonly maxBiasError: number;
  /** Our test accuracy with the final parameters. */
  readonly accuracy: number;
  /** PyTorch's test accuracy. */
  readonly expectedAccuracy: number;
  /** Difference from PyTorch's mean test loss. */
  readonly meanLossError: number;
  /** Cells of the test confusion matrix that differ, as `label→prediction: found/expected`. */
  readonly confusionMismatches: readonly string[];
  /** Largest difference from PyTorch's probabilities of the first five test images. */
  readonly maxProbabilityError: number;
}

/** The training config a fixture describes. */
export function parityConfig(fixture: ParityFixture): TrainConfig {
  const c = fixture.case;
  return {
    loss: c.loss,
    optimizer: c.optimizer,
    lr: c.lr,
    momentum: c.momentum ?? 0,
    nesterov: c.nesterov ?? false,
    weightDecay: c.weight_decay ?? 0,
    batchSize: fixture.batchSize,
    epochs: fixture.order.length,
    seed: 0,
    shuffle: false,
  };
}

/**
 * Trains from the fixture's initial parameters in the fixture's order on train images 0..999 and
 * measures the per-step losses, final parameters and test metrics against PyTorch's.
 * @param backend any backend
 * @param fixture the parsed fixture JSON
 * @param data the full MNIST train and test splits
 * @returns the measured differences
 */
export async function runParityCase(
  backend: Backend,
  fixture: ParityFixture,
  data: { readonly train: Dataset; readonly test: Dataset },
): Promise<ParityReport> {
  const F = data.train.features;
  const initial = SoftmaxRegression.fromTorchLayout(fixture.initial.weight, fixture.initial.bias, F);
  const trainSet = subset(data.train, fixture.order[0].length);
  const losses: number[] = [];
  let model = initial;
  for await (const e of train({
    backend,
    train: trainSet,
    test: data.test,
    config: parityConfig(fixture),
    model: initial,
    order: (epoch) => Uint32Array.from(fixture.order[epoch - 1]),
    stepEvery: 1,
    checkpointEvery: 0,
  })) {
    if (e.type === "step") losses.push(e.loss);
    if (e.type === "run-end") model = e.model;
  }
  const evaluation = await evaluate(backend, model, data.test, fixture.case.loss);
  const C = model.classes;
  const mismatches: string[] = [];
  for (let y = 0; y < C; y++) {
    for (let p = 0; p < C; p++) {
      const found = evaluation.confusion?.[y * C + p];
      const expected = fixture.test.confusion[y][p];
      if (found !== expected) mismatches.push(`${y}→${p}: ${found}/${expected}`);
    }
  }
  const first5 = data.test.images.subarray(0, 5 * F);
  const { probabilities } = await predict(backend, model, first5);
  return {
    name: fixture.case.name,
    backend: backend.kind,
    lossPerStep: losses,
    maxLossError:
      losses.length === fixture.lossPerStep.length ? maxAbsDiff(losses, fixture.lossPerStep) : Infinity,
    maxWeightError: maxAbsDiff(model.torchWeight(), fixture.final.weight),
    maxBiasError: maxAbsDiff(model.bias, fixture.final.bias),
    accuracy: evaluation.accuracy,
    expectedAccuracy: fixture.test.accuracy,
    meanLossError: Math.abs(evaluation.meanLoss - fixture.test.meanLoss),
    confusionMismatches: mismatches,
    maxProbabilityError: maxAbsDiff(probabilities, fixture.test.probabilitiesFirst5.flat()),
  };
}

/**
 * Lists every measurement out of tolerance; empty when the case passes.
 * @param report from {@link runParityCase}
 * @param tolerance absolute tolerance for losses, parameters and probabilities (default 1e-5)
 */
export function parityFailures(report: ParityReport, tolerance = 1e-5): string[] {
  const out: string[] = [];
  const where = `${report.name} on ${report.backend}`;
  if (!(report.maxLossError <= tolerance)) out.push(`${where}: per-step loss off by ${report.maxLossError}`);
  if (!(report.maxWeightError <= tolerance))
    out.push(`${where}: final weight off by ${report.maxWeightError}`);
  if (!(report.maxBiasError <= tolerance)) out.push(`${where}: final bias off by ${report.maxBiasError}`);
  // PyTorch stored accuracy as float32; compare as counts out of 10,000.
  if (Math.round(report.accuracy * 1e4) !== Math.round(report.expectedAccuracy * 1e4)) {
    out.push(`${where}: test accuracy ${report.accuracy}, expected ${report.expectedAccuracy}`);
  }
  if (report.confusionMismatches.length > 0) {
    out.push(`${where}: confusion differs at ${report.confusionMismatches.join(", ")}`);
  }
  if (!(report.maxProbabilityError <= tolerance)) {
    out.push(`${where}: probabilities of the first 5 test images off by ${report.maxProbabilityError}`);
  }
  if (!(report.meanLossError <= 1e-4)) out.push(`${where}: test mean loss off by ${report.meanLossError}`);
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= max)) max = d;
  }
  return max;
}
