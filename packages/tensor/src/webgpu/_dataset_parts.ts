/// <reference types="@webgpu/types" preserve="true" />
/**
 * Datasets larger than one storage binding: their bytes are cut into parts of at most the device's
 * `maxStorageBufferBindingSize` and `maxBufferSize` (as the device reports them), each in a buffer of
 * its own, cut at any word, also inside an image. An op on such a dataset first gathers its batch's
 * rows into one batch buffer (`gather_rows.ts`, a dispatch per part the batch may touch) and then runs
 * the usual kernel on that buffer with the rows in storage order, so a split dataset goes through the
 * same kernels with the same numbers as an unsplit one. A dataset that fits in one binding is bound
 * directly, as before.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */
import type { RowSelection } from "../backend.ts";
import { type Compiled, compiledFor, type Recorder } from "./_recorder.ts";
import { type BufferPool, paddedSize, writeBytes } from "./_resources.ts";
import {
  gatherRowsInvocations,
  gatherRowsKernel,
  gatherRowsKey,
  type PartSpan,
  writeGatherRowsParams,
} from "./gather_rows.ts";

/** A byte array on the device: part `i` holds bytes `[i·partBytes, min((i+1)·partBytes, length))`. */
export interface ByteParts {
  readonly buffers: readonly GPUBuffer[];
  readonly partBytes: number;
  readonly length: number;
}

/**
 * Keeps the gather kernel's byte offsets in u32 arithmetic whatever a native adapter reports (some
 * report 4 GiB or more).
 */
const MAX_PART_BYTES = 2 ** 31;

/**
 * Checks the `maxDatasetBindingBytes` option before a device is requested.
 * @throws {RangeError} when it is not an integer of at least 4.
 */
export function checkForcedPartBytes(forced: number | undefined): void {
  if (forced !== undefined && !(Number.isInteger(forced) && forced >= 4)) {
    throw new RangeError(
      `Cannot create WebGPU backend: maxDatasetBindingBytes is ${forced}, expected an integer of at least 4`,
    );
  }
}

/**
 * The most bytes one part may hold: the device's binding and buffer limits, or `forced` when smaller
 * (tests cut small datasets this way), rounded down to a word.
 */
export function partBytesFor(
  limits: Pick<GPUSupportedLimits, "maxStorageBufferBindingSize" | "maxBufferSize">,
  forced: number | undefined,
): number {
  const limit = Math.min(
    limits.maxStorageBufferBindingSize,
    limits.maxBufferSize,
    MAX_PART_BYTES,
    forced ?? Number.POSITIVE_INFINITY,
  );
  return Math.floor(limit / 4) * 4;
}

/** Writes `bytes` into buffers of at most `partBytes` bytes each, taken from `pool`. */
export function uploadParts(
  queue: GPUQueue,
  pool: BufferPool,
  bytes: Uint8Array,
  partBytes: number,
  label: string,
): ByteParts {
  const buffers: GPUBuffer[] = [];
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  for (let p = 0; p < parts; p++) {
    const chunk = bytes.subarray(p * partBytes, Math.min((p + 1) * partBytes, bytes.length));
    const buffer = pool.take(
      paddedSize(chunk.length),
      parts === 1 ? label : `${label} part ${p + 1}/${parts}`,
    );
    writeBytes(queue, buffer, chunk);
    buffers.push(buffer);
  }
  return { buffers, partBytes, length: bytes.length };
}

/** Where batch rows go: images and labels each have a batch buffer, grown when a batch needs more. */
export type BatchTarget = "images" | "labels";

/** Gathers batches of split datasets into batch buffers (one per {@link BatchTarget}). */
export class BatchGather {
  readonly #device: GPUDevice;
  readonly #recorder: Recorder;
  readonly #pool: BufferPool;
  readonly #wg: number;
  readonly #bindingLimit: number;
  readonly #batches: Record<BatchTarget, GPUBuffer | null> = { images: null, labels: null };

  constructor(device: GPUDevice, recorder: Recorder, pool: BufferPool, workgroupSize: number) {
    this.#device = device;
    this.#recorder = recorder;
    this.#pool = pool;
    this.#wg = workgroupSize;
    this.#bindingLimit = Math.floor(device.limits.maxStorageBufferBindingSize / 4) * 4;
  }

  /**
   * Records the copy of the selected rows (`rowBytes` bytes each) of `parts` into the batch buffer of
   * `target`, rows in selection order.
   * @returns that buffer: row `i` of the batch is row `i` of it (read it with `{ order: null, offset: 0 }`).
   * @throws {RangeError} when the batch itself exceeds one storage binding.
   */
  gather(
    target: BatchTarget,
    parts: ByteParts,
    rowBytes: number,
    rows: RowSelection,
    order: GPUBuffer | null,
    action: string,
  ): GPUBuffer {
    const batch = this.#batch(target, rows.count * rowBytes, rows.count, action);
    if (rows.count === 0) return batch;
    const ordered = order !== null;
    const o = { rowBytes, ordered, workgroupSize: this.#wg };
    const compiled: Compiled = compiledFor(this.#device, gatherRowsKey(o), () => gatherRowsKernel(o));
    const groups = Math.ceil(gatherRowsInvocations(rows.count, rowBytes) / this.#wg);
    // Rows in storage order touch a known byte range; a permutation may touch every part.
    const first = ordered ? 0 : rows.offset * rowBytes;
    const end = ordered ? parts.length : (rows.offset + rows.count) * rowBytes;
    for (let p = 0; p < parts.buffers.length; p++) {
      const start = p * parts.partBytes;
      const span: PartSpan = { start, length: Math.min(parts.partBytes, parts.length - start) };
      if (span.start >= end || span.start + span.length <= first) continue;
      const params = this.#recorder.params();
      writeGatherRowsParams(params, rows, rowBytes, span);
      const buffers = ordered ? [parts.buffers[p], batch, order] : [parts.buffers[p], batch];
      this.#recorder.dispatch(compiled, params, buffers, groups);
    }
    return batch;
  }

  /** Returns the batch buffers to the pool. */
  release(): void {
    for (const target of ["images", "labels"] as const) {
      const buffer = this.#batches[target];
      if (buffer !== null) this.#pool.give(buffer);
      this.#batches[target] = null;
    }
  }

  #batch(target: BatchTarget, bytes: number, count: number, action: string): GPUBuffer {
    const size = paddedSize(bytes);
    if (size > this.#bindingLimit) {
      throw new RangeError(
        `Cannot ${action}: a batch of ${count} rows needs ${size} bytes of ${target} in one binding, expected at most ${this.#bindingLimit} (maxStorageBufferBindingSize)`,
      );
    }
    const current = this.#batches[target];
    if (current !== null && current.size >= size) return current;
    // The old buffer may still be read by recorded work: the pool hands it out only to later work.
    if (current !== null) this.#pool.give(current);
    const grown = this.#pool.take(
      Math.min(Math.max(size, (current?.size ?? 0) * 2), this.#bindingLimit),
      `batch ${target}`,
    );
    this.#batches[target] = grown;
    return grown;
  }
}
