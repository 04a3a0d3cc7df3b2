/**
 * Snapshots of the generated WGSL, so a shader change shows up in review without a GPU.
 * One `.wgsl` file per kernel variant under `__snapshots__/`.
 */
import { describe, expect, it } from "vitest";
import type { Kernel } from "./_kernel.ts";
import { adamStepKernel } from "./adam_step.ts";
import { evalReduceKernel, evalRowsKernel } from "./evaluate_group.ts";
import { fillKernel } from "./fill.ts";
import { gatherRowsKernel } from "./gather_rows.ts";
import { linearBackwardKernel } from "./linear_backward.ts";
import { linearForwardKernel } from "./linear_forward.ts";
import { lossAndGradKernel } from "./loss_and_grad.ts";
import { sgdStepKernel } from "./sgd_step.ts";
import { softmaxKernel } from "./softmax.ts";
import { trainForwardKernel } from "./train_forward.ts";
import { trainForwardGroupKernel } from "./train_forward_group.ts";
import { trainForwardSparseKernel } from "./train_forward_sparse.ts";
import { trainUpdateKernel } from "./train_update.ts";
import { trainUpdateGroupKernel } from "./train_update_group.ts";

const variants: Record<string, Kernel> = {
  "linear_forward.mnist.uniform_weights": linearForwardKernel({
    features: 784,
    classes: 10,
    ordered: false,
    workgroupSize: 64,
    uniformBytes: 65536,
  }),
  "linear_forward.class_blocks": linearForwardKernel({
    features: 40,
    classes: 20,
    ordered: false,
    workgroupSize: 64,
    uniformBytes: 65536,
  }),
  "eval_rows.mse.mnist.ordered.confusion": evalRowsKernel({
    loss: "mse",
    features: 784,
    classes: 10,
    ordered: true,
    confusion: true,
    workgroupSize: 64,
    uniformBytes: 65536,
  }),
  "eval_rows.cross_entropy.stacked_weights": evalRowsKernel({
    loss: "cross-entropy",
    features: 784,
    classes: 10,
    ordered: false,
    confusion: false,
    workgroupSize: 64,
    uniformBytes: 0,
  }),
  "eval_rows.cross_entropy.odd_features": evalRowsKernel({
    loss: "cross-entropy",
    features: 61,
    classes: 5,
    ordered: false,
    confusion: true,
    workgroupSize: 64,
    uniformBytes: 65536,
  }),
  eval_reduce: evalReduceKernel(256),
  "linear_forward.mnist.ordered": linearForwardKernel({
    features: 784,
    classes: 10,
    ordered: true,
    workgroupSize: 64,
    uniformBytes: 0,
  }),
  "linear_forward.odd_features": linearForwardKernel({
    features: 13,
    classes: 3,
    ordered: false,
    workgroupSize: 64,
    uniformBytes: 0,
  }),
  "linear_backward.mnist.ordered": linearBackwardKernel({
    features: 784,
    classes: 10,
    ordered: true,
    workgroupSize: 64,
  }),
  "loss_and_grad.mse.grad": lossAndGradKernel({
    loss: "mse",
    classes: 10,
    ordered: true,
    grad: "separate",
    confusion: false,
    workgroupSize: 256,
  }),
  "loss_and_grad.cross_entropy.confusion": lossAndGradKernel({
    loss: "cross-entropy",
    classes: 10,
    ordered: false,
    grad: "none",
    confusion: true,
    workgroupSize: 256,
  }),
  "loss_and_grad.cross_entropy.in_place": lossAndGradKernel({
    loss: "cross-entropy",
    classes: 10,
    ordered: false,
    grad: "in-place",
    confusion: false,
    workgroupSize: 256,
  }),
  "softmax.classes10": softmaxKernel({ classes: 10, inPlace: false, workgroupSize: 64 }),
  "sgd_step.momentum": sgdStepKernel({ momentum: true, workgroupSize: 64 }),
  "sgd_step.plain": sgdStepKernel({ momentum: false, workgroupSize: 64 }),
  adam_step: adamStepKernel({ workgroupSize: 64 }),
  fill: fillKernel({ workgroupSize: 64 }),
  "gather_rows.mnist.ordered": gatherRowsKernel({ rowBytes: 784, ordered: true, workgroupSize: 64 }),
  "gather_rows.labels": gatherRowsKernel({ rowBytes: 1, ordered: false, workgroupSize: 64 }),
  "train_forward.mse.mnist.ordered": trainForwardKernel({
    loss: "mse",
    features: 784,
    classes: 10,
    ordered: true,
    workgroupSize: 32,
  }),
  "train_forward.cross_entropy.odd_features": trainForwardKernel({
    loss: "cross-entropy",
    features: 61,
    classes: 5,
    ordered: false,
    workgroupSize: 32,
  }),
  "train_forward_sparse.mse.mnist.ordered": trainForwardSparseKernel({
    loss: "mse",
    classes: 10,
    ordered: true,
    workgroupSize: 64,
  }),
  "train_forward_sparse.cross_entropy.odd_classes": trainForwardSparseKernel({
    loss: "cross-entropy",
    classes: 5,
    ordered: false,
    workgroupSize: 64,
  }),
  "train_forward_sparse.cross_entropy.mnist.forward_rows": trainForwardSparseKernel({
    loss: "cross-entropy",
    classes: 10,
    ordered: true,
    workgroupSize: 64,
    forwardRows: true,
  }),
  "train_update.adam.mnist.forward_rows": trainUpdateKernel({
    optimizer: "adam",
    features: 784,
    classes: 10,
    ordered: false,
    workgroupSize: 64,
    forwardRows: true,
  }),
  "train_update.sgd.mnist.ordered": trainUpdateKernel({
    optimizer: "sgd",
    features: 784,
    classes: 10,
    ordered: true,
    workgroupSize: 64,
  }),
  "train_update.sgd_momentum.mnist.ordered": trainUpdateKernel({
    optimizer: "sgd-momentum",
    features: 784,
    classes: 10,
    ordered: true,
    workgroupSize: 64,
  }),
  "train_update.adam.odd_features": trainUpdateKernel({
    optimizer: "adam",
    features: 61,
    classes: 5,
    ordered: false,
    workgroupSize: 64,
  }),
  "train_forward_group.mnist.ordered": trainForwardGroupKernel({
    features: 784,
    classes: 10,
    models: 16,
    ordered: true,
    workgroupSize: 32,
  }),
  "train_forward_group.odd_features": trainForwardGroupKernel({
    features: 61,
    classes: 5,
    models: 3,
    ordered: false,
    workgroupSize: 32,
  }),
  "train_forward_group_sparse.mnist.ordered": trainForwardGroupKernel({
    features: 784,
    classes: 10,
    models: 16,
    ordered: true,
    workgroupSize: 64,
    sparse: true,
  }),
  "train_forward_group_sparse.odd_classes": trainForwardGroupKernel({
    features: 61,
    classes: 5,
    models: 3,
    ordered: false,
    workgroupSize: 64,
    sparse: true,
  }),
  "train_update_group.sgd.mnist.ordered": trainUpdateGroupKernel({
    optimizer: "sgd",
    features: 784,
    classes: 10,
    models: 16,
    ordered: true,
    workgroupSize: 64,
  }),
  "train_update_group.adam.odd_features": trainUpdateGroupKernel({
    optimizer: "adam",
    features: 61,
    classes: 5,
    models: 3,
    ordered: false,
    workgroupSize: 64,
  }),
};

describe("generated WGSL", () => {
  for (const [name, kernel] of Object.entries(variants)) {
    it(`${name} matches __snapshots__/${name}.wgsl`, async () => {
      await expect(kernel.code).toMatchFileSnapshot(`__snapshots__/${name}.wgsl`);
    });
  }

  it("declares one buffer binding per access mode it reports, after the params block", () => {
    const accessOf = (m: RegExpMatchArray) =>
      m[2] === "uniform" ? "uniform" : m[3] === "read" ? "read" : "write";
    for (const [name, kernel] of Object.entries(variants)) {
      const declared = [
        ...kernel.code.matchAll(/@binding\((\d+)\) var<(storage, (read_write|read)|uniform)> (\w+)/g),
      ].filter((m) => m[4] !== "params");
      expect(
        declared.map((m) => [Number(m[1]), accessOf(m)]),
        name,
      ).toEqual(kernel.storage.map((access, i) => [i + 1, access]));
      expect(kernel.code, name).toMatch(/@binding\(0\) var<uniform> params: Params;/);
    }
  });

  it("bakes the sizes at hand into the source", () => {
    const a = linearForwardKernel({
      features: 784,
      classes: 10,
      ordered: false,
      workgroupSize: 64,
      uniformBytes: 0,
    });
    const b = linearForwardKernel({
      features: 61,
      classes: 5,
      ordered: false,
      workgroupSize: 32,
      uniformBytes: 65536,
    });
    expect(a.code).toContain("const F = 784u;");
    expect(a.code).toContain("images[base0 + k4]"); // rows start on a word: read 4 pixels at once
    expect(a.code).toContain("w: array<vec4f>"); // … and the word's weights as C vec4s
    expect(b.code).toContain("const F = 61u;");
    expect(b.code).toContain("pixel(base0 + k)"); // odd F: byte by byte
    expect(b.code).toContain("w: array<f32>");
    expect(a.key).not.toBe(b.key);
  });
});
