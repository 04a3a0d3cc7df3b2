/**
 * `@mnist/tensor`: the {@link Backend} interface, backend selection and the CPU backend.
 * WebGPU lives in `@mnist/tensor/webgpu`.
 * @example
 * ```ts
 * import { createBackend } from "@mnist/tensor";
 * const { backend, reason } = await createBackend({ prefer: "cpu" });
 * const t = backend.upload("f32", new Float32Array([1, 2, 3]));
 * console.log(reason, await backend.read(t)); // cpu (…) Float32Array(3) [ 1, 2, 3 ]
 * backend.destroy();
 * ```
 *
 * @module
 */
export type * from "./backend.ts";
export { cpuWorkerUrl } from "./cpu/_simd_protocol.ts";
export { type CpuBackendOptions, type CpuKernel, cpuThreads, createCpuBackend } from "./cpu/cpu_backend.ts";
export type {
  AdapterProbe,
  BackendChoice,
  BackendPreference,
  CreateBackendOptions,
} from "./create_backend.ts";
export { createBackend, probeAdapter } from "./create_backend.ts";
export { Random } from "./random.ts";
export { WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";
