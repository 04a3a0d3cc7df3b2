/**
 * Seeded random deformations of single-channel images, as used to grow MNIST into "infinite MNIST":
 * elastic distortion (Simard, Steinkraus & Platt 2003: a random displacement field, smoothed by a
 * Gaussian and scaled) and small affine transforms (rotation, scale, shear, translation about the
 * image centre), sampled bilinearly with zero outside the image. The smoothed field is drawn in the
 * smoothing's eigenbasis (`_smooth_noise.ts`): the same covariance as convolving per-pixel noise with
 * the Gaussian, at a fraction of the cost.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { SmoothNoise } from "./_smooth_noise.ts";

/** Which deformations an {@link Augmenter} applies: elastic, affine, or the affine transform of an elastic distortion. */
export type AugmentKind = "elastic" | "affine" | "both";

/** Every {@link AugmentKind}, for flag parsing and help. */
export const AUGMENT_KINDS: readonly AugmentKind[] = ["elastic", "affine", "both"];

/**
 * A source of uniform numbers in [0, 1). `Random` from `@mnist/tensor` satisfies it; `@mnist/idx` depends
 * on nothing, so it names only the one method it needs.
 */
export interface UniformRandom {
  /** The next uniform number in [0, 1). */
  next(): number;
}

/** The magnitudes of the deformations; every one of them is optional in {@link AugmentOptions}. */
export interface AugmentMagnitudes {
  /** Scale of the smoothed displacement field, in pixels per unit of field (Simard et al.: 34). */
  readonly elasticAlpha: number;
  /** Standard deviation of the Gaussian that smooths the field, in pixels (Simard et al.: 4). */
  readonly elasticSigma: number;
  /** Largest rotation either way, in degrees. */
  readonly maxRotation: number;
  /** Largest relative change of size: the scale factor is uniform in [1 − maxScale, 1 + maxScale]. */
  readonly maxScale: number;
  /** Largest horizontal shear factor either way (x moves by shear × (y − centre)). */
  readonly maxShear: number;
  /** Largest shift either way along each axis, in pixels. */
  readonly maxTranslation: number;
}

/**
 * The defaults, chosen for 28×28 digits: the elastic distortion of Simard et al. 2003 (α = 34, σ = 4),
 * rotation within ±10°, size within ±10%, shear within ±0.15 and shifts within ±2 pixels — deformations
 * that keep a digit recognisable as itself.
 */
export const AUGMENT_DEFAULTS: AugmentMagnitudes = Object.freeze({
  elasticAlpha: 34,
  elasticSigma: 4,
  maxRotation: 10,
  maxScale: 0.1,
  maxShear: 0.15,
  maxTranslation: 2,
});

/** What {@link createAugmenter} makes: the kind, the image size, and any magnitudes other than {@link AUGMENT_DEFAULTS}. */
export interface AugmentOptions extends Partial<AugmentMagnitudes> {
  /** Which deformations to apply. */
  readonly kind: AugmentKind;
  /** Image height in pixels. */
  readonly rows: number;
  /** Image width in pixels. */
  readonly cols: number;
}

/** Deforms images of one size; holds its scratch space, so one augmenter serves one thread of work. */
export interface Augmenter {
  /** The options in force, defaults filled in. */
  readonly options: Readonly<AugmentMagnitudes> & {
    readonly kind: AugmentKind;
    readonly rows: number;
    readonly cols: number;
  };
  /**
   * Writes a random deformation of `src` into `dst` (both `rows × cols` bytes, row-major, not
   * overlapping). The draws come from `random` in a fixed order — for "affine" and "both" five (rotation,
   * scale, shear, x shift, y shift), then for "elastic" and "both" those of the x field and then the y
   * field (64 each for 28×28 at σ 4) — so the same seed gives the same images in every
   * runtime.
   * @throws {RangeError} when `src` or `dst` has the wrong length, or they overlap.
   */
  deform(src: Uint8Array, dst: Uint8Array, random: UniformRandom): void;
}

/**
 * Creates an {@link Augmenter} for `rows × cols` images. It allocates its scratch once; `deform`
 * allocates nothing.
 * @param options the kind, the image size, and magnitudes that differ from {@link AUGMENT_DEFAULTS}.
 * @returns the augmenter.
 * @throws {RangeError} when the size is not a positive integer, a magnitude is negative or not finite,
 *   `maxScale` is 1 or more, or `elasticSigma` is not positive while `elasticAlpha` is.
 * @example
 * ```ts
 * import { createAugmenter } from "@mnist/idx/augment";
 * let state = 1;
 * const random = { next: () => ((state = (state * 48271) % 2147483647) / 2147483647) };
 * const src = new Uint8Array(28 * 28);
 * for (let y = 6; y < 22; y++) src[y * 28 + 14] = 255; // a "1"
 * const dst = new Uint8Array(28 * 28);
 * createAugmenter({ kind: "both", rows: 28, cols: 28 }).deform(src, dst, random);
 * console.log(dst.some((v) => v > 0), dst.every((v) => v <= 255)); // true true
 * ```
 */
export function createAugmenter(options: AugmentOptions): Augmenter {
  const { kind, rows, cols } = options;
  if (!AUGMENT_KINDS.includes(kind)) {
    throw new RangeError(
      `Cannot create augmenter: kind is ${JSON.stringify(kind)}, expected one of ${AUGMENT_KINDS.join(", ")}`,
    );
  }
  for (const [name, value] of [
    ["rows", rows],
    ["cols", cols],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Cannot create augmenter: ${name} is ${value}, expected a positive integer`);
    }
  }
  const m: AugmentMagnitudes = { ...AUGMENT_DEFAULTS };
  for (const key of Object.keys(AUGMENT_DEFAULTS) as (keyof AugmentMagnitudes)[]) {
    const value = options[key] ?? AUGMENT_DEFAULTS[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`Cannot create augmenter: ${key} is ${value}, expected a finite number ≥ 0`);
    }
    (m as { -readonly [K in keyof AugmentMagnitudes]: number })[key] = value;
  }
  if (m.maxScale >= 1) {
    throw new RangeError(`Cannot create augmenter: maxScale is ${m.maxScale}, expected less than 1`);
  }
  if (m.elasticAlpha > 0 && m.elasticSigma <= 0) {
    throw new RangeError(
      `Cannot create augmenter: elasticSigma is ${m.elasticSigma}, expected a positive number when elasticAlpha is ${m.elasticAlpha}`,
    );
  }
  return new Deformer({ ...m, kind, rows, cols });
}

class Deformer implements Augmenter {
  readonly options: Augmenter["options"];
  readonly #affine: boolean;
  readonly #elastic: boolean;
  readonly #dx: Float64Array;
  readonly #dy: Float64Array;
  readonly #noise: SmoothNoise | undefined;

  constructor(options: Augmenter["options"]) {
    this.options = Object.freeze(options);
    this.#affine = options.kind !== "elastic";
    this.#elastic = options.kind !== "affine";
    const n = options.rows * options.cols;
    this.#dx = new Float64Array(this.#elastic ? n : 0);
    this.#dy = new Float64Array(this.#elastic ? n : 0);
    this.#noise =
      this.#elastic && options.elasticSigma > 0
        ? new SmoothNoise(options.rows, options.cols, options.elasticSigma)
        : undefined;
  }

  deform(src: Uint8Array, dst: Uint8Array, random: UniformRandom): void {
    const { rows, cols } = this.options;
    const n = rows * cols;
    if (src.length !== n || dst.length !== n) {
      throw new RangeError(
        `Cannot deform image: src has ${src.length} and dst ${dst.length} pixels, expected ${n} (${rows}×${cols}) each`,
      );
    }
    if (
      src.buffer === dst.buffer &&
      src.byteOffset < dst.byteOffset + n &&
      dst.byteOffset < src.byteOffset + n
    ) {
      throw new RangeError("Cannot deform image: src and dst overlap, expected separate arrays");
    }
    // Inverse map, destination → source: p_src = M⁻¹ (p + d(p) − c − t) + c, with M = rotation · shear · scale.
    let m00 = 1;
    let m01 = 0;
    let m10 = 0;
    let m11 = 1;
    let tx = 0;
    let ty = 0;
    if (this.#affine) {
      const o = this.options;
      const angle = ((2 * random.next() - 1) * o.maxRotation * Math.PI) / 180;
      const scale = 1 + (2 * random.next() - 1) * o.maxScale;
      const shear = (2 * random.next() - 1) * o.maxShear;
      tx = (2 * random.next() - 1) * o.maxTranslation;
      ty = (2 * random.next() - 1) * o.maxTranslation;
      // M⁻¹ = scale⁻¹ · [[1, −shear], [0, 1]] · rotation(−angle)
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      m00 = (cos + shear * sin) / scale;
      m01 = (sin - shear * cos) / scale;
      m10 = -sin / scale;
      m11 = cos / scale;
    }
    const dx = this.#dx;
    const dy = this.#dy;
    if (this.#elastic) {
      this.#drawField(dx, random);
      this.#drawField(dy, random);
    }
    const elastic = this.#elastic;
    const cx = (cols - 1) / 2;
    const cy = (rows - 1) / 2;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const i = y * cols + x;
        const ux = (elastic ? x + dx[i] : x) - cx - tx;
        const uy = (elastic ? y + dy[i] : y) - cy - ty;
        dst[i] = sampleBilinear(src, rows, cols, m00 * ux + m01 * uy + cx, m10 * ux + m11 * uy + cy);
      }
    }
  }

  /** Draws a displacement field: Gaussian-smoothed uniform noise in [−1, 1), scaled by α. */
  #drawField(field: Float64Array, random: UniformRandom): void {
    if (this.#noise === undefined) field.fill(0);
    else this.#noise.draw(field, random, this.options.elasticAlpha);
  }
}

/** The bilinear interpolation of `src` at (sx, sy), zero outside the image, rounded to a byte. */
function sampleBilinear(src: Uint8Array, rows: number, cols: number, sx: number, sy: number): number {
  const x0 = Math.floor(sx);
  const y0 = Math.floor(sy);
  if (x0 < -1 || y0 < -1 || x0 >= cols || y0 >= rows) return 0;
  const fx = sx - x0;
  const fy = sy - y0;
  const x1 = x0 + 1;
  const y1 = y0 + 1;
  const top = y0 >= 0;
  const bottom = y1 < rows;
  const left = x0 >= 0;
  const right = x1 < cols;
  const p00 = top && left ? src[y0 * cols + x0] : 0;
  const p10 = top && right ? src[y0 * cols + x1] : 0;
  const p01 = bottom && left ? src[y1 * cols + x0] : 0;
  const p11 = bottom && right ? src[y1 * cols + x1] : 0;
  const v = (1 - fy) * ((1 - fx) * p00 + fx * p10) + fy * ((1 - fx) * p01 + fx * p11);
  // A convex combination of bytes and zeros stays within 0..255; rounding keeps it there.
  return (v + 0.5) | 0;
}
