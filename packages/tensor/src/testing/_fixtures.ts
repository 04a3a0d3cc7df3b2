/**
 * Seeded data and comparison helpers for the conformance suite.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, DeviceDataset, DType, HostArray, Tensor } from "../backend.ts";
import { Random } from "../random.ts";

/**
 * The package's seeded generator ({@link Random}) with the helpers the conformance cases use: the same
 * seed gives the same cases on every runtime.
 */
export class Rng extends Random {
  /** Float32 values uniform in [-scale, scale). */
  floats(length: number, scale: number): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = (this.next() * 2 - 1) * scale;
    return out;
  }
}

/** What {@link mnistLike} generates. */
export interface DatasetSpec {
  readonly count: number;
  readonly features: number;
  readonly classes: number;
  /** Fraction of non-zero pixels; MNIST has about 0.19. */
  readonly density?: number;
  /** Rows whose pixels are all zero. */
  readonly zeroRows?: readonly number[];
}

/** Host-side bytes of a dataset. */
export interface HostDataset {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly features: number;
  readonly classes: number;
}

/** MNIST-like bytes: sparse pixels (some exactly 255), labels covering both class bounds. */
export function mnistLike(rng: Rng, spec: DatasetSpec): HostDataset {
  const { count, features, classes } = spec;
  const density = spec.density ?? 0.19;
  const images = new Uint8Array(count * features);
  for (let i = 0; i < images.length; i++) {
    if (rng.next() < density) images[i] = rng.next() < 0.3 ? 255 : 1 + rng.int(255);
  }
  for (const r of spec.zeroRows ?? []) images.fill(0, r * features, (r + 1) * features);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.int(classes);
  labels[0] = classes - 1;
  if (count > 1) labels[count - 1] = 0;
  return { images, labels, features, classes };
}

/** The same thing created on both backends. */
export interface Pair<T> {
  readonly cand: T;
  readonly ref: T;
}

/** Candidate and reference backends of one case; tracks what to release. */
export class Both {
  readonly #tensors: Array<[Backend, Tensor]> = [];
  readonly #datasets: Array<[Backend, DeviceDataset]> = [];
  constructor(
    readonly cand: Backend,
    readonly ref: Backend,
  ) {}

  upload<D extends DType>(dtype: D, data: HostArray<D>): Pair<Tensor<D>> {
    const pair = { cand: this.cand.upload(dtype, data), ref: this.ref.upload(dtype, data) };
    this.#tensors.push([this.cand, pair.cand], [this.ref, pair.ref]);
    return pair;
  }

  dataset(host: HostDataset): Pair<DeviceDataset> {
    const { images, labels, features, classes } = host;
    const pair = {
      cand: this.cand.uploadDataset(images, labels, features, classes),
      ref: this.ref.uploadDataset(images, labels, features, classes),
    };
    this.#datasets.push([this.cand, pair.cand], [this.ref, pair.ref]);
    return pair;
  }

  release(): void {
    for (const [be, t] of this.#tensors) be.release(t);
    for (const [be, ds] of this.#datasets) be.releaseDataset(ds);
  }
}

/** Allowed difference `|candidate − reference| ≤ abs + rel·|reference|`; `{0, 0}` means exact. */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** Exact equality. */
export const EXACT: Tolerance = { abs: 0, rel: 0 };

/** A tolerance in words, for {@link ConformanceCase.tolerance}. */
export function describeTolerance(t: Tolerance): string {
  return t.abs === 0 && t.rel === 0 ? "exact" : `|Δ| ≤ ${t.abs} + ${t.rel}·|ref|`;
}

/**
 * Throws an Error naming the first element where `got` and `want` differ by more than `tol`,
 * or where `got` is not finite.
 */
export function assertClose(
  what: string,
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: Tolerance,
): void {
  if (got.length !== want.length) {
    throw new Error(`Cannot match reference: ${what} has ${got.length} elements, expected ${want.length}`);
  }
  for (let i = 0; i < got.length; i++) {
    const allowed = tol.abs + tol.rel * Math.abs(want[i]);
    const ok = Number.isFinite(got[i]) ? Math.abs(got[i] - want[i]) <= allowed : Object.is(got[i], want[i]);
    if (!ok) {
      throw new Error(
        `Cannot match reference: ${what}[${i}] is ${got[i]}, expected ${want[i]} ± ${allowed} (of ${got.length})`,
      );
    }
  }
}

/** Reads a tensor pair and compares candidate against reference. */
export async function expectPair(
  b: Both,
  what: string,
  pair: Pair<Tensor>,
  tol: Tolerance,
): Promise<Float32Array | Uint32Array> {
  const [got, want] = await Promise.all([b.cand.read(pair.cand), b.ref.read(pair.ref)]);
  assertClose(what, got, want, tol);
  return got;
}

/** One shared test: `run` throws an Error describing the first mismatch. */
export interface ConformanceCase {
  readonly name: string;
  readonly tolerance: string;
  run(candidate: Backend, reference: Backend): Promise<void>;
}

/** A case that runs `body` on both backends through one {@link Both} (released afterwards), seeded. */
export function pairedCase(
  name: string,
  tolerance: string,
  seed: number,
  body: (b: Both, rng: Rng) => Promise<void>,
): ConformanceCase {
  return {
    name,
    tolerance,
    async run(cand, ref) {
      const b = new Both(cand, ref);
      try {
        await body(b, new Rng(seed));
      } finally {
        b.release();
      }
    },
  };
}
