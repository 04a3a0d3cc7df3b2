/// <reference types="@webgpu/types" preserve="true" />
/**
 * Backend selection: WebGPU when a hardware adapter exists, otherwise the CPU backend, with the reason.
 *
 * Runtime-neutral.
 * @module
 */
import type { AdapterReport, Backend } from "./backend.ts";
import { createCpuBackend } from "./cpu/cpu_backend.ts";
import { type AdapterProbe, probeAdapter } from "./webgpu/_device.ts";
import { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";

export { type AdapterProbe, probeAdapter };

/** Which backend {@link createBackend} should use. */
export type BackendPreference = "auto" | "webgpu" | "cpu";

/** Options for {@link createBackend}. */
export interface CreateBackendOptions {
  /** `auto` (default: WebGPU when a hardware adapter exists, else CPU), `webgpu` (fails without an adapter) or `cpu`. */
  readonly prefer?: BackendPreference;
  /** A `GPU` object to use instead of `navigator.gpu`. */
  readonly gpu?: GPU;
  /**
   * `auto` only: use a software fallback adapter (lavapipe, SwiftShader) instead of the CPU backend.
   * Default `false`: such an adapter trains about ten times slower than the CPU backend.
   * `prefer: "webgpu"` always uses whatever adapter there is.
   */
  readonly allowFallbackAdapter?: boolean;
  /**
   * `auto` only: the outcome of a {@link probeAdapter} made earlier (possibly in another process). When
   * it rules WebGPU out, the CPU backend is created without touching `navigator.gpu` at all: requesting
   * an adapter loads the WebGPU driver, which costs a software Vulkan stack about 75 MB of memory.
   */
  readonly probe?: AdapterProbe;
  /** WebGPU only: `false` runs `trainStep` as the five separate kernels instead of the two fused ones (cross-checks). */
  readonly fused?: boolean;
  /**
   * CPU only: the CPU backend's `threads` (see `CpuBackendOptions.threads`; default 1). A sweep's
   * groups use 2: the members of a group are split between the two threads.
   */
  readonly cpuThreads?: 1 | 2;
}

/** The chosen backend and a one-line reason, e.g. `cpu (WebGPU unavailable: navigator.gpu is undefined)`. */
export interface BackendChoice {
  /** The backend created; the caller owns it and calls `destroy`. */
  readonly backend: Backend;
  /** Why this backend was chosen, in one line. */
  readonly reason: string;
  /** The software fallback adapter `auto` passed over for the CPU backend, if any. */
  readonly skippedAdapter?: AdapterReport;
}

/** `llvmpipe (LLVM 15.0.6, 256 bits)`, or `google swiftshader` where the description is empty. */
export function adapterName(a: AdapterReport): string {
  return a.description || [a.vendor, a.architecture].filter(Boolean).join(" ") || "unknown adapter";
}

function cpuOverFallback(adapter: AdapterReport, threads: 1 | 2): BackendChoice {
  return {
    backend: createCpuBackend({ threads }),
    reason: `cpu (the only WebGPU adapter, ${adapterName(adapter)}, is a software fallback, slower than the CPU backend)`,
    skippedAdapter: adapter,
  };
}

/**
 * Creates a backend.
 * @param options `prefer: "webgpu"` fails instead of falling back; `auto` (the default) takes WebGPU
 *   only on a hardware adapter unless `allowFallbackAdapter`, and trusts a given `probe`.
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
  const threads = options.cpuThreads ?? 1;
  if (prefer === "cpu") return { backend: createCpuBackend({ threads }), reason: "cpu (requested)" };
  const allowFallback = options.allowFallbackAdapter ?? false;
  const probe = prefer === "auto" ? options.probe : undefined;
  if (probe !== undefined) {
    if (probe.adapter === null) {
      return {
        backend: createCpuBackend({ threads }),
        reason: `cpu (WebGPU unavailable: ${probe.unavailable})`,
      };
    }
    if (probe.adapter.isFallbackAdapter && !allowFallback) return cpuOverFallback(probe.adapter, threads);
  }
  try {
    const backend = await createWebGpuBackend({ gpu: options.gpu, fused: options.fused });
    if (prefer === "auto" && backend.adapter.isFallbackAdapter && !allowFallback) {
      backend.destroy();
      return cpuOverFallback(backend.adapter, threads);
    }
    const name = adapterName(backend.adapter);
    return { backend, reason: `webgpu (${prefer === "webgpu" ? "requested" : "adapter found"}: ${name})` };
  } catch (error) {
    if (prefer === "webgpu" || !(error instanceof WebGpuUnavailableError)) throw error;
    return { backend: createCpuBackend({ threads }), reason: `cpu (WebGPU unavailable: ${error.message})` };
  }
}
