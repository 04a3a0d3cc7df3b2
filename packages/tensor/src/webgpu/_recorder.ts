/// <reference types="@webgpu/types" preserve="true" />
/**
 * Records dispatches without waiting on the device. Every dispatch gets its own parameter block in a
 * uniform "arena" (bound with a dynamic offset), filled on the host; a flush uploads the used part of
 * the arena with one `writeBuffer` and submits the command buffer. So hundreds of steps, each with
 * its own learning rate and step number, go to the GPU in one submit, and a bind group is built once
 * per set of buffers and reused with different offsets.
 *
 * Pipelines are cached per device (`WeakMap<GPUDevice, …>`) under their kernel's own key, shared by
 * every backend on that device: the one pipeline cache.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import { type Kernel, PARAM_BLOCK_BYTES, type ParamBlock } from "./_kernel.ts";
import { MAX_PROFILED_DISPATCHES, Profiler } from "./_profiler.ts";

/** A pipeline and its explicit bind group layout. */
export interface Compiled {
  readonly key: string;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
  /** Bytes of its parameter block. */
  readonly paramBytes: number;
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Compiled>>();

/** The compiled pipeline for a kernel key on a device, built from `make()` the first time (`make().key` must be `key`). */
export function compiledFor(device: GPUDevice, key: string, make: () => Kernel): Compiled {
  let perDevice = pipelineCache.get(device);
  if (perDevice === undefined) pipelineCache.set(device, (perDevice = new Map()));
  const hit = perDevice.get(key);
  if (hit !== undefined) return hit;
  const kernel = make();
  const paramBytes = kernel.paramBytes ?? PARAM_BLOCK_BYTES;
  const entries: GPUBindGroupLayoutEntry[] = [
    {
      binding: 0,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: paramBytes },
    },
    ...kernel.storage.map((access, i) => ({
      binding: i + 1,
      visibility: GPUShaderStage.COMPUTE,
      buffer: {
        type:
          access === "read"
            ? ("read-only-storage" as const)
            : access === "uniform"
              ? ("uniform" as const)
              : ("storage" as const),
      },
    })),
  ];
  const layout = device.createBindGroupLayout({ label: kernel.key, entries });
  const pipeline = device.createComputePipeline({
    label: kernel.key,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: {
      module: device.createShaderModule({ label: kernel.key, code: kernel.code }),
      entryPoint: "main",
    },
  });
  const compiled = { key, pipeline, layout, paramBytes };
  perDevice.set(key, compiled);
  return compiled;
}

/** Options of a {@link Recorder}. */
export interface RecorderOptions {
  /** Parameter blocks per submit; when they run out the recorder submits. */
  readonly paramSlots: number;
  /** A cap below the device's `maxComputeWorkgroupsPerDimension` (tests of the 2-D split). */
  readonly maxWorkgroupsPerDimension?: number;
  /** Time every dispatch with timestamp queries (the device must have `timestamp-query`). */
  readonly profile?: boolean;
}

/** Records dispatches and copies into one command encoder and submits them in batches. */
export class Recorder {
  readonly #device: GPUDevice;
  readonly #arena: GPUBuffer;
  readonly #stride: number;
  readonly #slots: number;
  readonly #host: ArrayBuffer;
  /** Views over the host copy of the arena, by 32-bit word. */
  readonly #u32: Uint32Array;
  readonly #f32: Float32Array;
  #used = 0;
  #encoder: GPUCommandEncoder | null = null;
  #pass: GPUComputePassEncoder | null = null;
  readonly #bindGroups = new Map<string, GPUBindGroup>();
  /** The bind group each pipeline used last, and its buffers: a training loop binds the same ones every step. */
  readonly #lastGroup = new Map<Compiled, { buffers: readonly GPUBuffer[]; group: GPUBindGroup }>();
  /** The dynamic offset of the next `setBindGroup`, reused so a dispatch allocates no array. */
  readonly #offset = new Uint32Array(1);
  readonly #ids = new WeakMap<GPUBuffer, number>();
  #nextId = 1;
  readonly #maxGroups: number;
  /** Number of `queue.submit` calls so far (for benchmarks and tests). */
  submits = 0;
  /** GPU time per kernel, when profiling. */
  readonly profiler: Profiler | null;

  constructor(device: GPUDevice, options: RecorderOptions) {
    this.#device = device;
    this.#stride = Math.max(PARAM_BLOCK_BYTES, device.limits.minUniformBufferOffsetAlignment);
    this.#slots = Math.max(1, Math.floor(options.paramSlots));
    this.#arena = device.createBuffer({
      label: "params arena",
      size: this.#stride * this.#slots,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.#host = new ArrayBuffer(this.#stride * this.#slots);
    this.#u32 = new Uint32Array(this.#host);
    this.#f32 = new Float32Array(this.#host);
    this.profiler = options.profile
      ? new Profiler(device, Math.min(this.#slots, MAX_PROFILED_DISPATCHES))
      : null;
    this.#maxGroups = Math.min(
      device.limits.maxComputeWorkgroupsPerDimension,
      options.maxWorkgroupsPerDimension ?? Number.POSITIVE_INFINITY,
    );
  }

  /**
   * Reserves the next parameter block (submitting first when the arena is full), for a kernel file's
   * writer to fill.
   * @param bytes the block's size: more than one slot's for a kernel with a larger `paramBytes`.
   * @returns the block.
   * @throws {RangeError} when the arena cannot hold a block of that size.
   */
  params(bytes = PARAM_BLOCK_BYTES): ParamBlock {
    const slots = Math.ceil(bytes / this.#stride);
    if (slots > this.#slots) {
      throw new RangeError(
        `Cannot reserve ${bytes} parameter bytes: the arena holds ${this.#slots * this.#stride}`,
      );
    }
    if (this.#used + slots > this.#slots || this.profiler?.full) this.flush();
    const word = (this.#used * this.#stride) / 4;
    this.#used += slots;
    return { u32: this.#u32, f32: this.#f32, word };
  }

  /**
   * Records a dispatch of `groups` workgroups using the parameter block `params` and `buffers`
   * for bindings 1…n; more groups than one dimension allows become a 2-D grid.
   * @throws {RangeError} when even a square grid cannot hold `groups`.
   */
  dispatch(compiled: Compiled, params: ParamBlock, buffers: readonly GPUBuffer[], groups: number): void {
    if (groups === 0) return;
    if (this.profiler !== null) {
      // params() submitted before this dispatch's block if the query pairs had run out.
      this.encoder(); // each profiled dispatch gets a pass of its own, timed from beginning to end
      this.#pass = this.#encoder!.beginComputePass(this.profiler.pass(compiled.key));
    }
    const pass = this.#computePass();
    pass.setPipeline(compiled.pipeline);
    this.#offset[0] = params.word * 4;
    pass.setBindGroup(0, this.#bindGroup(compiled, buffers), this.#offset, 0, 1);
    const max = this.#maxGroups;
    if (groups <= max) {
      pass.dispatchWorkgroups(groups);
    } else {
      const y = Math.ceil(groups / max);
      if (y > max) {
        throw new RangeError(
          `Cannot dispatch ${compiled.key}: ${groups} workgroups, expected at most ${max}×${max}`,
        );
      }
      pass.dispatchWorkgroups(max, y);
    }
  }

  /** The current command encoder, with any open compute pass ended (for copies and clears). */
  encoder(): GPUCommandEncoder {
    if (this.#pass !== null) {
      this.#pass.end();
      this.#pass = null;
    }
    this.#encoder ??= this.#device.createCommandEncoder();
    return this.#encoder;
  }

  /** Uploads the used parameter blocks and submits everything recorded so far. */
  flush(): void {
    if (this.#encoder === null) {
      this.#used = 0;
      return;
    }
    const encoder = this.encoder();
    this.#encoder = null;
    if (this.#used > 0)
      this.#device.queue.writeBuffer(this.#arena, 0, this.#host, 0, this.#used * this.#stride);
    this.#used = 0;
    const collect = this.profiler?.resolve(encoder) ?? null;
    this.#device.queue.submit([encoder.finish()]);
    this.submits++;
    collect?.();
  }

  /** Drops cached bind groups that use `buffer` (before it is destroyed). */
  forget(buffer: GPUBuffer): void {
    for (const [compiled, last] of this.#lastGroup) {
      if (last.buffers.includes(buffer)) this.#lastGroup.delete(compiled);
    }
    const id = this.#ids.get(buffer);
    if (id === undefined) return;
    for (const key of this.#bindGroups.keys()) {
      if (key.split("|")[1].split(",").includes(String(id))) this.#bindGroups.delete(key);
    }
  }

  destroy(): void {
    this.#pass = null;
    this.#encoder = null;
    this.#bindGroups.clear();
    this.#lastGroup.clear();
    this.#arena.destroy();
    this.profiler?.destroy();
  }

  #computePass(): GPUComputePassEncoder {
    if (this.#pass === null) this.#pass = this.encoder().beginComputePass();
    return this.#pass;
  }

  #id(buffer: GPUBuffer): number {
    let id = this.#ids.get(buffer);
    if (id === undefined) this.#ids.set(buffer, (id = this.#nextId++));
    return id;
  }

  #bindGroup(compiled: Compiled, buffers: readonly GPUBuffer[]): GPUBindGroup {
    const last = this.#lastGroup.get(compiled);
    if (last !== undefined && sameBuffers(last.buffers, buffers)) return last.group;
    const group = this.#cachedBindGroup(compiled, buffers);
    this.#lastGroup.set(compiled, { buffers, group });
    return group;
  }

  #cachedBindGroup(compiled: Compiled, buffers: readonly GPUBuffer[]): GPUBindGroup {
    let key = compiled.key + "|";
    for (let i = 0; i < buffers.length; i++) key += (i === 0 ? "" : ",") + this.#id(buffers[i]);
    let group = this.#bindGroups.get(key);
    if (group === undefined) {
      group = this.#device.createBindGroup({
        layout: compiled.layout,
        entries: [
          { binding: 0, resource: { buffer: this.#arena, size: compiled.paramBytes } },
          ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
        ],
      });
      this.#bindGroups.set(key, group);
    }
    return group;
  }
}

function sameBuffers(a: readonly GPUBuffer[], b: readonly GPUBuffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
