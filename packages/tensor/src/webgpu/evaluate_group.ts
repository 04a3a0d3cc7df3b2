/**
 * Kernels of `evaluateGroup` on WebGPU: the `K` models' evaluation of a chunk of rows in `K + 1`
 * dispatches (2 when the weights are not copied to a uniform buffer) instead of `2K` ops with copies
 * of each model's parts. `eval_rows` computes, for every (model, row), the logits (the row tile of
 * `_row_tile.ts`), the softmax, the row's loss and whether the arg-max is the label, counted into
 * the model's confusion matrix; the logits never go to memory, only the row's (loss, correct) pair,
 * into the scratch `z`. (Summing over the dataset's nonzero-pixel entries instead, one row per
 * invocation, took 10–20% more process CPU time on lavapipe for 16 models than the tile with
 * uniform weights.)
 * `eval_reduce` then adds each model's pairs into its `stats` as `loss_and_grad.ts` does (the same
 * strided partial sums and tree, so the sums are the same as the per-model ops').
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { type RowTile, rowTile, rowTileWgsl, weightsBinding } from "./_row_tile.ts";
import {
  byteAtWgsl,
  rowOfWgsl,
  softmaxRowWgsl,
  statsPartsWgsl,
  statsTreeWgsl,
  storageWgsl,
  unroll,
} from "./_wgsl.ts";

const ROWS_PARAMS = paramStruct({ offset: "u32", count: "u32", members: "u32", first: "u32" });
const REDUCE_PARAMS = paramStruct({ count: "u32" });

/** Sizes and variant of {@link evalRowsWgsl}. */
export interface EvalRowsOptions {
  readonly loss: LossKind;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly confusion: boolean;
  readonly workgroupSize: number;
  /** Bytes of weights a uniform binding may take (0: none). */
  readonly uniformBytes: number;
}

/**
 * The row tile of `o`. With `weights: "uniform"` one dispatch covers one
 * model, whose weights are bound as a uniform copy; otherwise one dispatch covers every model.
 */
export function evalRowsTile(o: EvalRowsOptions): RowTile {
  return rowTile(o.features, o.classes, o.uniformBytes);
}

/** Whether `classes` fit the fused group evaluation (one class block of the row tile, and a pair per row in `z`). */
export function evalRowsFits(classes: number): boolean {
  return classes >= 2 && rowTile(4, classes).blocks === 1;
}

function bindingsOf(o: EvalRowsOptions): { name: string; access: Access; type: string }[] {
  const tile = evalRowsTile(o);
  const list = [
    { name: "images", access: "read" as Access, type: "array<u32>" },
    { name: "labels", access: "read" as Access, type: "array<u32>" },
    { name: "w", ...weightsBinding(tile) },
    { name: "b", access: "read" as Access, type: "array<f32>" },
    { name: "out", access: "write" as Access, type: "array<f32>" },
  ];
  if (o.confusion) list.push({ name: "confusion", access: "write", type: "array<atomic<u32>>" });
  return list;
}

/** Workgroups of an `eval_rows` dispatch of `members` models over `count` rows. */
export function evalRowsWorkgroups(o: EvalRowsOptions, count: number, members: number): number {
  return Math.ceil(count / (evalRowsTile(o).rows * o.workgroupSize)) * members;
}

/** `fn finishRow(i, member, zl)`: row `i`'s loss and correctness for model `member` from its logits. */
function finishRowWgsl(o: EvalRowsOptions): string {
  const C = o.classes;
  const loss =
    o.loss === "cross-entropy"
      ? `var zy = 0.0;
  ${unroll(C, (c) => `if (y == ${c}u) { zy = z[${c}]; }`)}
  let rowLoss = log(sum) + (zmax - zy);`
      : `var sq = 0.0;
  ${unroll(C, (c) => `{ let d = p[${c}] - select(0.0, 1.0, y == ${c}u); sq += d * d; }`)}
  let rowLoss = sq / f32(C);`;
  return /* wgsl */ `fn finishRow(i: u32, member: u32, zl: array<f32, ${C}>) {
  let y = label(rowOf(i));
  ${softmaxRowWgsl(C, "member * C + ")}
  ${loss}
  let o = (member * params.count + i) * 2u;
  out[o] = rowLoss;
  out[o + 1u] = select(0.0, 1.0, arg == y);
  ${o.confusion ? "atomicAdd(&confusion[member * C * C + y * C + arg], 1u);" : ""}
}`;
}

function mainBodyWgsl(o: EvalRowsOptions, tile: RowTile): string {
  const C = o.classes;
  const logits = (r: number) =>
    `array<f32, ${C}>(${Array.from({ length: C }, (_v, c) => `a${r}_${c}`).join(", ")})`;
  return `${rowTileWgsl(o.features, C, tile, o.workgroupSize, { count: "params.members", first: "params.first" })}
  ${unroll(tile.rows, (r) => `if (i${r} < params.count) { finishRow(i${r}, member, ${logits(r)}); }`)}`;
}

/**
 * WGSL of the first dispatch: every model's loss and correctness per row (and confusion counts).
 * Dispatch {@link evalRowsWorkgroups} workgroups (2-D when needed). Params: `offset`, `count`,
 * `members` (models in this dispatch, their weights from `w`'s start), `first` (the group's index of
 * the first). Model `k`'s row `i` writes its loss to `out[2(k·n + i)]` and 1 or 0 to the next word.
 */
export function evalRowsWgsl(o: EvalRowsOptions): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const tile = evalRowsTile(o);
  const bindings = bindingsOf(o);
  const declared = bindings.map((b, i) => storageWgsl(i + 1, b.name, b.access, b.type)).join("\n");
  return /* wgsl */ `// eval_rows loss=${o.loss} F=${F} C=${C} ordered=${o.ordered} weights=${tile.weights} confusion=${o.confusion} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
${ROWS_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(bindings.length + 1, o)}
${byteAtWgsl("label", "labels")}
${byteAtWgsl("pixel", "images")}

${finishRowWgsl(o)}

@compute @workgroup_size(${WG})
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  ${mainBodyWgsl(o, tile)}
}
`;
}

/** The pipeline cache key of {@link evalRowsKernel}. */
export function evalRowsKey(o: EvalRowsOptions): string {
  return `eval_rows/${o.loss}/${o.features}/${o.classes}/${o.ordered}/${evalRowsTile(o).weights}/${o.confusion}/${o.workgroupSize}`;
}

/** Fills the first dispatch's parameter block: `members` models from model `first` on. */
export function writeEvalRowsParams(
  block: ParamBlock,
  rows: RowSelection,
  members: number,
  first: number,
): void {
  ROWS_PARAMS.write(block, { offset: rows.offset, count: rows.count, members, first });
}

/** The {@link Kernel} for {@link evalRowsWgsl}: storage bindings as listed, then `order` when ordered. */
export function evalRowsKernel(o: EvalRowsOptions): Kernel {
  const storage = bindingsOf(o).map((b) => b.access);
  if (o.ordered) storage.push("read");
  return { key: evalRowsKey(o), code: evalRowsWgsl(o), storage };
}

/**
 * WGSL of the second dispatch: workgroup `k` adds model `k`'s row pairs (from `out`) to `stats[2k]`
 * (loss) and `stats[2k+1]` (correct), with `loss_and_grad.ts`'s partial sums and tree. Dispatch one
 * workgroup per model. Params: `count`.
 */
export function evalReduceWgsl(workgroupSize: number): string {
  const WG = workgroupSize;
  return /* wgsl */ `// eval_reduce workgroup=${WG}
${REDUCE_PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
${storageWgsl(1, "out", "read", "array<f32>")}
${storageWgsl(2, "stats", "write", "array<f32>")}
${statsPartsWgsl(WG)}

@compute @workgroup_size(${WG})
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let member = wid.x + wid.y * groups.x;
  let base = member * params.count * 2u;
  var lossSum = 0.0;
  var correct = 0u;
  for (var i = lid; i < params.count; i += ${WG}u) {
    lossSum += out[base + 2u * i];
    correct += u32(out[base + 2u * i + 1u]);
  }
  ${statsTreeWgsl(WG, "2u * member", "2u * member + 1u")}
}
`;
}

/** The pipeline cache key of {@link evalReduceKernel}. */
export function evalReduceKey(workgroupSize: number): string {
  return `eval_reduce/${workgroupSize}`;
}

/** The {@link Kernel} for {@link evalReduceWgsl}. */
export function evalReduceKernel(workgroupSize: number): Kernel {
  return {
    key: evalReduceKey(workgroupSize),
    code: evalReduceWgsl(workgroupSize),
    storage: ["read", "write"],
  };
}

/** Fills the second dispatch's parameter block. */
export function writeEvalReduceParams(block: ParamBlock, rows: RowSelection): void {
  REDUCE_PARAMS.write(block, { count: rows.count });
}
