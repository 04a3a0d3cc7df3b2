/**
 * The CPU reference backend.
 * @module
 */
export { createCpuBackend } from "./cpu_backend.ts";
