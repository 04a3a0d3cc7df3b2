/**
 * Kernel: loss, correct count, optional confusion counts and optional logit gradient of a batch.
 * One workgroup strides over the batch rows, one row per invocation at a time; the loss sum and the
 * correct count are reduced in workgroup memory and added to `stats[0]`, `stats[1]` by invocation 0,
 * so they accumulate on the device across steps without atomics on floats.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { byteAtWgsl, rowOfWgsl, statsPartsWgsl, statsTreeWgsl, storageWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({ offset: "u32", count: "u32", invN: "f32", scale: "f32" });

/** Sizes and variant of {@link lossAndGradWgsl}. */
export interface LossAndGradOptions {
  readonly loss: LossKind;
  readonly classes: number;
  readonly ordered: boolean;
  /** Write `∂L/∂z`: into a separate `grad` tensor, or over `z` itself (`"in-place"`), or not at all. */
  readonly grad: "separate" | "in-place" | "none";
  readonly confusion: boolean;
  readonly workgroupSize: number;
}

function bindingsOf(o: LossAndGradOptions): { name: string; access: Access; type: string }[] {
  const list = [
    { name: "z", access: (o.grad === "in-place" ? "write" : "read") as Access, type: "array<f32>" },
    { name: "labels", access: "read" as Access, type: "array<u32>" },
    { name: "stats", access: "write" as Access, type: "array<f32>" },
  ];
  if (o.grad === "separate") list.push({ name: "grad", access: "write", type: "array<f32>" });
  if (o.confusion) list.push({ name: "confusion", access: "write", type: "array<atomic<u32>>" });
  return list;
}

function gradLines(o: LossAndGradOptions): string {
  const target = o.grad === "in-place" ? "z" : "grad";
  if (o.grad === "none") return "";
  if (o.loss === "cross-entropy") {
    return `for (var c = 0u; c < C; c++) { ${target}[o + c] = (p[c] - select(0.0, 1.0, c == y)) * params.invN; }`;
  }
  return `for (var c = 0u; c < C; c++) { ${target}[o + c] = p[c] * ((p[c] - select(0.0, 1.0, c == y)) * params.scale - dot); }`;
}

/**
 * WGSL for {@link Backend.lossAndGrad}. Dispatch exactly one workgroup.
 * Params: `offset`, `count`, `invN = 1/n`, `scale = 2/(n·C)`.
 * @param o loss kind, classes C, row selection, gradient and confusion variants, workgroup size.
 * @returns the WGSL source.
 */
export function lossAndGradWgsl(o: LossAndGradOptions): string {
  const { classes: C, workgroupSize: WG } = o;
  const declared = bindingsOf(o)
    .map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type))
    .join("\n");
  const rowLoss =
    o.loss === "cross-entropy"
      ? /* wgsl */ `lossSum += log(sum) + (zmax - z[o + y]);`
      : /* wgsl */ `var rowLoss = 0.0;
    var dot = 0.0;
    for (var c = 0u; c < C; c++) {
      let d = p[c] - select(0.0, 1.0, c == y);
      rowLoss += d * d;
      dot += p[c] * d * params.scale;
    }
    lossSum += rowLoss / f32(C);`;
  return /* wgsl */ `// loss_and_grad loss=${o.loss} C=${C} ordered=${o.ordered} grad=${o.grad} confusion=${o.confusion} workgroup=${WG}
const C = ${C}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(bindingsOf(o).length + 1, o)}
${byteAtWgsl("label", "labels")}
${statsPartsWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lid: u32) {
  var lossSum = 0.0;
  var correct = 0u;
  for (var i = lid; i < params.count; i += ${WG}u) {
    let y = label(rowOf(i));
    let o = i * C;
    var zmax = z[o];
    var arg = 0u;
    for (var c = 1u; c < C; c++) {
      if (z[o + c] > zmax) { zmax = z[o + c]; arg = c; }
    }
    var p: array<f32, ${C}>;
    var sum = 0.0;
    for (var c = 0u; c < C; c++) { p[c] = exp(z[o + c] - zmax); sum += p[c]; }
    for (var c = 0u; c < C; c++) { p[c] = p[c] / sum; }
    if (arg == y) { correct += 1u; }
    ${o.confusion ? "atomicAdd(&confusion[y * C + arg], 1u);" : ""}
    ${rowLoss}
    ${gradLines(o)}
  }
  ${statsTreeWgsl(WG, "0", "1")}
}
`;
}

/** The pipeline cache key of {@link lossAndGradKernel}. */
export function lossAndGradKey(o: LossAndGradOptions): string {
  return `loss_and_grad/${o.loss}/${o.classes}/${o.ordered}/${o.grad}/${o.confusion}/${o.workgroupSize}`;
}

/** Fills a loss's parameter block: the rows and the mean's and MSE gradient's scales for `classes`. */
export function writeLossAndGradParams(block: ParamBlock, rows: RowSelection, classes: number): void {
  const n = rows.count;
  PARAMS.write(block, {
    offset: rows.offset,
    count: n,
    invN: n === 0 ? 0 : 1 / n,
    scale: n === 0 ? 0 : 2 / (n * classes),
  });
}

/** The {@link Kernel} for {@link lossAndGradWgsl}. */
export function lossAndGradKernel(o: LossAndGradOptions): Kernel {
  const storage = bindingsOf(o).map((b) => b.access);
  if (o.ordered) storage.push("read");
  return {
    key: lossAndGradKey(o),
    code: lossAndGradWgsl(o),
    storage,
  };
}
