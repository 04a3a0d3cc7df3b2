/// <reference types="@webgpu/types" preserve="true" />
/**
 * Device memory: tensors and datasets backed by `GPUBuffer`s, and a pool that hands released buffers
 * of the same size back out instead of allocating.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { DeviceDataset, DType, Tensor } from "../backend.ts";
import type { ByteParts } from "./_dataset_parts.ts";

/** Usage of every tensor buffer: bound as storage, written by the queue, read back by copies. */
export function tensorUsage(): number {
  // A function, not a constant: `GPUBufferUsage` does not exist where WebGPU does not, and importing
  // this module must not fail there (createBackend falls back to the CPU).
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}

/**
 * What the fused batch kernels (training step, group evaluation) bind, already checked (and, for a
 * split dataset, gathered) by the backend.
 */
export interface BatchBuffers {
  readonly images: GPUBuffer;
  readonly labels: GPUBuffer;
  /** The batch's permutation of the dataset rows, or `null` for rows in storage order. */
  readonly order: GPUBuffer | null;
  readonly w: GPUBuffer;
  readonly b: GPUBuffer;
  /** Scratch: each row's (loss, correct) pair. */
  readonly z: GPUBuffer;
  readonly stats: GPUBuffer;
}

/** A tensor in a `GPUBuffer`; `buffer` is `null` once released. */
export class GpuTensor<D extends DType = DType> implements Tensor<D> {
  constructor(
    readonly dtype: D,
    readonly length: number,
    public buffer: GPUBuffer | null,
    /** The backend that made it; another backend's tensor is a TypeError even on the same device. */
    readonly owner: object,
  ) {}
}

/**
 * A dataset on the device: pixels and labels as bytes packed four to a `u32`, each in one buffer or,
 * beyond one storage binding, in parts (`_dataset_parts.ts`); both `null` once released. An unsplit
 * dataset also holds its images as a sparse list of nonzero pixels for the training step.
 */
export class GpuDataset implements DeviceDataset {
  constructor(
    readonly count: number,
    readonly features: number,
    readonly classes: number,
    public images: ByteParts | null,
    public labels: ByteParts | null,
    readonly owner: object,
    /**
     * The images as nonzero-pixel entries (`_sparse_images.ts`) when they fit one binding and the
     * dataset is not split, else `null` (also once released).
     */
    public sparse: GPUBuffer | null = null,
  ) {}

  /** Whether the images or the labels are in more than one buffer (ops then gather their batch). */
  get split(): boolean {
    return (this.images?.buffers.length ?? 1) > 1 || (this.labels?.buffers.length ?? 1) > 1;
  }
}

/** Byte size of a buffer holding `bytes` bytes: a multiple of 4, at least 4. */
export function paddedSize(bytes: number): number {
  return Math.max(4, Math.ceil(bytes / 4) * 4);
}

/** Buffers by size, reused after release; destroys everything it ever made on {@link destroy}. */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #usage: number;
  readonly #free = new Map<number, GPUBuffer[]>();
  readonly #all = new Set<GPUBuffer>();

  constructor(device: GPUDevice, usage: number) {
    this.#device = device;
    this.#usage = usage;
  }

  /** A buffer of exactly `size` bytes (contents unspecified). */
  take(size: number, label: string): GPUBuffer {
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) return reused;
    const buffer = this.#device.createBuffer({ label, size, usage: this.#usage });
    this.#all.add(buffer);
    return buffer;
  }

  /** Returns a buffer for reuse. */
  give(buffer: GPUBuffer): void {
    let list = this.#free.get(buffer.size);
    if (list === undefined) this.#free.set(buffer.size, (list = []));
    list.push(buffer);
  }

  /** Destroys one buffer outright (large, one-off buffers such as datasets). */
  drop(buffer: GPUBuffer): void {
    this.#all.delete(buffer);
    buffer.destroy();
  }

  destroy(): void {
    for (const buffer of this.#all) buffer.destroy();
    this.#all.clear();
    this.#free.clear();
  }
}

/**
 * Writes bytes into a buffer as the kernels read them: four to a little-endian `u32` word, the last
 * word zero-padded. WebGPU buffers are little-endian whatever the host is, so no repacking is needed.
 */
export function writeBytes(queue: GPUQueue, buffer: GPUBuffer, bytes: Uint8Array): void {
  const whole = bytes.length & ~3;
  if (whole > 0) queue.writeBuffer(buffer, 0, bytes as Uint8Array<ArrayBuffer>, 0, whole);
  if (whole < bytes.length) {
    const tail = new Uint8Array(4);
    tail.set(bytes.subarray(whole));
    queue.writeBuffer(buffer, whole, tail);
  }
}
