/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend's `evaluateGroup`: the group's own kernels (`_group_eval.ts`) where the models
 * share one loss and their classes fit the row tile, else each model's separate ops.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { DeviceDataset, GroupEvalTensors, LossKind, RowSelection, Tensor } from "../backend.ts";
import { checkEvaluateGroup, composedEvaluateGroup } from "../evaluate_group.ts";
import { type BackendContext, IMAGES_AND_LABELS } from "./_backend_context.ts";
import { GroupEvaluation } from "./_group_eval.ts";
import { evalRowsFits } from "./evaluate_group.ts";

/** Group evaluation of one backend; `fused: false` always composes it of the separate ops. */
export class GroupEvaluator {
  readonly #cx: BackendContext;
  readonly #fused: boolean;
  readonly #groupEval: GroupEvaluation;

  constructor(cx: BackendContext, fused: boolean) {
    this.#cx = cx;
    this.#fused = fused;
    this.#groupEval = new GroupEvaluation(cx.device, cx.recorder, cx.uniforms, cx.wg, cx.wgLoss);
  }

  evaluateGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupEvalTensors,
    losses: readonly LossKind[],
    stats: Tensor<"f32">,
    confusion: Tensor<"u32"> | null,
  ): void {
    const cx = this.#cx;
    const action = "evaluate a group";
    const data = cx.begin(action, ds);
    const { K, C } = checkEvaluateGroup(ds, rows, t, losses, stats, confusion);
    const loss = losses[0];
    if (!this.#fused || !evalRowsFits(C) || losses.some((l) => l !== loss)) {
      // Each model's forward pass and loss on copies of its parts, copied back in order.
      composedEvaluateGroup(cx.owner, ds, rows, t, losses, stats, confusion, cx.copiedParts(action));
      return;
    }
    cx.checkRows(data, rows, action);
    if (rows.count === 0) return;
    const bound = cx.bind(data, rows, IMAGES_AND_LABELS, action);
    const shape = { loss, features: data.features, classes: C, members: K };
    this.#groupEval.record(shape, bound.rows, {
      ...cx.batchBuffers(bound, t, stats, action),
      confusion: confusion === null ? null : cx.buffer(confusion, action),
    });
  }
}
