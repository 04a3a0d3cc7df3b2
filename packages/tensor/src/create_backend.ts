/// <reference types="@webgpu/types" />
/**
 * Backend selection: WebGPU when an adapter exists, otherwise the CPU reference, with the reason.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend } from "./backend.ts";
import { createCpuBackend } from "./cpu/cpu_backend.ts";
import { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";

/** Which backend {@link createBackend} should use. */
export type BackendPreference = "auto" | "webgpu" | "cpu";

/** Options for {@link createBackend}. */
export interface CreateBackendOptions {
  readonly prefer?: BackendPreference;
  /** A `GPU` object to use instead of `navigator.gpu`. */
  readonly gpu?: GPU;
}

/** The chosen backend and a one-line reason, e.g. `cpu (WebGPU unavailable: navigator.gpu is undefined)`. */
export interface BackendChoice {
  readonly backend: Backend;
  readonly reason: string;
}

/**
 * Creates a backend.
 * @param options `prefer: "webgpu"` fails instead of falling back.
 * @returns the backend and why it was chosen.
 * @throws {WebGpuUnavailableError} when `prefer` is `"webgpu"` and no device can be created.
 * @example
 * ```ts
 * import { createBackend } from "@mnist/tensor";
 * const { backend, reason } = await createBackend({ prefer: "cpu" });
 * console.log(reason); // "cpu (requested)"
 * ```
 */
export async function createBackend(options: CreateBackendOptions = {}): Promise<BackendChoice> {
  const prefer = options.prefer ?? "auto";
  if (prefer === "cpu") return { backend: createCpuBackend(), reason: "cpu (requested)" };
  try {
    const backend = await createWebGpuBackend({ gpu: options.gpu });
    const name = backend.adapter?.description || backend.adapter?.vendor || "unknown adapter";
    return { backend, reason: `webgpu (${prefer === "webgpu" ? "requested" : "adapter found"}: ${name})` };
  } catch (error) {
    if (prefer === "webgpu" || !(error instanceof WebGpuUnavailableError)) throw error;
    return { backend: createCpuBackend(), reason: `cpu (WebGPU unavailable: ${error.message})` };
  }
}
