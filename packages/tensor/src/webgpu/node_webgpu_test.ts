/**
 * The WebGPU backend under Node, on the `GPU` of the npm package `webgpu` (Dawn's Node binding) with
 * SwiftShader's Vulkan driver (`tools/testing/node_gpu.ts`): the shared conformance suite against the
 * float64 reference backend (as in Deno and Chromium). The training check on the same GPU lives with
 * the trainer, in `@mnist/softmax`. If the package, the driver or the adapter is missing, every test
 * fails with the reason; nothing is skipped.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { createNodeGpu, SWIFTSHADER_ICD } from "../../../../tools/testing/node_gpu.ts";
import { conformanceCases } from "../testing/conformance.ts";
import { createReferenceBackend } from "../testing/reference_backend.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

let backend: Promise<WebGpuBackend> | null = null;
function shared(): Promise<WebGpuBackend> {
  backend ??= createNodeGpu().then((gpu) =>
    createWebGpuBackend({ gpu }).catch((error: Error) => {
      throw new Error(
        `No WebGPU adapter from the npm package webgpu with VK_ICD_FILENAMES=${SWIFTSHADER_ICD}: ${error.message}`,
      );
    }),
  );
  return backend;
}

afterAll(async () => {
  // Whoever requested the device destroys it (the GC test's backend is destroyed in that test). Node
  // exits after this either way; webgpu 0.6.2 did not hold the process open even without it.
  const be = await backend?.catch(() => null);
  if (be) {
    be.destroy();
    expect((await be.device.lost).reason).toBe("destroyed");
  }
});

describe("webgpu backend under Node (npm webgpu, SwiftShader)", () => {
  it("runs on SwiftShader and reports the adapter", async () => {
    const be = await shared();
    const a = be.adapter;
    console.log(
      `Node adapter: ${a.vendor} / ${a.architecture} / ${a.description} / fallback=${a.isFallbackAdapter}`,
    );
    expect(be.kind).toBe("webgpu");
    expect(`${a.vendor} ${a.architecture} ${a.description}`).toMatch(/swiftshader/i);
    expect(typeof a.isFallbackAdapter).toBe("boolean");
  });

  it("keeps a GPU that nothing else holds alive while its device lives (garbage collection)", async () => {
    // Dawn's binding frees its instance with the GPU object even while a device still uses it; before
    // _device.ts kept the GPU for the device, this crashed the process inside Dawn's ProcessEvents.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const be = await createWebGpuBackend({ gpu: await createNodeGpu() });
    try {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const t = be.upload("f32", new Float32Array([1, 2, 3]));
      expect(Array.from(await be.read(t))).toEqual([1, 2, 3]);
    } finally {
      be.destroy();
    }
  });

  for (const c of conformanceCases()) {
    it(`conformance: ${c.name} [${c.tolerance}]`, async () =>
      c.run(await shared(), createReferenceBackend()));
  }

  // Datasets cut into 1,000-byte buffers, inside images (`_dataset_parts.ts`): the cases that train.
  let split: WebGpuBackend | null = null;
  afterAll(() => split?.destroy());
  for (const c of conformanceCases().filter((c) => /^(training chain|trainStep mse)/.test(c.name))) {
    it(`conformance, datasets split into 1,000-byte buffers: ${c.name}`, async () => {
      split ??= await createWebGpuBackend({ gpu: await createNodeGpu(), maxDatasetBindingBytes: 1000 });
      await c.run(split, createReferenceBackend());
    });
  }
});
