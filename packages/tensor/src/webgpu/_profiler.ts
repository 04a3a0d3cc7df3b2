/// <reference types="@webgpu/types" preserve="true" />
/**
 * GPU time per kernel from timestamp queries (the `timestamp-query` feature): with a profiler the
 * recorder gives every dispatch its own compute pass whose beginning and end write a timestamp, and
 * every submit resolves its queries into a buffer that is read back without blocking the next
 * steps. Profiling changes what it measures (a pass per dispatch, a copy per submit), so it is for
 * `pnpm bench --profile`, never for training.
 *
 * Runtime-neutral: WebGPU only.
 * @module
 */

/** GPU time of one kernel over a profiled stretch of work. */
export interface KernelTime {
  /** The kernel's pipeline key, e.g. `train_forward/mse/784/10/true/32`. */
  readonly kernel: string;
  readonly dispatches: number;
  /** Sum of (end − beginning) of its passes, in milliseconds. */
  readonly ms: number;
}

/** The most dispatches one query set can time (WebGPU allows 4,096 queries per set). */
export const MAX_PROFILED_DISPATCHES = 2048;

/** Timestamp queries of up to `capacity` dispatches per submit (the caller submits before more), summed per kernel key. */
export class Profiler {
  readonly #device: GPUDevice;
  readonly #querySet: GPUQuerySet;
  readonly #resolve: GPUBuffer;
  readonly #capacity: number;
  #keys: string[] = [];
  readonly #pending: Promise<void>[] = [];
  readonly #totals = new Map<string, { dispatches: number; ns: number }>();

  constructor(device: GPUDevice, capacity: number) {
    this.#device = device;
    this.#capacity = capacity;
    this.#querySet = device.createQuerySet({
      label: "kernel profile",
      type: "timestamp",
      count: 2 * capacity,
    });
    this.#resolve = device.createBuffer({
      label: "kernel profile resolve",
      size: 16 * capacity,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
  }

  /** Whether every query pair is taken: the recorder submits before the next dispatch. */
  get full(): boolean {
    return this.#keys.length === this.#capacity;
  }

  /** The descriptor of the next dispatch's own pass, timed under `key`. */
  pass(key: string): GPUComputePassDescriptor {
    const k = this.#keys.length;
    this.#keys.push(key);
    return {
      timestampWrites: {
        querySet: this.#querySet,
        beginningOfPassWriteIndex: 2 * k,
        endOfPassWriteIndex: 2 * k + 1,
      },
    };
  }

  /** Resolves this submit's queries at the end of `encoder` into a buffer read back after the submit. */
  resolve(encoder: GPUCommandEncoder): (() => void) | null {
    const keys = this.#keys;
    if (keys.length === 0) return null;
    this.#keys = [];
    const bytes = 16 * keys.length;
    const staging = this.#device.createBuffer({
      label: "kernel profile readback",
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    encoder.resolveQuerySet(this.#querySet, 0, 2 * keys.length, this.#resolve, 0);
    encoder.copyBufferToBuffer(this.#resolve, 0, staging, 0, bytes);
    return () => {
      this.#pending.push(
        staging.mapAsync(GPUMapMode.READ).then(() => {
          const stamps = new BigUint64Array(staging.getMappedRange());
          keys.forEach((key, k) => {
            const total = this.#totals.get(key) ?? { dispatches: 0, ns: 0 };
            total.dispatches++;
            total.ns += Number(stamps[2 * k + 1] - stamps[2 * k]);
            this.#totals.set(key, total);
          });
          staging.unmap();
          staging.destroy();
        }),
      );
    };
  }

  /** Waits for every submitted readback and returns the totals per kernel (largest first), then clears them. */
  async take(): Promise<KernelTime[]> {
    await Promise.all(this.#pending.splice(0));
    const out = [...this.#totals].map(([kernel, t]) => ({
      kernel,
      dispatches: t.dispatches,
      ms: t.ns / 1e6,
    }));
    this.#totals.clear();
    return out.sort((a, b) => b.ms - a.ms);
  }

  destroy(): void {
    this.#querySet.destroy();
    this.#resolve.destroy();
  }
}
