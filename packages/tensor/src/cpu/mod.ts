/**
 * The CPU backend: sparse WebAssembly SIMD kernels, TypeScript where the runtime lacks SIMD.
 * @module
 */
export { type CpuBackendOptions, createCpuBackend } from "./cpu_backend.ts";
