/**
 * The CPU backend: sparse WebAssembly SIMD kernels, TypeScript where the runtime lacks SIMD.
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor/cpu";
 * const cpu = createCpuBackend({ kernel: "simd" });
 * const z = cpu.upload("f32", new Float32Array([0, 0, Math.log(2), 0]));
 * const p = cpu.zeros("f32", 4);
 * cpu.softmax(z, p, 2); // two rows of two classes
 * console.log(await cpu.read(p)); // Float32Array(4) [ 0.5, 0.5, 0.666…, 0.333… ]
 * cpu.destroy();
 * ```
 *
 * @module
 */

export { cpuWorkerUrl } from "./_simd_protocol.ts";
export { type CpuBackendOptions, cpuThreads, createCpuBackend } from "./cpu_backend.ts";
