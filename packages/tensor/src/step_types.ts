/**
 * The hyper-parameters and tensor bundles that `Backend`'s optimiser and training-step ops take
 * (`sgdStep`, `adamStep`, `trainStep`, `trainStepGroup`, `evaluateGroup`); re-exported by
 * `backend.ts`, whose conventions they follow.
 *
 * Runtime-neutral: types only.
 * @module
 */
import type { LossKind, Tensor } from "./backend.ts";

/** Hyper-parameters of one SGD step, with PyTorch `torch.optim.SGD` semantics. */
export interface SgdParams {
  /** Learning rate. */
  readonly lr: number;
  /** Momentum factor (0: plain SGD). */
  readonly momentum: number;
  /** Dampening of the gradient added to the momentum buffer. */
  readonly dampening: number;
  /** Whether to use Nesterov momentum. */
  readonly nesterov: boolean;
  /** L2 penalty added to the gradient (`weight_decay`). */
  readonly weightDecay: number;
  /** 1-based step number; on step 1 the momentum buffer is initialised to the gradient (as PyTorch). */
  readonly step: number;
}

/** Hyper-parameters of one Adam step, with PyTorch `torch.optim.Adam` semantics (L2 weight decay). */
export interface AdamParams {
  /** Learning rate. */
  readonly lr: number;
  /** Decay rate of the first-moment estimate. */
  readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  readonly beta2: number;
  /** Added to the denominator for numerical stability. */
  readonly eps: number;
  /** L2 penalty added to the gradient (`weight_decay`, not decoupled as AdamW). */
  readonly weightDecay: number;
  /** 1-based step number, used for bias correction. */
  readonly step: number;
}

/** A parameter pair of the model: the weight `W[F×C]` (input-major) and the bias `b[C]`, or state shaped like them. */
export interface ModelTensors {
  /** The weight, `F×C` input-major (or state shaped like it). */
  readonly w: Tensor<"f32">;
  /** The bias, `C` (or state shaped like it). */
  readonly b: Tensor<"f32">;
}

/**
 * The optimiser update of a {@link Backend.trainStep}, with its state tensors (each shaped like the
 * parameter it belongs to): SGD as {@link Backend.sgdStep} (`velocity` required when momentum ≠ 0,
 * otherwise ignored), Adam as {@link Backend.adamStep}.
 */
export type StepUpdate =
  | { readonly kind: "sgd"; readonly params: SgdParams; readonly velocity: ModelTensors | null }
  | {
      readonly kind: "adam";
      readonly params: AdamParams;
      readonly m: ModelTensors;
      readonly v: ModelTensors;
    };

/**
 * The tensors of a {@link Backend.trainStep}: the model it updates and four scratch tensors. `z` and
 * `g` hold at least `n×C` elements, `gw` is `F×C` and `gb` is `C`; what the scratch tensors hold
 * afterwards is unspecified (a backend that fuses the step need not write them at all).
 */
export interface TrainStepTensors extends ModelTensors {
  /** Scratch for the logits (then probabilities), at least `n×C`. */
  readonly z: Tensor<"f32">;
  /** Scratch for the logit gradients, at least `n×C`. */
  readonly g: Tensor<"f32">;
  /** Scratch for the weight gradient, `F×C`. */
  readonly gw: Tensor<"f32">;
  /** Scratch for the bias gradient, `C`. */
  readonly gb: Tensor<"f32">;
}

/** The optimiser update of one member of a {@link Backend.trainStepGroup}: its hyper-parameters only. */
export type GroupUpdate =
  | { readonly kind: "sgd"; readonly params: SgdParams }
  | { readonly kind: "adam"; readonly params: AdamParams };

/** One model of a {@link Backend.trainStepGroup}: its loss and its optimiser update. */
export interface GroupMember {
  /** The member's loss. */
  readonly loss: LossKind;
  /** The member's optimiser and this step's hyper-parameters (learning rate, step number…). */
  readonly update: GroupUpdate;
}

/**
 * The tensors of a {@link Backend.trainStepGroup} of `K` models over `F` features and `C` classes,
 * each the `K` models' tensors stacked: model `k`'s weight `W[F×C]` (input-major) is
 * `w[k·F·C … (k+1)·F·C)` (so `w` is `[K·F, C]`), its bias `b[k·C … (k+1)·C)`; optimiser state is
 * stacked the same way. The scratch tensors hold at least `K·n·C` (`z`, `g`), `K·F·C` (`gw`) and
 * `K·C` (`gb`) elements; what they hold afterwards is unspecified.
 */
export interface GroupStepTensors extends TrainStepTensors {
  /** SGD momentum buffers (`[K·F·C]`, `[K·C]`); required when a member uses momentum, else null. */
  readonly velocity: ModelTensors | null;
  /** Adam first moments (`[K·F·C]`, `[K·C]`); required when a member uses Adam, else null. */
  readonly m: ModelTensors | null;
  /** Adam second moments, stacked like {@link GroupStepTensors.m}; required with it. */
  readonly v: ModelTensors | null;
}

/**
 * The tensors of a {@link Backend.evaluateGroup} of `K` models over `F` features and `C` classes:
 * the stacked parameters, as in {@link GroupStepTensors}, and scratch logits.
 */
export interface GroupEvalTensors {
  /** The `K` weights `W[F×C]` (input-major), stacked: `[K·F·C]`. */
  readonly w: Tensor<"f32">;
  /** The `K` biases, stacked: `[K·C]`. */
  readonly b: Tensor<"f32">;
  /** Scratch logits of at least `K·n·C` values; what it holds afterwards is unspecified. */
  readonly z: Tensor<"f32">;
}
