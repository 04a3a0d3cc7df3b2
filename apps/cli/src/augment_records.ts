/**
 * The records of `mnist augment`: which source image each output image deforms (the source set cycled,
 * each pass in its own seeded order) and the deformed images and their labels, produced in chunks so
 * that any number of them streams to disk in bounded memory.
 * @module
 */
import type { Dataset } from "@mnist/idx";
import type { Augmenter } from "@mnist/idx/augment";
import { Random } from "@mnist/tensor";

/** Images per chunk: about 0.8 MB of 28×28 images, small beside the source set and large enough to write efficiently. */
export const CHUNK_IMAGES = 1024;

/**
 * XORed into the seed for the deformations' generator, so that the order (from the seed itself) and
 * the deformations are independent streams, and the labels can be produced without deforming anything.
 */
const DEFORM_STREAM = 0x9e3779b9;

/**
 * The source index of each output image in turn: pass p over the source set follows the p-th
 * permutation drawn from `Random(seed)`, so every source image is used once per pass.
 */
export class SourceOrder {
  readonly #random: Random;
  readonly #count: number;
  #order: Uint32Array = new Uint32Array(0);
  #at = 0;

  /**
   * @param count the number of source images.
   * @param seed the `--seed`.
   */
  constructor(count: number, seed: number) {
    this.#random = new Random(seed);
    this.#count = count;
  }

  /** The next source index. */
  next(): number {
    if (this.#at === this.#order.length) {
      this.#order = this.#random.permutation(this.#count);
      this.#at = 0;
    }
    return this.#order[this.#at++];
  }
}

/** What the chunk generators need. */
export interface RecordOptions {
  readonly source: Dataset;
  /** Output images to produce. */
  readonly count: number;
  readonly seed: number;
  /** Stops the production at the next chunk. */
  readonly signal?: AbortSignal;
}

/**
 * The deformed images, {@link CHUNK_IMAGES} at a time (each chunk a fresh array the consumer may keep).
 * @param onChunk called with the number of images produced so far, after each chunk.
 */
export function* imageChunks(
  options: RecordOptions,
  augmenter: Augmenter,
  onChunk: (done: number) => void = () => {},
): Generator<Uint8Array<ArrayBuffer>> {
  const { source, count, seed, signal } = options;
  const f = source.features;
  const order = new SourceOrder(source.count, seed);
  const random = new Random((seed ^ DEFORM_STREAM) >>> 0);
  for (let start = 0; start < count; start += CHUNK_IMAGES) {
    signal?.throwIfAborted();
    const n = Math.min(CHUNK_IMAGES, count - start);
    const chunk = new Uint8Array(n * f);
    for (let i = 0; i < n; i++) {
      const j = order.next();
      augmenter.deform(source.images.subarray(j * f, j * f + f), chunk.subarray(i * f, i * f + f), random);
    }
    onChunk(start + n);
    yield chunk;
  }
}

/** The labels of {@link imageChunks}' images, in the same chunks: each is its source image's label. */
export function* labelChunks(options: RecordOptions): Generator<Uint8Array<ArrayBuffer>> {
  const { source, count, seed, signal } = options;
  const order = new SourceOrder(source.count, seed);
  for (let start = 0; start < count; start += CHUNK_IMAGES) {
    signal?.throwIfAborted();
    const n = Math.min(CHUNK_IMAGES, count - start);
    const chunk = new Uint8Array(n);
    for (let i = 0; i < n; i++) chunk[i] = source.labels[order.next()];
    yield chunk;
  }
}
