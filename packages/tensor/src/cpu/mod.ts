/**
 * The CPU backend: plain TypeScript over typed arrays, sparse by default.
 * @module
 */
export { type CpuBackendOptions, createCpuBackend } from "./cpu_backend.ts";
