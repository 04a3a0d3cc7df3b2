/**
 * The WebGPU compute-shader backend.
 * @module
 */
export { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu_backend.ts";
