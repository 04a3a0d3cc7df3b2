/**
 * `@mnist/softmax`: softmax regression on MNIST — model, losses, optimisers, trainer, evaluation.
 * @module
 */
export * from "./config.ts";
export * from "./model.ts";
export * from "./random.ts";
export * from "./trainer.ts";
