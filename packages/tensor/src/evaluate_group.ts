/**
 * {@link Backend.evaluateGroup} as the ops that define it, and the checks every backend runs first.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, DeviceDataset, GroupEvalTensors, LossKind, RowSelection, Tensor } from "./backend.ts";
import type { StackedParts } from "./train_step.ts";

/**
 * Checks a {@link Backend.evaluateGroup} before anything runs.
 * @returns `K`, `F·C` and `C`.
 * @throws {RangeError} when there are no models or a tensor is too short for `K` of them.
 */
export function checkEvaluateGroup(
  ds: DeviceDataset,
  rows: RowSelection,
  t: GroupEvalTensors,
  losses: readonly LossKind[],
  stats: Tensor<"f32">,
  confusion: Tensor<"u32"> | null,
): { K: number; FC: number; C: number } {
  const K = losses.length;
  if (K === 0) throw new RangeError("Cannot evaluate a group: no models, expected at least one");
  const C = ds.classes;
  const FC = ds.features * C;
  const checks: Array<readonly [string, Tensor, number]> = [
    ["w", t.w, FC],
    ["b", t.b, C],
    ["z", t.z, rows.count * C],
    ["stats", stats, 2],
  ];
  if (confusion !== null) checks.push(["confusion", confusion, C * C]);
  for (const [name, tensor, per] of checks) {
    if (tensor.length < K * per) {
      throw new RangeError(
        `Cannot evaluate a group: ${name} holds ${tensor.length} values, expected at least ${K} × ${per}`,
      );
    }
  }
  return { K, FC, C };
}

/**
 * {@link Backend.evaluateGroup} as its definition: `linearForward` and `lossAndGrad` of each model in
 * turn on its parts of the stacked tensors. What the reference and WebGPU backends run.
 * @param be the backend whose ops run each model.
 * @param parts how the backend reaches one model's part of a stacked tensor.
 * @throws {RangeError} when there are no models or a tensor is too short.
 * @example
 * ```ts
 * import { createReferenceBackend } from "@mnist/tensor/testing";
 * // Two one-pixel models of two classes on one row whose label is 1.
 * const be = createReferenceBackend();
 * const ds = be.uploadDataset(new Uint8Array([255]), new Uint8Array([1]), 1, 2);
 * const t = { w: be.upload("f32", new Float32Array([1, 0, 0, 1])), b: be.zeros("f32", 4), z: be.zeros("f32", 4) };
 * const stats = be.zeros("f32", 4);
 * be.evaluateGroup(ds, { order: null, offset: 0, count: 1 }, t, ["cross-entropy", "mse"], stats, null);
 * console.log(Array.from(await be.read(stats)).map((x) => +x.toFixed(3))); // [ 1.313, 0, 0.072, 1 ]
 * ```
 */
export function composedEvaluateGroup(
  be: Backend,
  ds: DeviceDataset,
  rows: RowSelection,
  t: GroupEvalTensors,
  losses: readonly LossKind[],
  stats: Tensor<"f32">,
  confusion: Tensor<"u32"> | null,
  parts: StackedParts,
): void {
  const { FC, C } = checkEvaluateGroup(ds, rows, t, losses, stats, confusion);
  const nC = rows.count * C;
  losses.forEach((loss, k) => {
    const [w, b, z, s] = [
      parts.part(t.w, k, FC),
      parts.part(t.b, k, C),
      parts.part(t.z, k, nC),
      parts.part(stats, k, 2),
    ];
    const cells = confusion === null ? null : parts.part(confusion, k, C * C);
    be.linearForward(ds, rows, w, b, z);
    be.lossAndGrad(loss, z, ds, rows, null, s, cells);
    parts.commit?.(t.w, k, FC, w);
    parts.commit?.(t.b, k, C, b);
    parts.commit?.(t.z, k, nC, z);
    parts.commit?.(stats, k, 2, s);
    if (confusion !== null && cells !== null) parts.commit?.(confusion, k, C * C, cells);
  });
}
