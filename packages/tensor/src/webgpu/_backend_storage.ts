/// <reference types="@webgpu/types" preserve="true" />
/**
 * The WebGPU backend's memory: tensors allocated, written and read back (the one call that waits for
 * the device), and datasets uploaded whole, split across buffers (`_dataset_parts.ts`) or also as
 * their nonzero-pixel list (`_sparse_images.ts`).
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import { checkDatasetUpload } from "../_check_dataset.ts";
import type { DeviceDataset, DType, HostArray, Tensor } from "../backend.ts";
import type { BackendContext } from "./_backend_context.ts";
import { uploadParts } from "./_dataset_parts.ts";
import { oneLine } from "./_device.ts";
import { BufferPool, GpuDataset, GpuTensor, paddedSize } from "./_resources.ts";
import { uploadSparseImages } from "./_sparse_images.ts";

/** Allocation, transfers and datasets of one backend. */
export class BackendStorage {
  readonly #cx: BackendContext;
  readonly #staging: BufferPool;

  constructor(
    cx: BackendContext,
    /** The most bytes of a dataset's images or labels one buffer holds. */
    readonly datasetPartBytes: number,
  ) {
    this.#cx = cx;
    this.#staging = new BufferPool(cx.device, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  }

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    const cx = this.#cx;
    cx.check("allocate tensor");
    const buffer = cx.tensors.take(paddedSize(length * 4), `${dtype}[${length}]`);
    cx.recorder.encoder().clearBuffer(buffer);
    return new GpuTensor(dtype, length, buffer, cx.owner);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    const cx = this.#cx;
    cx.check("upload tensor");
    const buffer = cx.tensors.take(paddedSize(data.length * 4), `${dtype}[${data.length}]`);
    cx.recorder.flush(); // a pooled buffer may still be read by recorded work
    if (data.length > 0) cx.device.queue.writeBuffer(buffer, 0, data as ArrayBufferView<ArrayBuffer>);
    return new GpuTensor(dtype, data.length, buffer, cx.owner);
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset: number): void {
    const cx = this.#cx;
    cx.check("write tensor");
    const tensor = cx.tensor(t, "write tensor");
    if (offset < 0 || offset + data.length > tensor.length) {
      throw new RangeError(
        `Cannot write tensor: ${data.length} elements at offset ${offset}, expected at most ${tensor.length} in all`,
      );
    }
    cx.recorder.flush(); // queue writes run before unsubmitted work; keep the caller's order
    if (data.length > 0)
      cx.device.queue.writeBuffer(tensor.buffer!, offset * 4, data as ArrayBufferView<ArrayBuffer>);
  }

  async read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    const cx = this.#cx;
    cx.check("read tensor");
    const tensor = cx.tensor(t, "read tensor");
    const size = paddedSize(tensor.length * 4);
    const staging = this.#staging.take(size, "staging");
    cx.recorder.encoder().copyBufferToBuffer(tensor.buffer!, 0, staging, 0, size);
    cx.device.pushErrorScope("validation");
    cx.recorder.flush();
    const validation = cx.device.popErrorScope();
    // Both requests go out at once: awaiting the error scope before asking for the mapping costs a
    // second round trip to the GPU process in a browser, on every read.
    const mapped = staging.mapAsync(GPUMapMode.READ);
    mapped.catch(() => {}); // awaited below; a failed validation may reject it first
    try {
      const error = await validation;
      if (error !== null) cx.fail(`WebGPU validation error: ${oneLine(error.message)}`);
      await mapped;
    } catch (error) {
      cx.check("read tensor");
      throw new Error(`Cannot read tensor: mapping the staging buffer failed with "${oneLine(error)}"`);
    }
    cx.check("read tensor");
    const bytes = staging.getMappedRange().slice(0, tensor.length * 4);
    staging.unmap();
    this.#staging.give(staging);
    return (tensor.dtype === "f32" ? new Float32Array(bytes) : new Uint32Array(bytes)) as HostArray<D>;
  }

  release(t: Tensor): void {
    const cx = this.#cx;
    const tensor = cx.tensor(t, "release tensor");
    if (!cx.destroyed) cx.tensors.give(tensor.buffer!);
    tensor.buffer = null;
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    const cx = this.#cx;
    cx.check("upload dataset");
    const count = labels.length;
    checkDatasetUpload(images, labels, features, classes);
    cx.recorder.flush();
    const queue = cx.device.queue;
    const part = this.datasetPartBytes;
    const dataset = new GpuDataset(
      count,
      features,
      classes,
      uploadParts(queue, cx.tensors, images, part, `images ${count}×${features}`),
      uploadParts(queue, cx.tensors, labels, part, `labels ${count}`),
      cx.owner,
    );
    if (!dataset.split) {
      dataset.sparse = uploadSparseImages(queue, cx.tensors, images, count, features, part);
    }
    return dataset;
  }

  releaseDataset(ds: DeviceDataset): void {
    const cx = this.#cx;
    const dataset = cx.dataset(ds, "release dataset");
    if (!cx.destroyed) {
      cx.recorder.flush();
      const sparse = dataset.sparse === null ? [] : [dataset.sparse];
      for (const buffer of [...dataset.images!.buffers, ...dataset.labels!.buffers, ...sparse]) {
        cx.recorder.forget(buffer);
        cx.tensors.drop(buffer);
      }
    }
    dataset.images = dataset.labels = dataset.sparse = null;
  }

  destroy(): void {
    this.#staging.destroy();
  }
}
