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

// The same run with the training and test sets cut into 100,000-byte buffers (127.55 images each, so
// most cuts fall inside an image) gives the one-buffer run's numbers exactly, and so the CPU's.
Deno.test({
  name: "webgpu training on a dataset split across 16 buffers equals the one-buffer run exactly",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const all = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
    const data = { train: subset(all.train, 2000), test: subset(all.test, 1000) };
    const config = sgdConfig({
      loss: "cross-entropy",
      lr: 0.1,
      momentum: 0.9,
      batchSize: 128,
      epochs: 2,
      seed: 3,
    });
    const whole = await createWebGpuBackend();
    const split = await createWebGpuBackend({ maxDatasetBindingBytes: 100_000 });
    try {
      const one = await trainedRun(whole, data, config);
      const parts = await trainedRun(split, data, config);
      for (const line of describeRuns(["split", "one buffer"], parts, one)) console.log(line);
      const exact = { accuracyPp: 0, lossRelative: 0, minAccuracy: 0.75 };
      const failures = agreementFailures(parts, one, exact);
      const w = parts.model.weight;
      const i = w.findIndex((v, k) => !Object.is(v, one.model.weight[k]));
      if (i >= 0) failures.push(`W[${i}] is ${w[i]} split, ${one.model.weight[i]} in one buffer`);
      if (failures.length > 0) throw new Error(`split vs one buffer: ${failures.join("; ")}`);
      const cpu = await trainedRun(createCpuBackend(), data, config);
      const close = agreementFailures(parts, cpu, {
        accuracyPp: 0.2,
        lossRelative: 1e-3,
        minAccuracy: 0.75,
        weights: 1e-3,
      });
      if (close.length > 0) throw new Error(`split webgpu vs cpu: ${close.join("; ")}`);
    } finally {
      whole.destroy();
      split.destroy();
    }
  },
});
