/**
 * The trainer on WebGPU under Node (npm `webgpu`, Dawn, on SwiftShader: `tools/testing/node_gpu.ts`)
 * reaches the CPU's accuracy: 1,000 MNIST images, 3 epochs, within 0.2 pp after every epoch. If the
 * package, the driver or the adapter is missing, the test fails with the reason; nothing is skipped.
 */
import { createCpuBackend } from "@mnist/tensor/cpu";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { expect, it } from "vitest";
import { createNodeGpu, SWIFTSHADER_ICD } from "../../../../tools/testing/node_gpu.ts";
import { smallMnist } from "../_test_fixtures.ts";
import { agreementFailures, describeRuns, sgdConfig, trainedRun } from "./_test_agreement.ts";

it("trains 1,000 MNIST images on Node's WebGPU to the CPU's accuracy (within 0.2 pp after each epoch)", async () => {
  const gpu = await createWebGpuBackend({ gpu: await createNodeGpu() }).catch((error: Error) => {
    throw new Error(
      `No WebGPU adapter from the npm package webgpu with VK_ICD_FILENAMES=${SWIFTSHADER_ICD}: ${error.message}`,
    );
  });
  try {
    expect(`${gpu.adapter.vendor} ${gpu.adapter.architecture} ${gpu.adapter.description}`).toMatch(
      /swiftshader/i,
    );
    const data = await smallMnist(1000, 1000);
    const config = sgdConfig({
      loss: "cross-entropy",
      lr: 0.1,
      momentum: 0.9,
      batchSize: 128,
      epochs: 3,
      seed: 7,
    });
    const onGpu = await trainedRun(gpu, data, config);
    const onCpu = await trainedRun(createCpuBackend(), data, config);
    for (const line of describeRuns(["webgpu", "cpu"], onGpu, onCpu)) console.log(line);
    expect(
      agreementFailures(onGpu, onCpu, { accuracyPp: 0.2, lossRelative: 1e-3, minAccuracy: 0.75 }),
    ).toEqual([]);
  } finally {
    gpu.destroy();
  }
});
