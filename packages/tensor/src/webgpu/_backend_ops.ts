/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend's separate ops, one dispatch each (none for an empty or zero fill): the
 * building blocks that the fused training step and group evaluation replace, and what they fall
 * back to where their kernels do not apply.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { AdamParams, DeviceDataset, LossKind, RowSelection, SgdParams, Tensor } from "../backend.ts";
import { type BackendContext, IMAGES, LABELS } from "./_backend_context.ts";
import type { GpuDataset } from "./_resources.ts";
import { adamStepKernel, adamStepKey, writeAdamStepParams } from "./adam_step.ts";
import { fillKernel, fillKey, writeFillParams } from "./fill.ts";
import {
  linearBackwardInvocations,
  linearBackwardKernel,
  linearBackwardKey,
  writeLinearBackwardParams,
} from "./linear_backward.ts";
import {
  linearForwardKernel,
  linearForwardKey,
  linearForwardTile,
  linearForwardWorkgroups,
  writeLinearForwardParams,
} from "./linear_forward.ts";
import { lossAndGradKernel, lossAndGradKey, writeLossAndGradParams } from "./loss_and_grad.ts";
import { sgdStepKernel, sgdStepKey, writeSgdStepParams } from "./sgd_step.ts";
import { softmaxKernel, softmaxKey, writeSoftmaxParams } from "./softmax.ts";

/**
 * The checks the two linear ops share: a live dataset of `F` features, weights of `F × C` and at least
 * `C` values per selected row, rows in range.
 */
function linearData(
  cx: BackendContext,
  action: string,
  ds: DeviceDataset,
  rows: RowSelection,
  C: number,
  weights: readonly [Tensor, string],
  perRow: readonly [Tensor, string],
): GpuDataset {
  const data = cx.begin(action, ds);
  cx.expectLength(weights[0], data.features * C, weights[1], action);
  cx.expectAtLeast(perRow[0], rows.count * C, perRow[1], action);
  cx.checkRows(data, rows, action);
  return data;
}

/** `Backend.linearForward`. */
export function linearForward(
  cx: BackendContext,
  ds: DeviceDataset,
  rows: RowSelection,
  w: Tensor<"f32">,
  b: Tensor<"f32">,
  out: Tensor<"f32">,
): void {
  const action = "run linearForward";
  const C = b.length;
  const data = linearData(cx, action, ds, rows, C, [w, "w"], [out, "out"]);
  const F = data.features;
  if (rows.count === 0) return;
  const bound = cx.bind(data, rows, IMAGES, action);
  const o = {
    features: F,
    classes: C,
    ordered: bound.order !== null,
    workgroupSize: cx.wg,
    uniformBytes: cx.uniformBytes,
  };
  const uniform = linearForwardTile(o).weights === "uniform";
  const weights = uniform ? cx.uniforms.take(cx.buffer(w, action), 0, F * C) : cx.buffer(w, action);
  const compiled = cx.kernel(linearForwardKey(o), () => linearForwardKernel(o));
  const params = cx.recorder.params();
  writeLinearForwardParams(params, bound.rows);
  const buffers = [bound.images, weights, cx.buffer(b, action), cx.buffer(out, action)];
  if (bound.order !== null) buffers.push(bound.order);
  cx.recorder.dispatch(compiled, params, buffers, linearForwardWorkgroups(o, rows.count));
  if (uniform) cx.uniforms.give(weights); // work recorded later runs after this dispatch
}

/** `Backend.linearBackward`. */
export function linearBackward(
  cx: BackendContext,
  ds: DeviceDataset,
  rows: RowSelection,
  g: Tensor<"f32">,
  gw: Tensor<"f32">,
  gb: Tensor<"f32">,
): void {
  const action = "run linearBackward";
  const C = gb.length;
  const data = linearData(cx, action, ds, rows, C, [gw, "gw"], [g, "g"]);
  const F = data.features;
  const bound = cx.bind(data, rows, IMAGES, action);
  const o = { features: F, classes: C, ordered: bound.order !== null, workgroupSize: cx.wg };
  const compiled = cx.kernel(linearBackwardKey(o), () => linearBackwardKernel(o));
  const params = cx.recorder.params();
  writeLinearBackwardParams(params, bound.rows);
  const buffers = [bound.images, cx.buffer(g, action), cx.buffer(gw, action), cx.buffer(gb, action)];
  if (bound.order !== null) buffers.push(bound.order);
  const groups = Math.ceil(linearBackwardInvocations(F, C) / o.workgroupSize);
  cx.recorder.dispatch(compiled, params, buffers, groups);
}

/** `Backend.lossAndGrad`. */
export function lossAndGrad(
  cx: BackendContext,
  kind: LossKind,
  z: Tensor<"f32">,
  ds: DeviceDataset,
  rows: RowSelection,
  grad: Tensor<"f32"> | null,
  stats: Tensor<"f32">,
  confusion: Tensor<"u32"> | null,
): void {
  const action = "run lossAndGrad";
  const data = cx.begin(action, ds);
  const C = data.classes;
  const n = rows.count;
  cx.expectAtLeast(z, n * C, "z", action);
  cx.expectAtLeast(stats, 2, "stats", action);
  if (grad !== null) cx.expectAtLeast(grad, n * C, "grad", action);
  if (confusion !== null) cx.expectAtLeast(confusion, C * C, "confusion", action);
  cx.checkRows(data, rows, action);
  const bound = cx.bind(data, rows, LABELS, action);
  const o = {
    loss: kind,
    classes: C,
    ordered: bound.order !== null,
    grad: grad === null ? "none" : grad === z ? "in-place" : "separate",
    confusion: confusion !== null,
    workgroupSize: cx.wgLoss,
  } as const;
  const compiled = cx.kernel(lossAndGradKey(o), () => lossAndGradKernel(o));
  const params = cx.recorder.params();
  writeLossAndGradParams(params, bound.rows, C);
  const buffers = [cx.buffer(z, action), bound.labels, cx.buffer(stats, action)];
  if (o.grad === "separate") buffers.push(cx.buffer(grad!, action));
  if (o.confusion) buffers.push(cx.buffer(confusion!, action));
  if (bound.order !== null) buffers.push(bound.order);
  cx.recorder.dispatch(compiled, params, buffers, n === 0 ? 0 : 1);
}

/** `Backend.softmax`. */
export function softmax(cx: BackendContext, z: Tensor<"f32">, out: Tensor<"f32">, classes: number): void {
  const action = "run softmax";
  cx.check(action);
  const rows = Math.floor(z.length / classes);
  cx.expectAtLeast(out, rows * classes, "out", action);
  const o = { classes, inPlace: out === z, workgroupSize: cx.wg };
  const compiled = cx.kernel(softmaxKey(o), () => softmaxKernel(o));
  const params = cx.recorder.params();
  writeSoftmaxParams(params, rows);
  const buffers = o.inPlace ? [cx.buffer(z, action)] : [cx.buffer(z, action), cx.buffer(out, action)];
  cx.recorder.dispatch(compiled, params, buffers, Math.ceil(rows / o.workgroupSize));
}

/** `Backend.sgdStep`. */
export function sgdStep(
  cx: BackendContext,
  param: Tensor<"f32">,
  grad: Tensor<"f32">,
  velocity: Tensor<"f32"> | null,
  p: SgdParams,
): void {
  const action = "take SGD step";
  cx.check(action);
  const momentum = p.momentum !== 0;
  if (momentum && velocity === null) throw new TypeError("Cannot take SGD step: momentum needs a velocity");
  cx.expectAtLeast(grad, param.length, "grad", action);
  if (momentum) cx.expectAtLeast(velocity!, param.length, "velocity", action);
  const o = { momentum, workgroupSize: cx.wg };
  const compiled = cx.kernel(sgdStepKey(o), () => sgdStepKernel(o));
  const params = cx.recorder.params();
  writeSgdStepParams(params, param.length, p);
  const buffers = [cx.buffer(param, action), cx.buffer(grad, action)];
  if (momentum) buffers.push(cx.buffer(velocity!, action));
  cx.recorder.dispatch(compiled, params, buffers, Math.ceil(param.length / o.workgroupSize));
}

/** `Backend.adamStep`. */
export function adamStep(
  cx: BackendContext,
  param: Tensor<"f32">,
  grad: Tensor<"f32">,
  m: Tensor<"f32">,
  v: Tensor<"f32">,
  p: AdamParams,
): void {
  const action = "take Adam step";
  cx.check(action);
  for (const [t, name] of [
    [grad, "grad"],
    [m, "m"],
    [v, "v"],
  ] as const) {
    cx.expectAtLeast(t, param.length, name, action);
  }
  const o = { workgroupSize: cx.wg };
  const compiled = cx.kernel(adamStepKey(o), () => adamStepKernel(o));
  const params = cx.recorder.params();
  writeAdamStepParams(params, param.length, p);
  const buffers = [param, grad, m, v].map((t) => cx.buffer(t, action));
  cx.recorder.dispatch(compiled, params, buffers, Math.ceil(param.length / o.workgroupSize));
}

/** `Backend.fill`: a cleared buffer for zero bits, else one dispatch. */
export function fill(cx: BackendContext, t: Tensor, value: number): void {
  const action = "fill tensor";
  cx.check(action);
  const buffer = cx.buffer(t, action);
  const bits = t.dtype === "f32" ? new Uint32Array(new Float32Array([value]).buffer)[0] : value >>> 0;
  if (bits === 0) {
    cx.recorder.encoder().clearBuffer(buffer);
    return;
  }
  const o = { workgroupSize: cx.wg };
  const compiled = cx.kernel(fillKey(o), () => fillKernel(o));
  const params = cx.recorder.params();
  writeFillParams(params, t.length, bits);
  cx.recorder.dispatch(compiled, params, [buffer], Math.ceil(t.length / o.workgroupSize));
}
