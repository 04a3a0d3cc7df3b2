/**
 * Kernel: `train_forward.ts` for a dataset held as nonzero-pixel entries (`_sparse_images.ts`). One
 * invocation per batch row sums all C logits in registers over the row's entries only (~150 of 784
 * pixels on MNIST), then finishes the row (softmax, loss, correctness, logit gradient) itself: no
 * workgroup memory and no barrier, which on the CPU adapters (lavapipe, SwiftShader) is what a
 * barrier costs most. The entries of a row come in feature order, so each logit is the same sum, in
 * the same order, as the dense kernel's (which adds nothing for a zero pixel).
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { LossKind } from "../backend.ts";
import type { Kernel } from "./_kernel.ts";
import { ROW_ENTRIES_WGSL } from "./_sparse_images.ts";
import { byteAtWgsl, flatIndexWgsl, type RowOptions, rowOfWgsl, storageWgsl, unroll } from "./_wgsl.ts";
import { FORWARD_BINDINGS, FORWARD_PARAMS, finishRowBody } from "./train_forward.ts";

/** Sizes and variant of {@link trainForwardSparseWgsl}. */
export interface TrainForwardSparseOptions {
  readonly loss: LossKind;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
  /** Also write batch row \`i\`'s dataset row to \`partials[2n + i]\` (its bits), for the update. */
  readonly forwardRows?: boolean;
}

/**
 * `acc += x · w[k…k+C)`. With an even C a feature's weights start at an even word, so they are read
 * as pairs (`w` declared `array<vec2f>`): on the CPU adapters every load costs about the same
 * whatever its width, and halving them cut the kernel's time by about a tenth on lavapipe.
 */
function weightSums(C: number): string {
  if (C % 2 !== 0) return unroll(C, (c) => `acc[${c}] += x * w[k + ${c}u];`);
  return unroll(
    C / 2,
    (q) => `let w${q}_ = w[(k >> 1u) + ${q}u];
    acc[${2 * q}] += x * w${q}_.x;
    acc[${2 * q + 1}] += x * w${q}_.y;`,
  );
}

/** The weights' WGSL type: pairs for an even class count ({@link weightSums}). */
export function sparseWeightType(C: number): string {
  return C % 2 === 0 ? "array<vec2f>" : "array<f32>";
}

/**
 * The declarations after the parameter struct of a sparse forward kernel: `params`,
 * `train_forward.ts`'s storage bindings with the sparse list in place of the images (and pairs of
 * weights for an even C), `rowOf`, `label`, `rowEntries` and `flatIndex`.
 */
export function sparseForwardBindingsWgsl(C: number, rows: RowOptions, workgroupSize: number): string {
  const declared = FORWARD_BINDINGS.map((b, i) =>
    storageWgsl(
      i + 1,
      b.name === "images" ? "sparse" : b.name,
      b.access,
      b.name === "w" ? sparseWeightType(C) : b.type,
    ),
  ).join("\n");
  return `@group(0) @binding(0) var<uniform> params: Params;
${declared}
${rowOfWgsl(FORWARD_BINDINGS.length + 1, rows)}
${byteAtWgsl("label", "labels")}
${ROW_ENTRIES_WGSL}
${flatIndexWgsl(workgroupSize)}`;
}

/**
 * The logits of dataset row `row` of the model whose weights start at word `wbase`, into `acc`
 * (an `array<f32, C>` declared here). Indented for a function body.
 */
export function sparseLogitsWgsl(C: number, wbase: string): string {
  return `var acc: array<f32, ${C}>;
  let span = rowEntries(row);
  for (var e = span.x; e < span.y; e++) {
    let entry = sparse[e];
    let x = f32(entry & 0xffu) / 255.0;
    let k = ${wbase} + (entry >> 8u) * C;
    ${weightSums(C)}
  }`;
}

/**
 * WGSL for the first dispatch of a fused training step on a sparse dataset. Dispatch
 * `ceil(n / workgroupSize)` workgroups (2-D when needed); bindings and params as
 * `train_forward.ts`'s, with the sparse list in place of the images.
 * @param o loss, classes C (at most `MAX_FUSED_CLASSES`), row selection, workgroup size.
 * @returns the WGSL source.
 */
export function trainForwardSparseWgsl(o: TrainForwardSparseOptions): string {
  const { classes: C, workgroupSize: WG } = o;
  return /* wgsl */ `// train_forward_sparse loss=${o.loss} C=${C} ordered=${o.ordered} workgroup=${WG}${o.forwardRows ? " forwardRows" : ""}
const C = ${C}u;
${FORWARD_PARAMS.wgsl}
${sparseForwardBindingsWgsl(C, o, WG)}

/** Batch row \`i\`: softmax, loss, correctness and gradient from its logits \`zl\`. */
fn finishRow(i: u32, logits: array<f32, ${C}>) {
  ${finishRowBody(o.loss, C, "logits")}
}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.count) { return; }
  let row = rowOf(i);
  ${sparseLogitsWgsl(C, "0u")}
  finishRow(i, acc);${o.forwardRows ? "\n  partials[2u * params.count + i] = bitcast<f32>(row);" : ""}
}
`;
}

/** The pipeline cache key of {@link trainForwardSparseKernel}. */
export function trainForwardSparseKey(o: TrainForwardSparseOptions): string {
  return `train_forward_sparse/${o.loss}/${o.classes}/${o.ordered}/${o.workgroupSize}${o.forwardRows ? "/rows" : ""}`;
}

/** The {@link Kernel} for {@link trainForwardSparseWgsl} (parameters: `writeTrainForwardParams`). */
export function trainForwardSparseKernel(o: TrainForwardSparseOptions): Kernel {
  const storage = FORWARD_BINDINGS.map((b) => b.access);
  if (o.ordered) storage.push("read");
  return { key: trainForwardSparseKey(o), code: trainForwardSparseWgsl(o), storage };
}
