/// <reference types="@webgpu/types" preserve="true" />
/**
 * Records what the row-tile kernels need beyond a dispatch: the uniform copy of a model's weights
 * (`UniformWeights`, shared with `linearForward`) and a group evaluation's dispatches
 * (`evaluate_group.ts`: one `eval_rows` per model on its uniform copy, or one for every model on the
 * stacked weights, then one `eval_reduce`).
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { LossKind, RowSelection } from "../backend.ts";
import type { Kernel } from "./_kernel.ts";
import { type Compiled, compiledFor, type Recorder } from "./_recorder.ts";
import { type BatchBuffers, BufferPool } from "./_resources.ts";
import {
  evalReduceKernel,
  evalReduceKey,
  evalRowsKernel,
  evalRowsKey,
  evalRowsTile,
  evalRowsWorkgroups,
  writeEvalReduceParams,
  writeEvalRowsParams,
} from "./evaluate_group.ts";

/** Uniform buffers holding copies of weights, taken for one dispatch and given back after it. */
export class UniformWeights {
  readonly #recorder: Recorder;
  readonly #pool: BufferPool;

  constructor(device: GPUDevice, recorder: Recorder) {
    this.#recorder = recorder;
    this.#pool = new BufferPool(device, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  }

  /** A uniform buffer holding `count` words copied from word `at` of `w` (the copy recorded in order). */
  take(w: GPUBuffer, at: number, count: number): GPUBuffer {
    const copy = this.#pool.take(count * 4, `uniform weights ${count}`);
    this.#recorder.encoder().copyBufferToBuffer(w, at * 4, copy, 0, count * 4);
    return copy;
  }

  /** Gives `copy` back once its dispatch is recorded: work recorded later runs after that dispatch. */
  give(copy: GPUBuffer): void {
    this.#pool.give(copy);
  }

  destroy(): void {
    this.#pool.destroy();
  }
}

/** The buffers of a group evaluation: the batch's, and the confusion counts when wanted. */
export interface GroupEvalBuffers extends BatchBuffers {
  readonly confusion: GPUBuffer | null;
}

/** What a group evaluation is: the models' one loss, the sizes, and how many models. */
export interface GroupEvalShape {
  readonly loss: LossKind;
  readonly features: number;
  readonly classes: number;
  readonly members: number;
}

/** Records `evaluateGroup` on WebGPU (`evaluate_group.ts`). */
export class GroupEvaluation {
  readonly #device: GPUDevice;
  readonly #recorder: Recorder;
  readonly #uniforms: UniformWeights;
  readonly #wg: number;
  readonly #wgReduce: number;

  constructor(
    device: GPUDevice,
    recorder: Recorder,
    uniforms: UniformWeights,
    workgroupSize: number,
    reduceWorkgroupSize: number,
  ) {
    this.#device = device;
    this.#recorder = recorder;
    this.#uniforms = uniforms;
    this.#wg = workgroupSize;
    this.#wgReduce = reduceWorkgroupSize;
  }

  /** Records the evaluation of `rows` (in the bound buffers' terms, at least one row). */
  record(shape: GroupEvalShape, rows: RowSelection, buffers: GroupEvalBuffers): void {
    const { features: F, classes: C, members: K } = shape;
    const o = {
      loss: shape.loss,
      features: F,
      classes: C,
      ordered: buffers.order !== null,
      confusion: buffers.confusion !== null,
      workgroupSize: this.#wg,
      uniformBytes: this.#device.limits.maxUniformBufferBindingSize,
    };
    const kernel = this.#compiled(evalRowsKey(o), () => evalRowsKernel(o));
    // Uniform weights are one model's: a dispatch per model, each on its uniform copy.
    const perModel = evalRowsTile(o).weights === "uniform";
    const members = perModel ? 1 : K;
    for (let first = 0; first < K; first += members) {
      const w = perModel ? this.#uniforms.take(buffers.w, first * F * C, F * C) : buffers.w;
      const params = this.#recorder.params();
      writeEvalRowsParams(params, rows, members, first);
      const bound = [buffers.images, buffers.labels, w, buffers.b, buffers.z];
      if (buffers.confusion !== null) bound.push(buffers.confusion);
      if (buffers.order !== null) bound.push(buffers.order);
      this.#recorder.dispatch(kernel, params, bound, evalRowsWorkgroups(o, rows.count, members));
      if (perModel) this.#uniforms.give(w);
    }
    const reduce = this.#compiled(evalReduceKey(this.#wgReduce), () => evalReduceKernel(this.#wgReduce));
    const params = this.#recorder.params();
    writeEvalReduceParams(params, rows);
    this.#recorder.dispatch(reduce, params, [buffers.z, buffers.stats], K);
  }

  #compiled(key: string, make: () => Kernel): Compiled {
    return compiledFor(this.#device, key, make);
  }
}
