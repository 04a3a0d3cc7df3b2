/**
 * Optimisers on a {@link Backend}: SGD (momentum, dampening, Nesterov, weight decay) and Adam, both
 * with PyTorch semantics, with state that can be saved to and restored from the host.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, StepUpdate, Tensor } from "@mnist/tensor";
import type { ResolvedConfig } from "./config.ts";

/**
 * Optimiser state on the host, keyed by PyTorch's state names prefixed with the parameter:
 * SGD with momentum: `weight.momentum_buffer`, `bias.momentum_buffer`;
 * Adam: `weight.exp_avg`, `weight.exp_avg_sq`, `bias.exp_avg`, `bias.exp_avg_sq`.
 * Weight-shaped tensors are input-major `[F×C]` like the model's weight; plain SGD has none.
 */
export type OptimizerTensors = Record<string, Float32Array>;

/** The state names an optimiser keeps for each parameter. */
export function optimizerSlots(config: Pick<ResolvedConfig, "optimizer" | "momentum">): readonly string[] {
  if (config.optimizer === "adam") return ["exp_avg", "exp_avg_sq"];
  return config.momentum !== 0 ? ["momentum_buffer"] : [];
}

/** An optimiser whose state lives on a backend next to the parameters it updates. */
export class DeviceOptimizer {
  readonly #be: Backend;
  readonly #config: ResolvedConfig;
  readonly #state = new Map<string, Tensor<"f32">>();

  /**
   * @param be the backend holding the parameters
   * @param config a resolved config (optimizer, momentum, betas…)
   * @param sizes element counts of the parameters, by name (`weight`, `bias`)
   */
  constructor(be: Backend, config: ResolvedConfig, sizes: Readonly<Record<string, number>>) {
    this.#be = be;
    this.#config = config;
    for (const [param, size] of Object.entries(sizes)) {
      for (const slot of optimizerSlots(config)) this.#state.set(`${param}.${slot}`, be.zeros("f32", size));
    }
  }

  /**
   * Updates `param` in place from `grad`.
   * @param name the parameter's name (`weight` or `bias`)
   * @param lr this step's learning rate
   * @param step 1-based global step (SGD initialises momentum on step 1; Adam bias-corrects with it)
   */
  step(name: string, param: Tensor<"f32">, grad: Tensor<"f32">, lr: number, step: number): void {
    const c = this.#config;
    if (c.optimizer === "adam") {
      const m = this.#slot(name, "exp_avg");
      const v = this.#slot(name, "exp_avg_sq");
      this.#be.adamStep(param, grad, m, v, {
        lr,
        beta1: c.beta1,
        beta2: c.beta2,
        eps: c.eps,
        weightDecay: c.weightDecay,
        step,
      });
    } else {
      const velocity = c.momentum !== 0 ? this.#slot(name, "momentum_buffer") : null;
      this.#be.sgdStep(param, grad, velocity, {
        lr,
        momentum: c.momentum,
        dampening: c.dampening,
        nesterov: c.nesterov,
        weightDecay: c.weightDecay,
        step,
      });
    }
  }

  /**
   * The update of one {@link Backend.trainStep} of both parameters (`weight` and `bias`), with this
   * optimiser's state tensors.
   * @param lr this step's learning rate
   * @param step 1-based global step
   */
  update(lr: number, step: number): StepUpdate {
    const c = this.#config;
    if (c.optimizer === "adam") {
      const params = { lr, beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: c.weightDecay, step };
      return { kind: "adam", params, m: this.#pair("exp_avg"), v: this.#pair("exp_avg_sq") };
    }
    const params = {
      lr,
      momentum: c.momentum,
      dampening: c.dampening,
      nesterov: c.nesterov,
      weightDecay: c.weightDecay,
      step,
    };
    return { kind: "sgd", params, velocity: c.momentum !== 0 ? this.#pair("momentum_buffer") : null };
  }

  /** Copies the state to the host. */
  async save(): Promise<OptimizerTensors> {
    const out: OptimizerTensors = {};
    for (const [key, t] of this.#state) out[key] = await this.#be.read(t);
    return out;
  }

  /**
   * Overwrites the state with saved tensors.
   * @throws {RangeError} when a tensor is missing or has the wrong length.
   */
  load(tensors: OptimizerTensors): void {
    for (const [key, t] of this.#state) {
      const data = tensors[key];
      if (data === undefined || data.length !== t.length) {
        throw new RangeError(
          `Cannot restore optimizer state: ${key} has ${data === undefined ? "no tensor" : `${data.length} values`}, expected ${t.length} values`,
        );
      }
      this.#be.write(t, data);
    }
  }

  /** Frees the state tensors. */
  release(): void {
    for (const t of this.#state.values()) this.#be.release(t);
    this.#state.clear();
  }

  #pair(slot: string): { w: Tensor<"f32">; b: Tensor<"f32"> } {
    return { w: this.#slot("weight", slot), b: this.#slot("bias", slot) };
  }

  #slot(name: string, slot: string): Tensor<"f32"> {
    const t = this.#state.get(`${name}.${slot}`);
    if (t === undefined)
      throw new RangeError(`Cannot step optimizer: no ${slot} state for parameter ${name}`);
    return t;
  }
}
