/**
 * Softmax regression: `p = softmax(x · W + b)` with `W[F×C]` stored input-major.
 *
 * Runtime-neutral.
 * @module
 */
import { Random } from "./random.ts";

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

  /** Builds a model from PyTorch-layout parameters (`weight [C×F]`, `bias [C]`). */
  static fromTorchLayout(
    weight: ArrayLike<number>,
    bias: ArrayLike<number>,
    features: number,
  ): SoftmaxRegression {
    const classes = bias.length;
    const model = new SoftmaxRegression(features, classes);
    for (let c = 0; c < classes; c++) {
      for (let k = 0; k < features; k++) model.weight[k * classes + c] = weight[c * features + k];
    }
    model.bias.set(Array.from(bias));
    return model;
  }

  /** The weight in PyTorch layout `[C×F]`. */
  torchWeight(): Float32Array {
    const { features: F, classes: C } = this;
    const out = new Float32Array(F * C);
    for (let c = 0; c < C; c++) for (let k = 0; k < F; k++) out[c * F + k] = this.weight[k * C + c];
    return out;
  }
}
