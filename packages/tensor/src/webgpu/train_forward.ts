/**
 * Kernel: the first half of a fused training step — forward pass, softmax, loss, correct count and
 * logit gradient of a batch, one invocation per batch row. Each row's pixels are read once (four to
 * a u32 word, all-zero words skipped) and its C logits stay in registers; only the logit gradient
 * `g[n×C]` and one (loss sum, correct count) pair per workgroup (`partials`) go to memory, for
 * `train_update.ts` to consume. Same formulas as `linear_forward.ts` and `loss_and_grad.ts`.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { byteAtWgsl, rowOfWgsl, storageWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({ offset: "u32", count: "u32", invN: "f32", scale: "f32" });

/** The most classes the fused step keeps in registers; more go through the separate kernels. */
export const MAX_FUSED_CLASSES = 64;

/** Sizes and variant of {@link trainForwardWgsl}. */
export interface TrainForwardOptions {
  readonly loss: LossKind;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

const BINDINGS: ReadonlyArray<{ name: string; access: Access; type: string }> = [
  { name: "images", access: "read", type: "array<u32>" },
  { name: "labels", access: "read", type: "array<u32>" },
  { name: "w", access: "read", type: "array<f32>" },
  { name: "b", access: "read", type: "array<f32>" },
  { name: "g", access: "write", type: "array<f32>" },
  { name: "partials", access: "write", type: "array<f32>" },
];

function pixelLoop(F: number): string {
  const accumulate = /* wgsl */ `let x = f32(px) / 255.0;
        for (var c = 0u; c < C; c++) { z[c] += x * w[k * C + c]; }`;
  if (F % 4 === 0) {
    return /* wgsl */ `let base = row * ${F / 4}u;
    for (var k4 = 0u; k4 < ${F / 4}u; k4++) {
      let word = images[base + k4];
      if (word == 0u) { continue; }
      for (var j = 0u; j < 4u; j++) {
        let px = (word >> (j * 8u)) & 0xffu;
        if (px == 0u) { continue; }
        let k = k4 * 4u + j;
        ${accumulate}
      }
    }`;
  }
  return /* wgsl */ `let base = row * F;
    for (var k = 0u; k < F; k++) {
      let px = pixel(base + k);
      if (px != 0u) {
        ${accumulate}
      }
    }`;
}

function rowLossWgsl(loss: LossKind): string {
  if (loss === "cross-entropy") {
    return /* wgsl */ `lossSum += log(sum) + (zmax - z[y]);
    for (var c = 0u; c < C; c++) { g[o + c] = (p[c] - select(0.0, 1.0, c == y)) * params.invN; }`;
  }
  return /* wgsl */ `var rowLoss = 0.0;
    var dot = 0.0;
    for (var c = 0u; c < C; c++) {
      let d = p[c] - select(0.0, 1.0, c == y);
      rowLoss += d * d;
      dot += p[c] * d * params.scale;
    }
    lossSum += rowLoss / f32(C);
    for (var c = 0u; c < C; c++) { g[o + c] = p[c] * ((p[c] - select(0.0, 1.0, c == y)) * params.scale - dot); }`;
}

/**
 * WGSL for the first dispatch of a fused training step. Dispatch `ceil(n / workgroupSize)`
 * workgroups; workgroup `k` writes its loss sum and correct count to `partials[2k]`, `partials[2k+1]`.
 * Params: `offset`, `count`, `invN = 1/n`, `scale = 2/(n·C)`.
 * @param o loss, features F, classes C (at most {@link MAX_FUSED_CLASSES}), row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainForwardWgsl(o: TrainForwardOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const declared = BINDINGS.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  return /* wgsl */ `// train_forward loss=${o.loss} F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(BINDINGS.length + 1, o)}
${byteAtWgsl("pixel", "images")}
${byteAtWgsl("label", "labels")}
var<workgroup> lossPart: array<f32, ${WG}>;
var<workgroup> correctPart: array<u32, ${WG}>;

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let i = wid.x * ${WG}u + lid;
  var lossSum = 0.0;
  var correct = 0u;
  if (i < params.count) {
    let row = rowOf(i);
    var z: array<f32, ${C}>;
    ${pixelLoop(F)}
    let y = label(row);
    let o = i * C;
    for (var c = 0u; c < C; c++) { z[c] += b[c]; }
    var zmax = z[0];
    var arg = 0u;
    for (var c = 1u; c < C; c++) {
      if (z[c] > zmax) { zmax = z[c]; arg = c; }
    }
    var p: array<f32, ${C}>;
    var sum = 0.0;
    for (var c = 0u; c < C; c++) { p[c] = exp(z[c] - zmax); sum += p[c]; }
    for (var c = 0u; c < C; c++) { p[c] = p[c] / sum; }
    if (arg == y) { correct = 1u; }
    ${rowLossWgsl(o.loss)}
  }
  lossPart[lid] = lossSum;
  correctPart[lid] = correct;
  workgroupBarrier();
  for (var s = ${WG / 2}u; s > 0u; s >>= 1u) {
    if (lid < s) {
      lossPart[lid] += lossPart[lid + s];
      correctPart[lid] += correctPart[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    partials[2u * wid.x] = lossPart[0];
    partials[2u * wid.x + 1u] = f32(correctPart[0]);
  }
}
`;
}

/** The pipeline cache key of {@link trainForwardKernel}. */
export function trainForwardKey(o: TrainForwardOptions): string {
  return `train_forward/${o.loss}/${o.features}/${o.classes}/${o.ordered}/${o.workgroupSize}`;
}

/** Fills the parameter block: the rows and the mean's and MSE gradient's scales for `classes`. */
export function writeTrainForwardParams(block: ParamBlock, rows: RowSelection, classes: number): void {
  const n = rows.count;
  PARAMS.write(block, { offset: rows.offset, count: n, invN: 1 / n, scale: 2 / (n * classes) });
}

/** The {@link Kernel} for {@link trainForwardWgsl}. */
export function trainForwardKernel(o: TrainForwardOptions): Kernel {
  const storage = BINDINGS.map((b) => b.access);
  if (o.ordered) storage.push("read");
  return { key: trainForwardKey(o), code: trainForwardWgsl(o), storage };
}
