/**
 * Softmax regression: `p = softmax(x · W + b)` with `W[F×C]` stored input-major.
 *
 * Runtime-neutral.
 * @module
 */
import { Random } from "@mnist/tensor";

/** Parameters of a softmax-regression model, on the host. */
export class SoftmaxRegression {
  /**
   * @param features input size F (784 for MNIST)
   * @param classes class count C
   * @param weight `F×C`, input-major (the transpose of PyTorch's `nn.Linear.weight`)
   * @param bias `C`
   */
  constructor(
    readonly features: number,
    readonly classes: number,
    readonly weight: Float32Array = new Float32Array(features * classes),
    readonly bias: Float32Array = new Float32Array(classes),
  ) {
    if (weight.length !== features * classes || bias.length !== classes) {
      throw new RangeError(
        `Cannot create model: weight has ${weight.length} values and bias ${bias.length}, expected ${features * classes} and ${classes}`,
      );
    }
  }

  /**
   * A model initialised like PyTorch's `nn.Linear`: W and b uniform in ±1/√F, from a seeded PRNG.
   * @example
   * ```ts
   * import { SoftmaxRegression } from "@mnist/softmax";
   * const model = SoftmaxRegression.init(784, 10, 42);
   * console.log(model.weight.length); // 7840
   * ```
   */
  static init(features: number, classes: number, seed: number): SoftmaxRegression {
    const rng = new Random(seed);
    const bound = 1 / Math.sqrt(features);
    const model = new SoftmaxRegression(features, classes);
    // Draw in PyTorch's [C×F] order so a seed means the same thing whichever layout stores it.
    for (let c = 0; c < classes; c++) {
      for (let k = 0; k < features; k++) model.weight[k * classes + c] = rng.uniform(-bound, bound);
    }
    for (let c = 0; c < classes; c++) model.bias[c] = rng.uniform(-bound, bound);
    return model;
  }

  /**
   * Builds a model from PyTorch-layout parameters (`weight [C×F]`, `bias [C]`).
   * @throws {RangeError} when `weight` does not hold `C × features` values.
   */
  static fromTorchLayout(
    weight: ArrayLike<number>,
    bias: ArrayLike<number>,
    features: number,
  ): SoftmaxRegression {
    const classes = bias.length;
    if (weight.length !== classes * features) {
      throw new RangeError(
        `Cannot load PyTorch weight: it has ${weight.length} values, expected ${classes}×${features} = ${classes * features}`,
      );
    }
    const model = new SoftmaxRegression(features, classes);
    for (let c = 0; c < classes; c++) {
      for (let k = 0; k < features; k++) model.weight[k * classes + c] = weight[c * features + k];
    }
    model.bias.set(Array.from(bias));
    return model;
  }

  /**
   * Class probabilities for images, computed on the host (no backend needed: for a drawn digit or a
   * handful of images). Pixels are scaled by 1/255 as in training.
   * @param images `n × F` pixel bytes, row-major
   * @returns `n × C` probabilities, row-major
   * @throws {RangeError} when `images.length` is not a multiple of F.
   * @example
   * ```ts
   * import { SoftmaxRegression } from "@mnist/softmax";
   * const p = SoftmaxRegression.init(4, 3, 1).probabilities(new Uint8Array([0, 255, 0, 9]));
   * console.log(p.length); // 3
   * ```
   */
  probabilities(images: Uint8Array): Float32Array {
    const { features: F, classes: C, weight: w, bias: b } = this;
    if (images.length % F !== 0) {
      throw new RangeError(
        `Cannot compute probabilities: images hold ${images.length} bytes, expected a multiple of ${F}`,
      );
    }
    const n = images.length / F;
    const out = new Float32Array(n * C);
    const z = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < C; c++) z[c] = 0;
      for (let k = 0; k < F; k++) {
        const px = images[i * F + k];
        if (px === 0) continue;
        const x = Math.fround(px / 255);
        for (let c = 0; c < C; c++) z[c] += x * w[k * C + c];
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        z[c] = Math.fround(z[c] + b[c]);
        if (z[c] > max) max = z[c];
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += z[c] = Math.exp(z[c] - max);
      for (let c = 0; c < C; c++) out[i * C + c] = z[c] / sum;
    }
    return out;
  }

  /**
   * Predicted class (first most probable) of each image, computed on the host.
   * @param images `n × F` pixel bytes, row-major
   * @returns `n` class indices
   * @throws {RangeError} when `images.length` is not a multiple of F.
   */
  predict(images: Uint8Array): Uint8Array {
    const p = this.probabilities(images);
    const C = this.classes;
    const out = new Uint8Array(p.length / C);
    for (let i = 0; i < out.length; i++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (p[i * C + c] > p[i * C + best]) best = c;
      out[i] = best;
    }
    return out;
  }

  /** A deep copy. */
  clone(): SoftmaxRegression {
    return new SoftmaxRegression(this.features, this.classes, this.weight.slice(), this.bias.slice());
  }

  /** The weight in PyTorch layout `[C×F]`. */
  torchWeight(): Float32Array {
    const { features: F, classes: C } = this;
    const out = new Float32Array(F * C);
    for (let c = 0; c < C; c++) for (let k = 0; k < F; k++) out[c * F + k] = this.weight[k * C + c];
    return out;
  }
}
