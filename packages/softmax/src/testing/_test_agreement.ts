// Test helper (excluded from the build): the same training run on two backends must agree. Used by
// the WebGPU training checks in Deno (lavapipe), Node (npm webgpu, SwiftShader) and Chromium.
// Runtime-neutral: takes datasets, returns numbers and messages.
import type { Dataset } from "@mnist/idx";
import type { Backend } from "@mnist/tensor";
import type { TrainConfig } from "../config.ts";
import type { SoftmaxRegression } from "../model.ts";
import { train } from "../trainer.ts";

/** What one backend's run gave: the metrics of every epoch and the final model. */
export interface TrainedRun {
  readonly epochs: readonly { readonly testAccuracy: number; readonly trainLoss: number }[];
  readonly model: SoftmaxRegression;
}

/** An SGD config with the tutorial's defaults for what a check does not set. */
export function sgdConfig(
  c: Pick<TrainConfig, "loss" | "lr" | "momentum" | "batchSize" | "epochs" | "seed">,
) {
  return {
    optimizer: "sgd",
    nesterov: false,
    weightDecay: 0,
    shuffle: true,
    ...c,
  } as const satisfies TrainConfig;
}

/** Runs the trainer on `backend` and keeps what {@link agreementFailures} compares. */
export async function trainedRun(
  backend: Backend,
  data: { readonly train: Dataset; readonly test: Dataset },
  config: TrainConfig,
): Promise<TrainedRun> {
  const epochs: { testAccuracy: number; trainLoss: number }[] = [];
  let model: SoftmaxRegression | undefined;
  for await (const e of train({ backend, train: data.train, test: data.test, config, checkpointEvery: 0 })) {
    if (e.type === "epoch") epochs.push({ testAccuracy: e.testAccuracy, trainLoss: e.trainLoss });
    if (e.type === "run-end") model = e.model;
  }
  if (model === undefined) throw new Error("Cannot compare runs: the trainer ended without a run-end event");
  return { epochs, model };
}

/** Tolerances of {@link agreementFailures}. */
export interface Agreement {
  /** Largest test-accuracy gap per epoch, in percentage points. */
  readonly accuracyPp: number;
  /** Largest relative train-loss gap per epoch. */
  readonly lossRelative: number;
  /** Test accuracy the reference run must exceed after its last epoch (that it learned at all). */
  readonly minAccuracy: number;
  /** Largest |ΔW| of the final weights; unchecked when absent. */
  readonly weights?: number;
}

/** One line per epoch: both test accuracies and train losses. */
export function describeRuns(names: [string, string], a: TrainedRun, b: TrainedRun): string[] {
  return a.epochs.map(
    (e, i) =>
      `epoch ${i + 1}: test accuracy ${names[0]} ${(e.testAccuracy * 100).toFixed(2)}% ${names[1]} ${((b.epochs[i]?.testAccuracy ?? Number.NaN) * 100).toFixed(2)}%, train loss ${e.trainLoss.toFixed(5)} / ${(b.epochs[i]?.trainLoss ?? Number.NaN).toFixed(5)}`,
  );
}

/** What is out of tolerance between `run` and the `reference` run (empty when they agree). */
export function agreementFailures(run: TrainedRun, reference: TrainedRun, t: Agreement): string[] {
  const out: string[] = [];
  if (run.epochs.length !== reference.epochs.length || run.epochs.length === 0)
    out.push(`epochs: ${run.epochs.length} vs ${reference.epochs.length}, expected the same, at least one`);
  reference.epochs.forEach((c, i) => {
    const g = run.epochs[i];
    if (g === undefined) return;
    const gap = Math.abs(g.testAccuracy - c.testAccuracy) * 100;
    if (!(gap <= t.accuracyPp))
      out.push(`epoch ${i + 1}: test accuracy differs by ${gap.toFixed(2)} pp, expected ≤ ${t.accuracyPp}`);
    if (!(Math.abs(g.trainLoss - c.trainLoss) <= t.lossRelative * Math.abs(c.trainLoss)))
      out.push(
        `epoch ${i + 1}: train loss ${g.trainLoss} vs ${c.trainLoss}, expected within ${t.lossRelative}`,
      );
  });
  const last = reference.epochs.at(-1)?.testAccuracy ?? 0;
  if (!(last > t.minAccuracy))
    out.push(`the reference run did not learn: test accuracy ${last}, expected > ${t.minAccuracy}`);
  if (t.weights !== undefined) {
    let worst = 0;
    const [w, r] = [run.model.weight, reference.model.weight];
    for (let i = 0; i < r.length; i++) worst = Math.max(worst, Math.abs(w[i] - r[i]));
    if (!(worst <= t.weights)) out.push(`final weights differ by up to ${worst}, expected ≤ ${t.weights}`);
  }
  return out;
}
