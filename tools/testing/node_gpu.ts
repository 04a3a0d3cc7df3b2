/**
 * WebGPU under Node for the tests: the `GPU` of the npm package `webgpu` (Dawn's Node binding) on
 * SwiftShader's Vulkan driver from Debian's `chromium`. Developers and CI only.
 *
 * Dawn here rejects Mesa's lavapipe (the only system Vulkan driver), so the Vulkan loader must be
 * pointed at SwiftShader with `VK_ICD_FILENAMES`. It is set here, in the test process, rather than in
 * a package's `test` script: the loader reads it when `create()` builds Dawn's instance, vitest runs
 * each file in a child process (the default `forks` pool; worker threads would get a private copy of
 * `process.env`), and the same scripts also run `deno test`, whose lavapipe adapter must stay lavapipe.
 * @module
 */
import { existsSync } from "node:fs";

/** SwiftShader's Vulkan driver as Debian's `chromium` installs it. */
export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

/**
 * A fresh `GPU` from the npm package `webgpu` on SwiftShader, with the WebGPU namespaces installed
 * as globals.
 * @throws {Error} naming what is missing: the driver or the package.
 */
export async function createNodeGpu(): Promise<GPU> {
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
      `Cannot load the npm package webgpu: ${(error as Error).message.split("\n")[0]}, expected it installed as a devDependency of the workspace root (pnpm install)`,
    );
  }
  // The backend reads the WebGPU namespaces (GPUBufferUsage, GPUMapMode, GPUShaderStage) as globals,
  // as in browsers and Deno; the package exports them and leaves installing them to the caller.
  Object.assign(globalThis, webgpu.globals);
  return webgpu.create([]);
}
