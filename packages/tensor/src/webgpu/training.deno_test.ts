/**
 * A whole (small) training run on WebGPU reaches the CPU's accuracy: 2,000 MNIST images, 3 epochs,
 * batch 128 (which does not divide 2,000), same seed and starting weights, test accuracy on 1,000
 * images within 0.2 percentage points after every epoch.
 */
import { loadMnist } from "../../bench/mnist_files.ts";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { trainRun } from "./testing/training_run.ts";
import { createWebGpuBackend } from "./webgpu_backend.ts";

for (const [loss, lr, momentum] of [
  ["cross-entropy", 0.1, 0.9],
  ["mse", 2, 0.9],
] as const) {
  Deno.test({
    name: `webgpu training (${loss}, lr ${lr}, momentum ${momentum}) matches the CPU within 0.2 pp`,
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const data = await loadMnist(2000, 1000);
      const options = { epochs: 3, batch: 128, lr, momentum, loss, seed: 42 };
      const gpu = await createWebGpuBackend().catch((error: Error) => {
        throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers): ${error.message}`);
      });
      try {
        const onGpu = await trainRun(gpu, data, options);
        const onCpu = await trainRun(createCpuBackend(), data, options);
        for (let e = 0; e < options.epochs; e++) {
          const [g, c] = [onGpu.epochs[e], onCpu.epochs[e]];
          const gap = Math.abs(g.testAccuracy - c.testAccuracy) * 100;
          console.log(
            `epoch ${e + 1}: test accuracy webgpu ${(g.testAccuracy * 100).toFixed(2)}% cpu ${(c.testAccuracy * 100).toFixed(2)}%, train loss ${g.trainLoss.toFixed(5)} / ${c.trainLoss.toFixed(5)}`,
          );
          if (gap > 0.2)
            throw new Error(`epoch ${e + 1}: accuracy differs by ${gap.toFixed(2)} pp, expected ≤ 0.2`);
          if (Math.abs(g.trainLoss - c.trainLoss) > 1e-3 * Math.abs(c.trainLoss)) {
            throw new Error(
              `epoch ${e + 1}: train loss ${g.trainLoss} vs ${c.trainLoss}, expected within 0.1%`,
            );
          }
        }
        if (onCpu.epochs[2].testAccuracy < 0.75)
          throw new Error("the run did not learn: test accuracy < 75%");
        let worst = 0;
        for (let i = 0; i < onCpu.w.length; i++) worst = Math.max(worst, Math.abs(onGpu.w[i] - onCpu.w[i]));
        if (worst > 1e-3) throw new Error(`final weights differ by up to ${worst}, expected ≤ 1e-3`);
      } finally {
        gpu.destroy();
      }
    },
  });
}
