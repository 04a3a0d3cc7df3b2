/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend's training steps: `trainStep` and `trainStepGroup` as the fused kernels
 * (`_fused_step.ts`, `_fused_group_step.ts`) where they apply, else composed of the separate ops.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type {
  AdapterReport,
  DeviceDataset,
  GroupMember,
  GroupStepTensors,
  LossKind,
  ModelTensors,
  RowSelection,
  StepUpdate,
  Tensor,
  TrainStepTensors,
} from "../backend.ts";
import { checkGroupStep, composedTrainStep, composedTrainStepGroup } from "../train_step.ts";
import { type BackendContext, IMAGES_AND_LABELS, workgroupSizeFor } from "./_backend_context.ts";
import { FusedGroupStep } from "./_fused_group_step.ts";
import { FusedStep, MAX_FUSED_CLASSES } from "./_fused_step.ts";

/**
 * Invocations per workgroup of the fused step's two kernels on `adapter`. A tutorial step has only
 * ~100 rows (one invocation each) and ~200 weight cells. Lavapipe runs a workgroup on one of its
 * threads: in workgroups of 16 it spreads a step evenly over them, where two of 64 split 64/36 (a
 * tutorial epoch ~0.5 s instead of ~0.7 s at load average ≈ 2.5). SwiftShader in Chromium pays per
 * workgroup instead (the dashboard's epoch 2.2 s with 16 against 1.7 s with 64), as a real GPU would
 * for such small groups, so everything else keeps 64.
 */
function fusedStepWorkgroup(adapter: AdapterReport): number {
  return /llvmpipe/i.test(adapter.description) ? 16 : 64;
}

/** The training steps of one backend; `fused: false` always composes them of the separate ops. */
export class TrainingSteps {
  readonly #cx: BackendContext;
  readonly #fused: boolean;
  readonly #fusedStep: FusedStep;
  readonly #groupStep: FusedGroupStep;

  constructor(cx: BackendContext, adapter: AdapterReport, fused: boolean) {
    this.#cx = cx;
    this.#fused = fused;
    this.#fusedStep = new FusedStep(
      cx.device,
      cx.recorder,
      workgroupSizeFor(cx.device, fusedStepWorkgroup(adapter)),
    );
    this.#groupStep = new FusedGroupStep(cx.device, cx.recorder, cx.wg);
  }

  trainStep(
    kind: LossKind,
    ds: DeviceDataset,
    rows: RowSelection,
    t: TrainStepTensors,
    stats: Tensor<"f32">,
    update: StepUpdate,
  ): void {
    const cx = this.#cx;
    const action = "take training step";
    const data = cx.begin(action, ds);
    const C = data.classes;
    const n = rows.count;
    // With a permutation, Adam's update binds 11 storage buffers; where the device allows fewer
    // (Chromium's SwiftShader offers 10), the update binds no permutation: the sparse forward hands it
    // the batch's rows after the rows' (loss, correct) pairs in \`z\` (room for them needs C ≥ 3), or
    // else the batch's images are gathered first (three dispatches). Same numbers either way.
    const unorderedUpdate =
      !data.split &&
      rows.order !== null &&
      !this.#fusedStep.fits(update, true) &&
      this.#fusedStep.fits(update, false);
    const forwardRows = unorderedUpdate && data.sparse !== null && C >= 3;
    const gatherForUpdate = unorderedUpdate && !forwardRows;
    // The fused kernels keep a row's logits in registers and workgroup memory and each row's loss
    // and correctness in `z` (2n ≤ n·C when C ≥ 2); everything else takes the separate kernels.
    if (
      !this.#fused ||
      n === 0 ||
      C < 2 ||
      C > MAX_FUSED_CLASSES ||
      t.b.length !== C ||
      t.z === t.g ||
      !this.#fusedStep.fits(update, rows.order !== null && !data.split && !unorderedUpdate)
    ) {
      composedTrainStep(cx.owner, kind, ds, rows, t, stats, update);
      return;
    }
    const F = data.features;
    cx.expectLength(t.w, F * C, "w", action);
    cx.expectAtLeast(t.z, n * C, "z", action);
    cx.expectAtLeast(t.g, n * C, "g", action);
    cx.expectAtLeast(stats, 2, "stats", action);
    cx.checkRows(data, rows, action);
    const bound = cx.bind(data, rows, IMAGES_AND_LABELS, action);
    this.#fusedStep.record(kind, update, bound.rows, F, C, {
      ...cx.batchBuffers(bound, t, stats, action, t.g),
      state: this.#stateBuffers(update, F * C, C, action),
      sparse: data.sparse,
      forwardRows,
      gathered: gatherForUpdate
        ? cx.gather.gather("images", data.images!, F, rows, bound.order, action)
        : null,
    });
  }

  trainStepGroup(
    ds: DeviceDataset,
    rows: RowSelection,
    t: GroupStepTensors,
    stats: Tensor<"f32">,
    members: readonly GroupMember[],
  ): void {
    const cx = this.#cx;
    const action = "take group training step";
    const data = cx.begin(action, ds);
    const { C } = checkGroupStep(ds, rows, t, stats, members);
    if (
      this.#fused &&
      rows.count > 0 &&
      C >= 2 &&
      C <= MAX_FUSED_CLASSES &&
      t.z !== t.g &&
      // A split dataset's batch is gathered first, so the kernels then bind no permutation.
      this.#groupStep.fits(members, rows.order !== null && !data.split)
    ) {
      cx.checkRows(data, rows, action);
      const bound = cx.bind(data, rows, IMAGES_AND_LABELS, action);
      const pair = (m: ModelTensors | null) =>
        m === null ? null : ([cx.buffer(m.w, action), cx.buffer(m.b, action)] as const);
      this.#groupStep.record(members, bound.rows, data.features, C, {
        ...cx.batchBuffers(bound, t, stats, action, t.g),
        velocity: pair(t.velocity),
        m: pair(t.m),
        v: pair(t.v),
        sparse: data.sparse,
      });
      return;
    }
    // Elsewhere each member's step on copies of its parts of the stacked tensors, copied back in order.
    composedTrainStepGroup(cx.owner, ds, rows, t, stats, members, cx.copiedParts(action));
  }

  /** The optimiser state of a fused step in binding order: each slot's weight buffers, then its bias buffers. */
  #stateBuffers(update: StepUpdate, weights: number, classes: number, action: string): GPUBuffer[] {
    const cx = this.#cx;
    let slots: ModelTensors[];
    if (update.kind === "adam") slots = [update.m, update.v];
    else if (update.params.momentum === 0) slots = [];
    else if (update.velocity === null)
      throw new TypeError("Cannot take training step: SGD momentum needs a velocity");
    else slots = [update.velocity];
    for (const slot of slots) {
      cx.expectAtLeast(slot.w, weights, "optimizer state (weight)", action);
      cx.expectAtLeast(slot.b, classes, "optimizer state (bias)", action);
    }
    return [...slots.map((s) => cx.buffer(s.w, action)), ...slots.map((s) => cx.buffer(s.b, action))];
  }
}
