/**
 * Kernel: the first half of a fused training step — forward pass, softmax, loss, correct count and
 * logit gradient of a batch. An invocation computes four classes' logits for four rows at once (16
 * sums in registers), so each `vec4f` of weights it loads serves four rows and a pixel word is
 * skipped when it is zero in all four (four pixels to a u32 word); the rows' logits meet in
 * workgroup memory, and after one barrier each row's softmax, loss and gradient are computed with
 * the class loops unrolled when the source is generated (a private array indexed by a loop variable
 * lives in memory on lavapipe). Only the logit gradient `g[n×C]` and each row's (loss, correct)
 * pair (`partials`) go to memory, for `train_update.ts`. Same formulas as `linear_forward.ts` and
 * `loss_and_grad.ts`. Alternatives tried on lavapipe: one class for four rows per invocation took
 * 1.15× the process CPU time of a tutorial epoch; eight rows per invocation, one invocation per row
 * looping over the classes, and a workgroup per row adding its invocations' shares were each slower
 * than the separate forward kernel (GPU timestamps, 1.1–2×).
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { byteAtWgsl, rowOfWgsl, softmaxRowWgsl, storageWgsl, unroll } from "./_wgsl.ts";

/** The parameters of the fused forward kernels (dense and sparse): `writeTrainForwardParams`. */
export const FORWARD_PARAMS = paramStruct({ offset: "u32", count: "u32", invN: "f32", scale: "f32" });

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

/** The storage bindings of the fused forward kernels (single, group, sparse), from binding 1 on. */
export const FORWARD_BINDINGS: ReadonlyArray<{ name: string; access: Access; type: string }> = [
  { name: "images", access: "read", type: "array<u32>" },
  { name: "labels", access: "read", type: "array<u32>" },
  { name: "w", access: "read", type: "array<f32>" },
  { name: "b", access: "read", type: "array<f32>" },
  { name: "g", access: "write", type: "array<f32>" },
  { name: "partials", access: "write", type: "array<f32>" },
];

/** Rows one invocation sums at once: each weight it loads serves all of them. */
export const ROWS_PER_INVOCATION = 4;
/** Classes one invocation sums at once: one `vec4f` of weights per pixel. */
const CLASSES_PER_INVOCATION = 4;

/** Invocations per row group: one per four classes. */
export function classQuads(classes: number): number {
  return Math.ceil(classes / CLASSES_PER_INVOCATION);
}

/** Rows a workgroup of `workgroupSize` invocations takes: four for every ⌈C/4⌉ invocations. */
export function trainForwardRows(classes: number, workgroupSize: number): number {
  return Math.floor(workgroupSize / classQuads(classes)) * ROWS_PER_INVOCATION;
}

/** `fn weights(k)`: the four weights of pixel `k` for classes `c0…c0+3`, zero past the last class. */
function weightsWgsl(F: number, C: number): string {
  if (C % 4 === 0) {
    return /* wgsl */ `fn weights(k: u32, c0: u32) -> vec4f {
  let i = k * C + c0;
  return vec4f(w[i], w[i + 1u], w[i + 2u], w[i + 3u]);
}`;
  }
  const last = F * C - 1;
  const lane = (q: number) => (q === 0 ? "w[i]" : `select(0.0, w[min(i + ${q}u, ${last}u)], c0 + ${q}u < C)`);
  return /* wgsl */ `fn weights(k: u32, c0: u32) -> vec4f {
  let i = k * C + c0;
  return vec4f(${[0, 1, 2, 3].map(lane).join(", ")});
}`;
}

export function pixelLoop(F: number): string {
  const accumulate = /* wgsl */ `if (all(px == vec4u(0u))) { continue; }
        let x = vec4f(px) / 255.0;
        let wk = weights(k, c0);
        acc0 += x.x * wk;
        acc1 += x.y * wk;
        acc2 += x.z * wk;
        acc3 += x.w * wk;`;
  const read = (at: (r: string) => string) =>
    `select(vec4u(0u), vec4u(${["x", "y", "z", "w"].map((r) => at(`base.${r}`)).join(", ")}), live)`;
  if (F % 4 === 0) {
    return /* wgsl */ `for (var k4 = 0u; k4 < ${F / 4}u; k4++) {
      let words = ${read((r) => `images[${r} + k4]`)};
      if (all(words == vec4u(0u))) { continue; }
      for (var j = 0u; j < 4u; j++) {
        let px = (words >> vec4u(j * 8u)) & vec4u(0xffu);
        let k = k4 * 4u + j;
        ${accumulate}
      }
    }`;
  }
  return /* wgsl */ `for (var k = 0u; k < F; k++) {
      let px = ${read((r) => `pixel(${r} + k)`)};
      ${accumulate}
    }`;
}

/**
 * A workgroup's tile of logits (shared with the group kernel): each thread sums 4 rows × 4 classes over
 * every pixel, into the workgroup's `logits`. Indented for `main`'s body.
 */
export function logitTileWgsl(F: number): string {
  const stride = F % 4 === 0 ? `${F / 4}u` : "F";
  return `if (lid < ROWS / 4u * QUADS) {
    let c0 = lid % QUADS * 4u;
    let r0 = first + lid / QUADS * 4u;
    let live = vec4u(r0, r0 + 1u, r0 + 2u, r0 + 3u) < vec4u(params.count);
    var base = vec4u(0u);
    for (var r = 0u; r < 4u; r++) {
      if (live[r]) { base[r] = rowOf(r0 + r) * ${stride}; }
    }
    var acc0 = vec4f(0.0);
    var acc1 = vec4f(0.0);
    var acc2 = vec4f(0.0);
    var acc3 = vec4f(0.0);
    ${pixelLoop(F)}
    let at = r0 - first;
    for (var q = 0u; q < 4u && c0 + q < C; q++) {
      logits[at][c0 + q] = acc0[q];
      logits[at + 1u][c0 + q] = acc1[q];
      logits[at + 2u][c0 + q] = acc2[q];
      logits[at + 3u][c0 + q] = acc3[q];
    }
  }`;
}

/** The row's loss and its gradient `g[o…o+C)`, from `p` (softmax), `z`, `zmax`, `sum` and label `y`. */
export function rowLossWgsl(loss: LossKind, C: number): string {
  const target = (c: number) => `select(0.0, 1.0, y == ${c}u)`;
  if (loss === "cross-entropy") {
    return /* wgsl */ `var zy = 0.0;
    ${unroll(C, (c) => `if (y == ${c}u) { zy = z[${c}]; }`)}
    lossSum += log(sum) + (zmax - zy);
    ${unroll(C, (c) => `g[o + ${c}u] = (p[${c}] - ${target(c)}) * params.invN;`)}`;
  }
  return /* wgsl */ `var rowLoss = 0.0;
    var dot = 0.0;
    var d: array<f32, ${C}>;
    ${unroll(C, (c) => `d[${c}] = p[${c}] - ${target(c)};`)}
    ${unroll(C, (c) => `rowLoss += d[${c}] * d[${c}];`)}
    ${unroll(C, (c) => `dot += p[${c}] * d[${c}] * params.scale;`)}
    lossSum += rowLoss / f32(C);
    ${unroll(C, (c) => `g[o + ${c}u] = p[${c}] * (d[${c}] * params.scale - dot);`)}`;
}

/**
 * The body of `finishRow` (indented for a function): batch row \`i\`'s softmax, loss, correctness and
 * logit gradient from its logits `zl` (a WGSL expression of type `array<f32, C>`), written to `g` and
 * `partials`.
 */
export function finishRowBody(loss: LossKind, C: number, zl: string): string {
  return `let row = rowOf(i);
  let y = label(row);
  let o = i * C;
  let zl = ${zl};
  ${softmaxRowWgsl(C, "")}
  var lossSum = 0.0;
  ${rowLossWgsl(loss, C)}
  partials[2u * i] = lossSum;
  partials[2u * i + 1u] = select(0.0, 1.0, arg == y);`;
}

/**
 * WGSL for the first dispatch of a fused training step. Dispatch
 * `ceil(n / trainForwardRows(C, workgroupSize))` workgroups (2-D when needed). Invocation
 * `(row group, class quad)` of a workgroup sums four logits of {@link ROWS_PER_INVOCATION} rows at
 * once, skipping a pixel word that is zero in all of them; after one barrier each invocation finishes
 * rows of the workgroup (softmax, loss, correctness, gradient), and batch row `i` writes its loss
 * to `partials[2i]` and 1 or 0 to `partials[2i+1]`. Params: `offset`, `count`, `invN = 1/n`,
 * `scale = 2/(n·C)`.
 * @param o loss, features F, classes C (at most {@link MAX_FUSED_CLASSES}), row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainForwardWgsl(o: TrainForwardOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const rows = trainForwardRows(C, WG);
  const declared = FORWARD_BINDINGS.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  return /* wgsl */ `// train_forward loss=${o.loss} F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
const ROWS = ${rows}u;
const QUADS = ${classQuads(C)}u;
${FORWARD_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(FORWARD_BINDINGS.length + 1, o)}
${byteAtWgsl("pixel", "images")}
${byteAtWgsl("label", "labels")}
var<workgroup> logits: array<array<f32, ${C}>, ${rows}>;
${weightsWgsl(F, C)}

/** Batch row \`i\` (row \`r\` of the workgroup): softmax, loss, correctness and gradient from its logits. */
fn finishRow(i: u32, r: u32) {
  ${finishRowBody(o.loss, C, "logits[r]")}
}

@compute @workgroup_size(${WG})
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let first = (wid.x + wid.y * groups.x) * ROWS;
  ${logitTileWgsl(F)}
  workgroupBarrier();
  for (var r = lid; r < ROWS; r += ${WG}u) {
    if (first + r >= params.count) { break; }
    finishRow(first + r, r);
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
  FORWARD_PARAMS.write(block, { offset: rows.offset, count: n, invN: 1 / n, scale: 2 / (n * classes) });
}

/** The {@link Kernel} for {@link trainForwardWgsl}. */
export function trainForwardKernel(o: TrainForwardOptions): Kernel {
  const storage = FORWARD_BINDINGS.map((b) => b.access);
  if (o.ordered) storage.push("read");
  return { key: trainForwardKey(o), code: trainForwardWgsl(o), storage };
}
