// PyTorch parity on the WebGPU backend (Deno on a real adapter: lavapipe in CI). No silent skip:
// without an adapter `createWebGpuBackend` throws and the test fails saying why.
import { join } from "node:path";
import { loadMnist } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { PARITY_CASES, type ParityFixture, parityFailures, runParityCase } from "./parity.ts";

const dataDir = mnistDataDir(import.meta.url);
const fixtureDir = new URL("../../test/fixtures/torch-parity/", import.meta.url);

// The trainer's steps take the fused kernels by default; `fused: false` keeps the five separate ones
// (what the fused kernels replaced) under the same fixtures.
for (const fused of [true, false]) {
  Deno.test(`PyTorch parity on the WebGPU backend (fused: ${fused}): all five cases`, async (t) => {
    const data = await loadMnist((file) => Deno.readFile(join(dataDir, file)));
    const backend = await createWebGpuBackend({ fused });
    try {
      for (const name of PARITY_CASES) {
        await t.step(name, async () => {
          const fixture: ParityFixture = JSON.parse(
            await Deno.readTextFile(new URL(`${name}.json`, fixtureDir)),
          );
          const report = await runParityCase(backend, fixture, data);
          const failures = parityFailures(report);
          if (report.lossPerStep.length !== 20 || failures.length > 0) {
            throw new Error(`parity failed on ${backend.adapter?.description}: ${failures.join("; ")}`);
          }
        });
      }
    } finally {
      backend.destroy();
    }
  });
}
