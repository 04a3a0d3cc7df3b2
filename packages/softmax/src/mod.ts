/**
 * `@mnist/softmax`: softmax regression on MNIST — model, losses, optimisers, trainer, evaluation,
 * checkpoints and presets. Runs on any `@mnist/tensor` backend.
 *
 * Runtime-neutral.
 * @module
 */

export { Random } from "@mnist/tensor";
export * from "./checkpoint.ts";
export * from "./config.ts";
export * from "./evaluate.ts";
export * from "./model.ts";
export * from "./model_json.ts";
export * from "./onnx.ts";
export * from "./optimizer.ts";
export * from "./safetensors.ts";
export * from "./schedule.ts";
export * from "./trainer.ts";
export * from "./validation.ts";
