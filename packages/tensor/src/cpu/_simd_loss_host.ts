/**
 * The host's half of a `loss10` call (`_simd_loss.ts`), shared by the one-model loss
 * (`SimdKernels.loss`) and the group runner (`_group_runner.ts`): the gradient scale the kernel is
 * passed, and the loss sum, correct count and confusion cells made from its per-row outputs.
 *
 * Runtime-neutral.
 * @module
 */
import { CLASSES } from "./_simd_layout.ts";

/**
 * The `gscale` that `loss10` multiplies each logit gradient by: the mean's `1/n` for cross-entropy,
 * and `2/(n·10)` for MSE (the derivative of a square over `n` rows of ten classes), as `_loss.ts`.
 * @param mse whether the loss is MSE (else cross-entropy).
 * @param n the rows of the call.
 * @returns the scale.
 */
export function lossGradScale(mse: boolean, n: number): number {
  return mse ? 2 / (n * CLASSES) : 1 / n;
}

/**
 * The host's half of `loss10`: the loss sum and correct count of `n` rows from the module's per-row
 * outputs, each row's confusion cell counted where `confusion` is given. The cross-entropy of a row
 * is `log Σ e + max − z_y`: the sum `out[i]` from the module, the log the host's, once a row.
 * @param z the rows' logits, `n × CLASSES`.
 * @param y the rows' labels.
 * @param out loss10's float64 per row: the MSE, or the sum of exps.
 * @param args loss10's argmax per row.
 * @returns `[lossSum, correct]`.
 */
export function loss10Sums(
  z: Float32Array,
  y: Uint32Array,
  out: Float64Array,
  args: Uint32Array,
  mse: boolean,
  confusion: Uint32Array | null,
): [number, number] {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < out.length; i++) {
    const label = y[i];
    const arg = args[i];
    if (arg === label) correct++;
    if (confusion !== null) confusion[label * CLASSES + arg]++;
    lossSum += mse ? out[i] : Math.log(out[i]) + z[i * CLASSES + arg] - z[i * CLASSES + label];
  }
  return [lossSum, correct];
}
