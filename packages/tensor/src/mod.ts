/**
 * `@mnist/tensor`: the {@link Backend} interface, backend selection and the CPU backend.
 * WebGPU lives in `@mnist/tensor/webgpu`.
 * @module
 */
export type * from "./backend.ts";
export { type CpuBackendOptions, type CpuKernel, createCpuBackend } from "./cpu/cpu_backend.ts";
export type {
  AdapterProbe,
  BackendChoice,
  BackendPreference,
  CreateBackendOptions,
} from "./create_backend.ts";
export { createBackend, probeAdapter } from "./create_backend.ts";
export { Random } from "./random.ts";
export { WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";
