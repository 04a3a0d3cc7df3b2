/**
 * Kernel: the first half of a fused training step of a group of models (`Backend.trainStepGroup`):
 * `train_forward.ts` for every model of the stack in one dispatch. Workgroup `g` works on model
 * `g / perModel` and that model's row group `g % perModel`, with its weights at `m·F·C`, its bias at
 * `m·C`, its logit gradient at `m·n·C` of `g` and its rows' (loss, correct) pairs at `m·2n` of
 * `partials`; each model's loss (MSE or cross-entropy) comes from its record in the parameter block.
 * The sums run as in the single-model kernel.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */

import { groupParamBytes, groupParamsWgsl } from "./_group_params.ts";
import type { Kernel } from "./_kernel.ts";
import { byteAtWgsl, rowOfWgsl, softmaxRowWgsl, storageWgsl } from "./_wgsl.ts";
import {
  classQuads,
  FORWARD_BINDINGS,
  logitTileWgsl,
  rowLossWgsl,
  trainForwardRows,
} from "./train_forward.ts";
import { sparseForwardBindingsWgsl, sparseLogitsWgsl } from "./train_forward_sparse.ts";

/** Sizes of {@link trainForwardGroupWgsl}. */
export interface TrainForwardGroupOptions {
  readonly features: number;
  readonly classes: number;
  /** Models in the stack (the parameter block's record count). */
  readonly models: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
  /** Whether the dataset is read as its sparse list (`train_forward_group_sparse`). */
  readonly sparse?: boolean;
}

/** `fn weights(k, c0)` of the model whose weights start at `wbase`. */
function weightsWgsl(F: number, C: number, models: number): string {
  if (C % 4 === 0) {
    return /* wgsl */ `fn weights(k: u32, c0: u32) -> vec4f {
  let i = wbase + k * C + c0;
  return vec4f(w[i], w[i + 1u], w[i + 2u], w[i + 3u]);
}`;
  }
  const last = models * F * C - 1;
  const lane = (q: number) => (q === 0 ? "w[i]" : `select(0.0, w[min(i + ${q}u, ${last}u)], c0 + ${q}u < C)`);
  return /* wgsl */ `fn weights(k: u32, c0: u32) -> vec4f {
  let i = wbase + k * C + c0;
  return vec4f(${[0, 1, 2, 3].map(lane).join(", ")});
}`;
}

/** The body of the group's \`finishRow\`: row \`i\` of model \`m\` from its logits \`zl\` (a WGSL expression). */
function groupFinishBody(C: number, zl: string): string {
  return `  let row = rowOf(i);
  let y = label(row);
  let o = (m * params.count + i) * C;
  let bb = m * C;
  let zl = ${zl};
  ${softmaxRowWgsl(C, "bb + ")}
  var lossSum = 0.0;
  if (params.members[m].loss == 0u) {
    ${rowLossWgsl("mse", C)}
  } else {
    ${rowLossWgsl("cross-entropy", C)}
  }
  let at = 2u * (m * params.count + i);
  partials[at] = lossSum;
  partials[at + 1u] = select(0.0, 1.0, arg == y);
`;
}

/**
 * WGSL for the first dispatch of a group step: dispatch `perModel · models` workgroups (2-D when
 * needed), `perModel = ceil(n / trainForwardRows(C, workgroupSize))`.
 * @param o features F, classes C (2 … 64), models, row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainForwardGroupWgsl(o: TrainForwardGroupOptions): string {
  const { features: F, classes: C, models: K, workgroupSize: WG } = o;
  const rows = trainForwardRows(C, WG);
  const declared = FORWARD_BINDINGS.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  return /* wgsl */ `// train_forward_group F=${F} C=${C} models=${K} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
const ROWS = ${rows}u;
const QUADS = ${classQuads(C)}u;
${groupParamsWgsl(K)}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(FORWARD_BINDINGS.length + 1, o)}
${byteAtWgsl("pixel", "images")}
${byteAtWgsl("label", "labels")}
var<workgroup> logits: array<array<f32, ${C}>, ${rows}>;
var<private> wbase: u32;
${weightsWgsl(F, C, K)}

/** Batch row \`i\` (row \`r\` of the workgroup) of model \`m\`: softmax, loss, correctness and gradient. */
fn finishRow(i: u32, r: u32, m: u32) {
${groupFinishBody(C, "logits[r]")}}

@compute @workgroup_size(${WG})
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let flat = wid.x + wid.y * groups.x;
  let m = flat / params.perModel;
  if (m >= params.models) { return; }
  wbase = m * F * C;
  let first = (flat % params.perModel) * ROWS;
  ${logitTileWgsl(F)}
  workgroupBarrier();
  for (var r = lid; r < ROWS; r += ${WG}u) {
    if (first + r >= params.count) { break; }
    finishRow(first + r, r, m);
  }
}
`;
}

/**
 * WGSL for the first dispatch of a group step on a sparse dataset (`train_forward_sparse.ts` for
 * every model): invocation `m·n + i` takes batch row `i` of model `m`; dispatch
 * `ceil(models · n / workgroupSize)` workgroups (2-D when needed). Bindings as
 * {@link trainForwardGroupWgsl}'s with the sparse list in place of the images.
 * @param o features F, classes C (2 … 64), models, row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainForwardGroupSparseWgsl(o: TrainForwardGroupOptions): string {
  const { features: F, classes: C, models: K, workgroupSize: WG } = o;
  return /* wgsl */ `// train_forward_group_sparse F=${F} C=${C} models=${K} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
${groupParamsWgsl(K)}
${sparseForwardBindingsWgsl(C, o, WG)}

/** Batch row \`i\` of model \`m\`: softmax, loss, correctness and gradient from its logits. */
fn finishRow(i: u32, m: u32, logits: array<f32, ${C}>) {
${groupFinishBody(C, "logits")}}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let flat = flatIndex(gid, groups);
  let m = flat / params.count;
  if (m >= params.models) { return; }
  let i = flat % params.count;
  let row = rowOf(i);
  ${sparseLogitsWgsl(C, "m * F * C")}
  finishRow(i, m, acc);
}
`;
}

/** The pipeline cache key of {@link trainForwardGroupKernel}. */
export function trainForwardGroupKey(o: TrainForwardGroupOptions): string {
  return `train_forward_group${o.sparse ? "_sparse" : ""}/${o.features}/${o.classes}/${o.models}/${o.ordered}/${o.workgroupSize}`;
}

/** The {@link Kernel} for {@link trainForwardGroupWgsl}. */
export function trainForwardGroupKernel(o: TrainForwardGroupOptions): Kernel {
  const storage = FORWARD_BINDINGS.map((b) => b.access);
  if (o.ordered) storage.push("read");
  return {
    key: trainForwardGroupKey(o),
    code: o.sparse ? trainForwardGroupSparseWgsl(o) : trainForwardGroupWgsl(o),
    storage,
    paramBytes: groupParamBytes(o.models),
  };
}
