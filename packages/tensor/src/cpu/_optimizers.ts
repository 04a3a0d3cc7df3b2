/**
 * The CPU backend's optimiser updates on host arrays: what `sgdStep`, `adamStep` and the updates of
 * `trainStep` and `trainStepGroup` run, so a group's member is updated by the very same loop.
 *
 * Runtime-neutral.
 * @module
 */
import type { AdamParams, GroupUpdate, SgdParams } from "../backend.ts";

/** {@link Backend.sgdStep} on host arrays (`velocity` present exactly when momentum is non-zero). */
export function sgd(param: Float32Array, grad: Float32Array, buf: Float32Array | null, p: SgdParams): void {
  const { lr, weightDecay, momentum, dampening, nesterov } = p;
  const first = p.step === 1;
  if (buf === null && weightDecay === 0) {
    // The tutorial's plain SGD: the same arithmetic as below with every other term zero.
    for (let i = 0; i < param.length; i++) param[i] -= lr * grad[i];
    return;
  }
  for (let i = 0; i < param.length; i++) {
    let g = Math.fround(grad[i] + weightDecay * param[i]);
    if (buf !== null) {
      buf[i] = first ? g : momentum * buf[i] + (1 - dampening) * g;
      g = nesterov ? Math.fround(g + momentum * buf[i]) : buf[i];
    }
    param[i] -= lr * g;
  }
}

/** {@link Backend.adamStep} on host arrays. */
export function adam(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  p: AdamParams,
): void {
  const bc1 = 1 - p.beta1 ** p.step;
  const bc2Sqrt = Math.sqrt(1 - p.beta2 ** p.step);
  const stepSize = p.lr / bc1;
  for (let i = 0; i < param.length; i++) {
    const g = Math.fround(grad[i] + p.weightDecay * param[i]);
    m[i] = p.beta1 * m[i] + (1 - p.beta1) * g;
    v[i] = p.beta2 * v[i] + (1 - p.beta2) * g * g;
    const denom = Math.fround(Math.sqrt(v[i]) / bc2Sqrt + p.eps);
    param[i] -= stepSize * (m[i] / denom);
  }
}

/** A model's weight and bias as host arrays (or gradients or optimiser state shaped like them). */
export interface HostModel {
  readonly w: Float32Array;
  readonly b: Float32Array;
}

/**
 * A group member's update of its weight and bias: SGD (with its velocity where momentum is
 * non-zero) or Adam, by the same loops as `sgdStep` and `adamStep`.
 * @param state the member's optimiser state of that name; asked for only when the update uses it, so
 *   a caller may build its views on demand.
 */
export function updateModel(
  update: GroupUpdate,
  model: HostModel,
  grad: HostModel,
  state: (name: "velocity" | "m" | "v") => HostModel,
): void {
  if (update.kind === "sgd") {
    const velocity = update.params.momentum !== 0 ? state("velocity") : null;
    sgd(model.w, grad.w, velocity?.w ?? null, update.params);
    sgd(model.b, grad.b, velocity?.b ?? null, update.params);
    return;
  }
  const [m, v] = [state("m"), state("v")];
  adam(model.w, grad.w, m.w, v.w, update.params);
  adam(model.b, grad.b, m.b, v.b, update.params);
}
