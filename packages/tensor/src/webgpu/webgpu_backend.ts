/// <reference types="@webgpu/types" />
/**
 * WebGPU backend entry point.
 *
 * Runtime-neutral: uses only `navigator.gpu` (or a `GPU` object passed in).
 * @module
 */
import type { Backend } from "../backend.ts";

/** Thrown when no usable WebGPU device exists; `createBackend({ prefer: "auto" })` falls back to the CPU. */
export class WebGpuUnavailableError extends Error {
  override name = "WebGpuUnavailableError";
}

/** Options for {@link createWebGpuBackend}. */
export interface WebGpuOptions {
  /** A `GPU` object to use instead of `navigator.gpu`. */
  readonly gpu?: GPU;
}

/**
 * Creates the WebGPU backend.
 * @throws {WebGpuUnavailableError} until the WGSL kernels land.
 */
export function createWebGpuBackend(_options: WebGpuOptions = {}): Promise<Backend> {
  return Promise.reject(new WebGpuUnavailableError("WebGPU backend is not implemented yet"));
}
