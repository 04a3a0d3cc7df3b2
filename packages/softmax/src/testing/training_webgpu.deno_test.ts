// A whole (small) training run on WebGPU (Deno on a real adapter: lavapipe in CI) reaches the CPU's
// accuracy: 2,000 MNIST images, 3 epochs, batch 128 (which does not divide 2,000), same seed and
// starting weights, test accuracy on 1,000 images within 0.2 percentage points after every epoch.
// No silent skip: without an adapter the test fails saying why.
import { join } from "node:path";
import { loadMnist, subset } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { agreementFailures, describeRuns, sgdConfig, trainedRun } from "./_test_agreement.ts";

const dataDir = mnistDataDir(import.meta.url);

for (const [loss, lr, momentum] of [
  ["cross-entropy", 0.1, 0.9],
  ["mse", 2, 0.9],
] as const) {
  Deno.test({
    name: `webgpu training (${loss}, lr ${lr}, momentum ${momentum}) matches the CPU within 0.2 pp`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const all = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
      const data = { train: subset(all.train, 2000), test: subset(all.test, 1000) };
      const config = sgdConfig({ loss, lr, momentum, batchSize: 128, epochs: 3, seed: 42 });
      const gpu = await createWebGpuBackend().catch((error: Error) => {
        throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
      });
      try {
        const onGpu = await trainedRun(gpu, data, config);
        const onCpu = await trainedRun(createCpuBackend(), data, config);
        for (const line of describeRuns(["webgpu", "cpu"], onGpu, onCpu)) console.log(line);
        const tolerances = { accuracyPp: 0.2, lossRelative: 1e-3, minAccuracy: 0.75, weights: 1e-3 };
        const failures = agreementFailures(onGpu, onCpu, tolerances);
        if (failures.length > 0) throw new Error(`webgpu vs cpu: ${failures.join("; ")}`);
      } finally {
        gpu.destroy();
      }
    },
  });
}
