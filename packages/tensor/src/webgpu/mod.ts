/**
 * The WebGPU compute-shader backend.
 * @module
 */
export type { KernelTime, WebGpuBackend, WebGpuOptions } from "./webgpu_backend.ts";
export { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu_backend.ts";
