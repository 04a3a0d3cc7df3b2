/// <reference types="@webgpu/types" preserve="true" />
/**
 * Records a fused training step: `train_forward.ts` (`train_forward_sparse.ts` on a dataset with a
 * sparse list) then `train_update.ts`, two dispatches. What a
 * step costs the host is what a training loop repeats hundreds of times per submit, so the step's
 * pipelines are looked up once per variant (no key strings per step) and the recorder reuses the
 * bind groups of the previous step when the buffers are the same.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { LossKind, RowSelection, StepUpdate } from "../backend.ts";
import { type Compiled, compiledFor, type Recorder } from "./_recorder.ts";
import type { BatchBuffers } from "./_resources.ts";
import {
  MAX_FUSED_CLASSES,
  trainForwardKernel,
  trainForwardKey,
  trainForwardRows,
  writeTrainForwardParams,
} from "./train_forward.ts";
import { trainForwardSparseKernel, trainForwardSparseKey } from "./train_forward_sparse.ts";
import {
  type FusedOptimizer,
  fusedOptimizer,
  trainUpdateBindings,
  trainUpdateInvocations,
  trainUpdateKernel,
  trainUpdateKey,
  writeTrainUpdateParams,
} from "./train_update.ts";

export { MAX_FUSED_CLASSES };

/** The buffers of one fused step: the batch's and the logit gradient `g`, then the state. */
export interface FusedStepBuffers extends BatchBuffers {
  readonly g: GPUBuffer;
  /** The optimiser state in `train_update.ts`'s binding order (each slot's weight, then bias). */
  readonly state: readonly GPUBuffer[];
  /**
   * The batch's images gathered in row order (`_dataset_parts.ts`) for an update that cannot bind
   * `order` as well (Adam on a device of 10 storage buffers), or `null`: the update reads `images`.
   */
  readonly gathered: GPUBuffer | null;
  /** The dataset's nonzero-pixel entries (`_sparse_images.ts`): the forward half then reads them, not `images`. */
  readonly sparse: GPUBuffer | null;
  /**
   * The sparse forward writes each batch row's dataset row after the (loss, correct) pairs in `z`
   * (needs `z` of at least 3n) and the update reads them there, so that it binds no permutation.
   */
  readonly forwardRows: boolean;
}

/** The pipelines of one fused step variant and its dispatch sizes. */
interface Variant {
  readonly loss: LossKind;
  readonly optimizer: FusedOptimizer;
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly updateOrdered: boolean;
  readonly sparse: boolean;
  readonly forwardRows: boolean;
  readonly forward: Compiled;
  readonly update: Compiled;
  readonly rowsPerGroup: number;
  readonly updateGroups: number;
}

/** The fused step of one backend. */
export class FusedStep {
  readonly #device: GPUDevice;
  readonly #recorder: Recorder;
  readonly #wg: number;
  #last: Variant | null = null;

  constructor(device: GPUDevice, recorder: Recorder, workgroupSize: number) {
    this.#device = device;
    this.#recorder = recorder;
    this.#wg = workgroupSize;
  }

  /** Whether the update kernel's storage buffers fit the device (Adam needs up to 11; `ordered`: with a permutation). */
  fits(update: StepUpdate, ordered: boolean): boolean {
    const needed = trainUpdateBindings(fusedOptimizer(update), ordered);
    return needed <= this.#device.limits.maxStorageBuffersPerShaderStage;
  }

  /** Records the two dispatches of a step of `rows.count` rows of a `features`-pixel, `classes`-class dataset. */
  record(
    loss: LossKind,
    update: StepUpdate,
    rows: RowSelection,
    features: number,
    classes: number,
    buffers: FusedStepBuffers,
  ): void {
    const { images, labels, order, w, b, z, g, stats, state, gathered, sparse, forwardRows } = buffers;
    const n = rows.count;
    const updateOrdered = order !== null && gathered === null && !forwardRows;
    const v = this.#variant(
      loss,
      fusedOptimizer(update),
      features,
      classes,
      order !== null,
      updateOrdered,
      sparse !== null,
      forwardRows,
    );
    const forwardParams = this.#recorder.params();
    writeTrainForwardParams(forwardParams, rows, classes);
    const forwardBuffers = [sparse ?? images, labels, w, b, g, z];
    if (order !== null) forwardBuffers.push(order);
    this.#recorder.dispatch(v.forward, forwardParams, forwardBuffers, Math.ceil(n / v.rowsPerGroup));
    const updateParams = this.#recorder.params();
    const updateRows = gathered === null && !forwardRows ? rows : { order: null, offset: 0, count: n };
    writeTrainUpdateParams(updateParams, updateRows, n, update);
    const updateBuffers = [gathered ?? images, g, z, stats, w, b, ...state];
    if (updateOrdered) updateBuffers.push(order!);
    this.#recorder.dispatch(v.update, updateParams, updateBuffers, v.updateGroups);
  }

  #variant(
    loss: LossKind,
    optimizer: FusedOptimizer,
    features: number,
    classes: number,
    ordered: boolean,
    updateOrdered: boolean,
    sparse: boolean,
    forwardRows: boolean,
  ): Variant {
    const last = this.#last;
    if (
      last !== null &&
      last.loss === loss &&
      last.optimizer === optimizer &&
      last.features === features &&
      last.classes === classes &&
      last.ordered === ordered &&
      last.updateOrdered === updateOrdered &&
      last.sparse === sparse &&
      last.forwardRows === forwardRows
    ) {
      return last;
    }
    const wg = this.#wg;
    const fo = { loss, features, classes, ordered, workgroupSize: wg };
    const so = { loss, classes, ordered, workgroupSize: wg, forwardRows };
    const uo = { optimizer, features, classes, ordered: updateOrdered, workgroupSize: wg, forwardRows };
    this.#last = {
      loss,
      optimizer,
      features,
      classes,
      ordered,
      updateOrdered,
      sparse,
      forwardRows,
      forward: sparse
        ? compiledFor(this.#device, trainForwardSparseKey(so), () => trainForwardSparseKernel(so))
        : compiledFor(this.#device, trainForwardKey(fo), () => trainForwardKernel(fo)),
      update: compiledFor(this.#device, trainUpdateKey(uo), () => trainUpdateKernel(uo)),
      rowsPerGroup: sparse ? wg : trainForwardRows(classes, wg),
      updateGroups: Math.ceil(trainUpdateInvocations(features, classes) / wg),
    };
    return this.#last;
  }
}
