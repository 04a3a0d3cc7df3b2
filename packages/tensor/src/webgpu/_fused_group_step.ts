/// <reference types="@webgpu/types" preserve="true" />
/**
 * Records a fused training step of a group of models: `train_forward_group.ts` (its sparse variant
 * on a dataset with a sparse list) once for the whole
 * stack, then `train_update_group.ts` once per optimiser variant present (once for a group of one
 * optimiser). Pipelines are looked up per variant as in `_fused_step.ts`.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { GroupMember, GroupUpdate, RowSelection } from "../backend.ts";
import { groupParamBytes, writeGroupParams } from "./_group_params.ts";
import { compiledFor, type Recorder } from "./_recorder.ts";
import type { BatchBuffers } from "./_resources.ts";
import { trainForwardRows } from "./train_forward.ts";
import { trainForwardGroupKernel, trainForwardGroupKey } from "./train_forward_group.ts";
import { type FusedOptimizer, trainUpdateBindings } from "./train_update.ts";
import {
  trainUpdateGroupInvocations,
  trainUpdateGroupKernel,
  trainUpdateGroupKey,
} from "./train_update_group.ts";

/** The buffers of one fused group step: the batch's and the logit gradient `g`, then the state. */
export interface FusedGroupBuffers extends BatchBuffers {
  readonly g: GPUBuffer;
  /** Stacked optimiser state by slot, each as its weight and bias buffers. */
  readonly velocity: readonly [GPUBuffer, GPUBuffer] | null;
  readonly m: readonly [GPUBuffer, GPUBuffer] | null;
  readonly v: readonly [GPUBuffer, GPUBuffer] | null;
  /** The dataset's nonzero-pixel entries (`_sparse_images.ts`): the forward then reads them, not `images`. */
  readonly sparse: GPUBuffer | null;
}

/** The fused update variant of a member's update. */
export function groupOptimizer(update: GroupUpdate): FusedOptimizer {
  if (update.kind === "adam") return "adam";
  return update.params.momentum !== 0 ? "sgd-momentum" : "sgd";
}

/** The fused group step of one backend. */
export class FusedGroupStep {
  readonly #device: GPUDevice;
  readonly #recorder: Recorder;
  readonly #wg: number;

  constructor(device: GPUDevice, recorder: Recorder, workgroupSize: number) {
    this.#device = device;
    this.#recorder = recorder;
    this.#wg = workgroupSize;
  }

  /** Whether every variant's storage buffers and the parameter block of `models` models fit the device. */
  fits(members: readonly GroupMember[], ordered: boolean): boolean {
    const limits = this.#device.limits;
    if (groupParamBytes(members.length) > limits.maxUniformBufferBindingSize) return false;
    return members.every(
      (m) => trainUpdateBindings(groupOptimizer(m.update), ordered) <= limits.maxStorageBuffersPerShaderStage,
    );
  }

  /** Records the forward dispatch and one update dispatch per optimiser variant of the members. */
  record(
    members: readonly GroupMember[],
    rows: RowSelection,
    features: number,
    classes: number,
    buffers: FusedGroupBuffers,
  ): void {
    const { images, labels, order, w, b, z, g, stats, sparse } = buffers;
    const [n, K, F, C, wg] = [rows.count, members.length, features, classes, this.#wg];
    const ordered = order !== null;
    const sizes = { features: F, classes: C, models: K, ordered, workgroupSize: wg };
    const forwardSizes = { ...sizes, sparse: sparse !== null };
    const forward = compiledFor(this.#device, trainForwardGroupKey(forwardSizes), () =>
      trainForwardGroupKernel(forwardSizes),
    );
    // Workgroups per model of the dense kernel; the sparse one takes a row per invocation.
    const perModel = Math.ceil(n / trainForwardRows(C, wg));
    const listed = members.map((m, k) => [k, m] as const);
    const forwardParams = this.#recorder.params(groupParamBytes(K));
    writeGroupParams(forwardParams, rows, C, perModel, listed);
    const forwardBuffers = [sparse ?? images, labels, w, b, g, z];
    if (order !== null) forwardBuffers.push(order);
    const forwardGroups = sparse === null ? perModel * K : Math.ceil((n * K) / wg);
    this.#recorder.dispatch(forward, forwardParams, forwardBuffers, forwardGroups);
    const invocations = trainUpdateGroupInvocations(F);
    for (const optimizer of ["sgd", "sgd-momentum", "adam"] as const) {
      const list = listed.filter(([, m]) => groupOptimizer(m.update) === optimizer);
      if (list.length === 0) continue;
      const o = { ...sizes, optimizer };
      const update = compiledFor(this.#device, trainUpdateGroupKey(o), () => trainUpdateGroupKernel(o));
      const params = this.#recorder.params(groupParamBytes(K));
      writeGroupParams(params, rows, C, invocations, list);
      const slots =
        optimizer === "adam" ? [buffers.m, buffers.v] : optimizer === "sgd" ? [] : [buffers.velocity];
      const state = slots as ReadonlyArray<readonly [GPUBuffer, GPUBuffer]>;
      const updateBuffers = [images, g, z, stats, w, b, ...state.map((s) => s[0]), ...state.map((s) => s[1])];
      if (order !== null) updateBuffers.push(order);
      this.#recorder.dispatch(update, params, updateBuffers, Math.ceil((list.length * invocations) / wg));
    }
  }
}
