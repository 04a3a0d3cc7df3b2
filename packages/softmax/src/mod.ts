/**
 * `@mnist/softmax`: softmax regression on MNIST — model, losses, optimisers, trainer, evaluation,
 * checkpoints and presets. Runs on any `@mnist/tensor` backend.
 *
 * @example
 * ```ts
 * import { type Dataset } from "@mnist/idx";
 * import { train, SoftmaxRegression } from "@mnist/softmax";
 * import { createCpuBackend } from "@mnist/tensor";
 * // Two 2-pixel "images" per class: class 0 lights pixel 0, class 1 lights pixel 1.
 * const data: Dataset = {
 *   images: new Uint8Array([255, 0, 200, 0, 0, 255, 0, 200]),
 *   labels: new Uint8Array([0, 0, 1, 1]),
 *   count: 4, rows: 1, cols: 2, features: 2, classes: 2,
 * };
 * const backend = createCpuBackend();
 * let model = SoftmaxRegression.init(2, 2, 1);
 * for await (const e of train({
 *   backend, train: data, test: data,
 *   config: { loss: "cross-entropy", optimizer: "sgd", lr: 1, momentum: 0, nesterov: false, weightDecay: 0, batchSize: 2, epochs: 20, seed: 1, shuffle: true },
 * })) {
 *   if (e.type === "run-end") model = e.model;
 * }
 * console.log(model.predict(new Uint8Array([255, 0, 0, 255]))); // Uint8Array(2) [ 0, 1 ]
 * backend.destroy();
 * ```
 *
 * Runtime-neutral.
 * @module
 */

export { Random } from "@mnist/tensor";
export * from "./batch_source.ts";
export * from "./checkpoint.ts";
export * from "./config.ts";
export * from "./evaluate.ts";
export * from "./explain.ts";
export * from "./model.ts";
export * from "./model_json.ts";
export * from "./onnx.ts";
export * from "./optimizer.ts";
export * from "./safetensors.ts";
export * from "./safetensors_model.ts";
export * from "./schedule.ts";
export * from "./stream_source.ts";
export * from "./train_group.ts";
export * from "./trainer.ts";
export * from "./validation.ts";
