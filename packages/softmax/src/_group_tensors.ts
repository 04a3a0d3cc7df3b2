/**
 * The device tensors of a group of models trained together (`Backend.trainStepGroup`): parameters
 * and optimiser state of every member stacked model after model, uploaded from and read back into
 * each member's own host state (the model and optimiser tensors a checkpoint holds).
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend, GroupMember, GroupStepTensors, ModelTensors, Tensor } from "@mnist/tensor";
import type { ResolvedConfig } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { type OptimizerTensors, optimizerSlots } from "./optimizer.ts";

/** What a member starts from: its parameters and (when resuming) its optimiser state. */
export interface MemberStart {
  readonly model: SoftmaxRegression;
  readonly optimizer?: OptimizerTensors;
}

/** The stacked state tensor of each PyTorch state name. */
const SLOT_OF = { momentum_buffer: "velocity", exp_avg: "m", exp_avg_sq: "v" } as const;
type Slot = keyof typeof SLOT_OF;

/** A group's stacked tensors on a backend, for the members in `configs` order. */
export class GroupTensors {
  readonly t: GroupStepTensors;
  readonly #be: Backend;
  readonly #configs: readonly ResolvedConfig[];
  readonly #F: number;
  readonly #C: number;

  /**
   * Uploads the members' parameters and optimiser state (zeros where a member has none yet).
   * @param batch rows per step, which the scratch tensors must hold for every member.
   * @param evalRows rows per evaluation pass, which `z` must also hold for every model (`evaluateGroup`).
   * @throws {RangeError} when a member's optimiser state lacks a tensor or has the wrong length.
   */
  constructor(
    be: Backend,
    configs: readonly ResolvedConfig[],
    starts: readonly MemberStart[],
    batch: number,
    evalRows: number,
  ) {
    const { features: F, classes: C } = starts[0].model;
    const K = configs.length;
    this.#be = be;
    this.#configs = configs;
    this.#F = F;
    this.#C = C;
    const used = new Set(configs.flatMap((c) => optimizerSlots(c) as Slot[]));
    const state = (slot: Slot): ModelTensors | null =>
      used.has(slot)
        ? {
            w: this.#stack(F * C, (k) => this.#stateOf(starts[k], k, `weight.${slot}`, F * C)),
            b: this.#stack(C, (k) => this.#stateOf(starts[k], k, `bias.${slot}`, C)),
          }
        : null;
    this.t = {
      w: this.#stack(F * C, (k) => starts[k].model.weight),
      b: this.#stack(C, (k) => starts[k].model.bias),
      z: be.zeros("f32", K * Math.max(batch, evalRows) * C),
      g: be.zeros("f32", K * batch * C),
      gw: be.zeros("f32", K * F * C),
      gb: be.zeros("f32", K * C),
      velocity: state("momentum_buffer"),
      m: state("exp_avg"),
      v: state("exp_avg_sq"),
    };
  }

  /** Each member's loss and update for global step `step` at learning rates `lrs`. */
  members(lrs: readonly number[], step: number): GroupMember[] {
    return this.#configs.map((c, k): GroupMember => {
      const lr = lrs[k];
      if (c.optimizer === "adam") {
        const params = { lr, beta1: c.beta1, beta2: c.beta2, eps: c.eps, weightDecay: c.weightDecay, step };
        return { loss: c.loss, update: { kind: "adam", params } };
      }
      const { momentum, dampening, nesterov, weightDecay } = c;
      return {
        loss: c.loss,
        update: { kind: "sgd", params: { lr, momentum, dampening, nesterov, weightDecay, step } },
      };
    });
  }

  /** Every member's parameters and optimiser state, read back (copies, safe to keep). */
  async read(): Promise<{ models: SoftmaxRegression[]; optimizers: OptimizerTensors[] }> {
    const { t } = this;
    const [F, C] = [this.#F, this.#C];
    const [w, b] = [await this.#be.read(t.w), await this.#be.read(t.b)];
    const slots = new Map<Slot, [Float32Array, Float32Array]>();
    for (const slot of Object.keys(SLOT_OF) as Slot[]) {
      const m = t[SLOT_OF[slot]];
      if (m !== null) slots.set(slot, [await this.#be.read(m.w), await this.#be.read(m.b)]);
    }
    const models = this.#configs.map((_, k) => new SoftmaxRegression(F, C, part(w, k, F * C), part(b, k, C)));
    const optimizers = this.#configs.map((config, k) => {
      const out: OptimizerTensors = {};
      // Key order as DeviceOptimizer.save: every slot of the weight, then of the bias.
      for (const [param, per, i] of [["weight", F * C, 0] as const, ["bias", C, 1] as const]) {
        for (const slot of optimizerSlots(config) as Slot[]) {
          out[`${param}.${slot}`] = part((slots.get(slot) as [Float32Array, Float32Array])[i], k, per);
        }
      }
      return out;
    });
    return { models, optimizers };
  }

  /** Frees every tensor. */
  release(): void {
    const { t } = this;
    for (const x of [t.w, t.b, t.z, t.g, t.gw, t.gb]) this.#be.release(x);
    for (const s of [t.velocity, t.m, t.v]) {
      if (s !== null) for (const x of [s.w, s.b]) this.#be.release(x);
    }
  }

  #stack(per: number, of: (k: number) => Float32Array | undefined): Tensor<"f32"> {
    const host = new Float32Array(this.#configs.length * per);
    for (let k = 0; k < this.#configs.length; k++) {
      const data = of(k);
      if (data !== undefined) host.set(data, k * per);
    }
    return this.#be.upload("f32", host);
  }

  #stateOf(start: MemberStart, k: number, key: string, length: number): Float32Array | undefined {
    const slot = key.slice(key.indexOf(".") + 1);
    if (start.optimizer === undefined || !optimizerSlots(this.#configs[k]).includes(slot)) return undefined;
    const data = start.optimizer[key];
    if (data === undefined || data.length !== length) {
      throw new RangeError(
        `Cannot restore optimizer state of configuration ${k}: ${key} has ${data === undefined ? "no tensor" : `${data.length} values`}, expected ${length} values`,
      );
    }
    return data;
  }
}

function part(a: Float32Array, k: number, per: number): Float32Array {
  return a.slice(k * per, (k + 1) * per);
}
