/**
 * {@link Backend.trainStep} as the sequence of ops that defines it: what the reference and CPU backends
 * run, and what the WebGPU backend runs where it does not fuse the step.
 *
 * Runtime-neutral.
 * @module
 */
import type {
  Backend,
  DeviceDataset,
  LossKind,
  RowSelection,
  StepUpdate,
  Tensor,
  TrainStepTensors,
} from "./backend.ts";

/**
 * Runs one training step on `be` op by op: forward, loss and gradient, backward, then the optimiser
 * update of the weight and then of the bias.
 * @param be the backend whose ops run the step.
 * @throws {TypeError} when SGD momentum is non-zero and `update.velocity` is null.
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor/cpu";
 * const be = createCpuBackend(); // its trainStep runs composedTrainStep
 * const ds = be.uploadDataset(new Uint8Array([255, 0]), new Uint8Array([1]), 2, 2);
 * const f = (n: number) => be.zeros("f32", n);
 * const t = { w: f(4), b: f(2), z: f(2), g: f(2), gw: f(4), gb: f(2) };
 * const stats = f(2);
 * const params = { lr: 1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, step: 1 };
 * be.trainStep("cross-entropy", ds, { order: null, offset: 0, count: 1 }, t, stats, {
 *   kind: "sgd",
 *   params,
 *   velocity: null,
 * });
 * console.log(Array.from(await be.read(t.b))); // [ -0.5, 0.5 ]
 * ```
 */
export function composedTrainStep(
  be: Backend,
  kind: LossKind,
  ds: DeviceDataset,
  rows: RowSelection,
  t: TrainStepTensors,
  stats: Tensor<"f32">,
  update: StepUpdate,
): void {
  if (update.kind === "sgd" && update.params.momentum !== 0 && update.velocity === null) {
    throw new TypeError("Cannot take training step: SGD momentum needs a velocity");
  }
  be.linearForward(ds, rows, t.w, t.b, t.z);
  be.lossAndGrad(kind, t.z, ds, rows, t.g, stats, null);
  be.linearBackward(ds, rows, t.g, t.gw, t.gb);
  if (update.kind === "sgd") {
    be.sgdStep(t.w, t.gw, update.velocity?.w ?? null, update.params);
    be.sgdStep(t.b, t.gb, update.velocity?.b ?? null, update.params);
  } else {
    be.adamStep(t.w, t.gw, update.m.w, update.v.w, update.params);
    be.adamStep(t.b, t.gb, update.m.b, update.v.b, update.params);
  }
}
