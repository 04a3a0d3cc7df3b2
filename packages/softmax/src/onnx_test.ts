// The exported ONNX model runs in onnxruntime (the Node binding, CPU provider) and gives the same
// probabilities and classes as the host model and the CPU backend on real MNIST test images.
import { type Dataset, subset } from "@mnist/idx";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { InferenceSession, Tensor } from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { mnist } from "./_test_fixtures.ts";
import { predict } from "./evaluate.ts";
import { SoftmaxRegression } from "./model.ts";
import { encodeOnnx, ONNX_IR_VERSION, ONNX_OPSET } from "./onnx.ts";

/**
 * A model that classifies MNIST without training: each class's weights are its mean image minus the
 * mean of all images (from the first 2000 training images), so probabilities are peaked, as a
 * trained model's are, rather than near-uniform as a fresh one's.
 */
function templateModel(train: Dataset): SoftmaxRegression {
  const F = train.features;
  const C = 10;
  const sums = new Float64Array(F * C);
  const counts = new Float64Array(C);
  const all = new Float64Array(F);
  for (let i = 0; i < train.count; i++) {
    const c = train.labels[i];
    counts[c]++;
    for (let k = 0; k < F; k++) {
      const x = train.images[i * F + k] / 255;
      sums[k * C + c] += x;
      all[k] += x;
    }
  }
  const model = new SoftmaxRegression(F, C);
  for (let k = 0; k < F; k++) {
    for (let c = 0; c < C; c++)
      model.weight[k * C + c] = 0.2 * (sums[k * C + c] / counts[c] - all[k] / train.count);
  }
  for (let c = 0; c < C; c++) model.bias[c] = Math.log(counts[c] / train.count);
  return model;
}

async function runOnnx(bytes: Uint8Array, images: Uint8Array, features: number) {
  const session = await InferenceSession.create(bytes);
  try {
    const x = Float32Array.from(images, (px) => px / 255);
    const out = await session.run({ input: new Tensor("float32", x, [images.length / features, features]) });
    return {
      inputs: session.inputNames,
      outputs: session.outputNames,
      logits: out.logits,
      probabilities: out.probabilities,
    };
  } finally {
    await session.release();
  }
}

function argmax(p: Float32Array, classes: number): number[] {
  return Array.from({ length: p.length / classes }, (_, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
    return best;
  });
}

describe("encodeOnnx", () => {
  it("runs in onnxruntime with the same probabilities and classes as the host and the CPU backend", async () => {
    const { train, test } = await mnist();
    const model = templateModel(subset(train, 2000));
    const images = subset(test, 100);
    const bytes = encodeOnnx(model, { producerVersion: "0.1.0", docString: "template model" });
    expect([bytes[0], bytes[1]]).toEqual([0x08, ONNX_IR_VERSION]);

    const onnx = await runOnnx(bytes, images.images, model.features);
    expect(onnx.inputs).toEqual(["input"]);
    expect(onnx.outputs).toEqual(["logits", "probabilities"]);
    expect(onnx.probabilities.dims).toEqual([100, 10]);
    expect(onnx.logits.dims).toEqual([100, 10]);
    const p = onnx.probabilities.data as Float32Array;

    const host = model.probabilities(images.images);
    const device = await predict(createCpuBackend(), model, images.images);
    let maxDiff = 0;
    for (let i = 0; i < host.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(p[i] - host[i]), Math.abs(p[i] - device.probabilities[i]));
    }
    expect(maxDiff).toBeLessThan(1e-5);
    expect(argmax(p, 10)).toEqual(Array.from(model.predict(images.images)));
    expect(argmax(p, 10)).toEqual(Array.from(device.classes));
    // A meaningful model, so the comparison is not between near-uniform rows.
    const correct = argmax(p, 10).filter((c, i) => c === images.labels[i]).length;
    expect(correct).toBeGreaterThan(50);
    expect(Math.max(...p)).toBeGreaterThan(0.9);
  });

  it("keeps the batch dimension dynamic: one image and seven give the same rows", async () => {
    const model = SoftmaxRegression.init(784, 10, 7);
    const { test } = await mnist();
    const seven = subset(test, 7).images;
    const bytes = encodeOnnx(model);
    const one = (await runOnnx(bytes, seven.subarray(0, 784), 784)).probabilities.data as Float32Array;
    const all = (await runOnnx(bytes, seven, 784)).probabilities.data as Float32Array;
    expect(all.length).toBe(70);
    for (let c = 0; c < 10; c++) expect(one[c]).toBeCloseTo(all[c], 6);
  });

  it("stores metadata_props that onnxruntime accepts, on a 16×16 three-class model", async () => {
    const model = SoftmaxRegression.init(256, 3, 5);
    const bytes = encodeOnnx(model, { metadata: { dataset: '{"name":"custom"}', class_names: "a,b,c" } });
    const text = new TextDecoder("latin1").decode(bytes);
    expect(text).toContain('dataset\x12\x11{"name":"custom"}');
    expect(text).toContain("class_names\x12\x05a,b,c");
    const images = new Uint8Array(2 * 256).map((_, i) => (i * 7) % 256);
    const onnx = await runOnnx(bytes, images, 256);
    expect(onnx.probabilities.dims).toEqual([2, 3]);
    expect(argmax(onnx.probabilities.data as Float32Array, 3)).toEqual(Array.from(model.predict(images)));
  });

  it("writes IR version 7 and opset 13 of the default domain", () => {
    const bytes = encodeOnnx(SoftmaxRegression.init(3, 2, 1));
    const tail = bytes.subarray(bytes.length - 6);
    // The last field is opset_import (8, length-delimited): { domain (1) "", version (2) 13 }.
    expect(Array.from(tail)).toEqual([0x42, 4, 0x0a, 0, 0x10, ONNX_OPSET]);
  });

  it("gives a file that onnxruntime rejects once it is corrupted", async () => {
    const bytes = encodeOnnx(SoftmaxRegression.init(784, 10, 1));
    const truncated = bytes.subarray(0, bytes.length - 40);
    await expect(InferenceSession.create(truncated)).rejects.toThrow();
    const badOp = bytes.slice();
    const gemm = new TextEncoder().encode("Gemm");
    const at = indexOf(badOp, gemm);
    expect(at).toBeGreaterThan(0);
    badOp.set(new TextEncoder().encode("Gexx"), at);
    await expect(InferenceSession.create(badOp)).rejects.toThrow(/Gexx/);
  });
});

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
