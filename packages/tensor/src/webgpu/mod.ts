/**
 * The WebGPU compute-shader backend.
 * @example
 * ```ts
 * import { createWebGpuBackend, WebGpuUnavailableError } from "@mnist/tensor/webgpu";
 * try {
 *   const gpu = await createWebGpuBackend();
 *   console.log(gpu.adapter.description, await gpu.read(gpu.upload("f32", new Float32Array([1, 2]))));
 *   gpu.destroy();
 * } catch (e) {
 *   if (!(e instanceof WebGpuUnavailableError)) throw e;
 *   console.log(e.message); // e.g. Cannot use WebGPU: navigator.gpu is undefined…
 * }
 * ```
 *
 * @module
 */
export type { KernelTime, WebGpuBackend, WebGpuOptions } from "./webgpu_backend.ts";
export { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu_backend.ts";
