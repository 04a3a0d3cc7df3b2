/**
 * The shared conformance suite on a real WebGPU adapter in Deno (Mesa's lavapipe in CI).
 * A missing adapter fails every case with the reason; nothing is skipped.
 */
import { conformanceCases } from "../testing/conformance.ts";
import { createReferenceBackend } from "../testing/reference_backend.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

let backend: Promise<WebGpuBackend> | null = null;
function shared(): Promise<WebGpuBackend> {
  backend ??= createWebGpuBackend().catch((error: Error) => {
    throw new Error(`No WebGPU adapter in Deno (install mesa-vulkan-drivers for lavapipe): ${error.message}`);
  });
  return backend;
}

const options = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "webgpu backend runs on a WebGPU adapter in Deno and reports it",
  ...options,
  async fn() {
    const be = await shared();
    const a = be.adapter;
    console.log(
      `adapter: ${a.vendor} / ${a.architecture} / ${a.description} / fallback=${a.isFallbackAdapter}`,
    );
    if (be.kind !== "webgpu" || typeof a.isFallbackAdapter !== "boolean")
      throw new Error("bad adapter report");
  },
});

for (const c of conformanceCases()) {
  Deno.test({
    name: `webgpu backend conformance (Deno): ${c.name} [${c.tolerance}]`,
    ...options,
    fn: async () => c.run(await shared(), createReferenceBackend()),
  });
}

// The same kernels with every dispatch of more than 16 workgroups split into a 2-D grid.
const splitCases = /F=784|n=100|n=250|n=4200|7850|training chain/;
let split: Promise<WebGpuBackend> | null = null;
for (const c of conformanceCases().filter((c) => splitCases.test(c.name))) {
  Deno.test({
    name: `webgpu backend conformance, dispatches split at 16 workgroups per dimension (Deno): ${c.name}`,
    ...options,
    async fn() {
      split ??= createWebGpuBackend({ maxWorkgroupsPerDimension: 16 });
      await c.run(await split, createReferenceBackend());
    },
  });
}

// trainStep through the five separate kernels (`fused: false`), the path the fused one replaces.
let unfused: Promise<WebGpuBackend> | null = null;
for (const c of conformanceCases().filter((c) => c.name.startsWith("trainStep"))) {
  Deno.test({
    name: `webgpu backend conformance, fused: false (Deno): ${c.name}`,
    ...options,
    async fn() {
      unfused ??= createWebGpuBackend({ fused: false });
      await c.run(await unfused, createReferenceBackend());
    },
  });
}

// Every op that reads a dataset, with the dataset's bytes cut into 1,000-byte buffers (inside 784-,
// 129- and 61-byte rows alike) and each batch gathered from them (`_dataset_parts.ts`).
const datasetCases = /^(linearForward|linearBackward|lossAndGrad|training chain|trainStep)/;
let parts: Promise<WebGpuBackend> | null = null;
for (const c of conformanceCases().filter((c) => datasetCases.test(c.name))) {
  Deno.test({
    name: `webgpu backend conformance, datasets split into 1,000-byte buffers (Deno): ${c.name}`,
    ...options,
    async fn() {
      parts ??= createWebGpuBackend({ maxDatasetBindingBytes: 1000 });
      await c.run(await parts, createReferenceBackend());
    },
  });
}

Deno.test({
  name: "webgpu backend (Deno): destroy frees the device it requested",
  ...options,
  async fn() {
    (await split)?.destroy();
    (await unfused)?.destroy();
    (await parts)?.destroy();
    const be = await shared();
    be.destroy();
    const info = await be.device.lost;
    if (info.reason !== "destroyed") throw new Error(`device lost for ${info.reason}, expected destroyed`);
  },
});
