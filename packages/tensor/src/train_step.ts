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
  DType,
  GroupMember,
  GroupStepTensors,
  LossKind,
  ModelTensors,
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
 * import { createReferenceBackend } from "@mnist/tensor/testing";
 * // The reference backend's trainStep is this composition.
 * const be = createReferenceBackend();
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

/**
 * How {@link composedTrainStepGroup} and `composedEvaluateGroup` reach one model's part of a stacked
 * tensor on a backend.
 */
export interface StackedParts {
  /** Model `k`'s elements `[k·per, (k+1)·per)` of `t` as a tensor: a view, or a copy. */
  part<D extends DType>(t: Tensor<D>, k: number, per: number): Tensor<D>;
  /** After model `k`'s op, for each part it took: copies a copied part back (views need nothing). */
  commit?<D extends DType>(t: Tensor<D>, k: number, per: number, part: Tensor<D>): void;
}

/**
 * Checks a {@link Backend.trainStepGroup} before anything runs.
 * @returns `K`, `F·C` and `C`.
 * @throws {TypeError} when a member needs optimiser state the tensors lack.
 * @throws {RangeError} when there are no members or a tensor is too short for `K` models.
 */
export function checkGroupStep(
  ds: DeviceDataset,
  rows: RowSelection,
  t: GroupStepTensors,
  stats: Tensor<"f32">,
  members: readonly GroupMember[],
): { K: number; FC: number; C: number } {
  const K = members.length;
  if (K === 0) throw new RangeError("Cannot take group training step: no members, expected at least one");
  const C = ds.classes;
  const FC = ds.features * C;
  const n = rows.count;
  for (const [name, tensor, per] of [
    ["w", t.w, FC],
    ["b", t.b, C],
    ["z", t.z, n * C],
    ["g", t.g, n * C],
    ["gw", t.gw, FC],
    ["gb", t.gb, C],
    ["stats", stats, 2],
  ] as const) {
    if (tensor.length < K * per) {
      throw new RangeError(
        `Cannot take group training step: ${name} holds ${tensor.length} values, expected at least ${K} × ${per}`,
      );
    }
  }
  for (const [k, m] of members.entries()) {
    if (m.update.kind === "sgd" && m.update.params.momentum !== 0 && t.velocity === null) {
      throw new TypeError(`Cannot take group training step: member ${k} uses momentum, expected a velocity`);
    }
    if (m.update.kind === "adam" && (t.m === null || t.v === null)) {
      throw new TypeError(`Cannot take group training step: member ${k} uses Adam, expected m and v`);
    }
  }
  return { K, FC, C };
}

/**
 * {@link Backend.trainStepGroup} as its definition: {@link Backend.trainStep} of each member in turn
 * on its parts of the stacked tensors. What the reference backend runs.
 * @param be the backend whose `trainStep` runs each member.
 * @param parts how the backend reaches one model's part of a stacked tensor.
 * @throws {TypeError} when a member needs optimiser state the tensors lack.
 * @throws {RangeError} when there are no members or a tensor is too short.
 */
export function composedTrainStepGroup(
  be: Backend,
  ds: DeviceDataset,
  rows: RowSelection,
  t: GroupStepTensors,
  stats: Tensor<"f32">,
  members: readonly GroupMember[],
  parts: StackedParts,
): void {
  const { FC, C } = checkGroupStep(ds, rows, t, stats, members);
  const nC = rows.count * C;
  members.forEach((member, k) => {
    const taken: Array<[Tensor<"f32">, number, Tensor<"f32">]> = [];
    const part = (x: Tensor<"f32">, per: number) => {
      const p = parts.part(x, k, per);
      taken.push([x, per, p]);
      return p;
    };
    const model = (x: ModelTensors): ModelTensors => ({ w: part(x.w, FC), b: part(x.b, C) });
    const step: TrainStepTensors = {
      ...model(t),
      z: part(t.z, nC),
      g: part(t.g, nC),
      gw: part(t.gw, FC),
      gb: part(t.gb, C),
    };
    const u = member.update;
    const update: StepUpdate =
      u.kind === "sgd"
        ? {
            kind: "sgd",
            params: u.params,
            velocity: u.params.momentum !== 0 && t.velocity !== null ? model(t.velocity) : null,
          }
        : { kind: "adam", params: u.params, m: model(t.m!), v: model(t.v!) };
    be.trainStep(member.loss, ds, rows, step, part(stats, 2), update);
    for (const [x, per, p] of taken) parts.commit?.(x, k, per, p);
  });
}
