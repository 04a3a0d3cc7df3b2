/// <reference types="@webgpu/types" preserve="true" />
/**
 * Getting a WebGPU adapter or device, or a one-line reason why there is none; describing the adapter.
 * The one adapter probe: {@link probeAdapter} (also what the CLI's launcher runs) and
 * {@link acquireDevice} request the adapter the same way.
 *
 * Runtime-neutral: uses only `navigator.gpu` or a `GPU` object passed in.
 * @module
 */
import type { AdapterReport } from "../backend.ts";

/** Thrown when no usable WebGPU device exists; `createBackend({ prefer: "auto" })` falls back to the CPU. */
export class WebGpuUnavailableError extends Error {
  override name = "WebGpuUnavailableError";
}

/**
 * What {@link probeAdapter} found: the adapter, or why there is none. Plain JSON-safe data, so that
 * one process can probe and hand the answer to another (the CLI's launcher does, so that the trainer
 * never loads a software Vulkan driver it would not use).
 */
export interface AdapterProbe {
  readonly adapter: AdapterReport | null;
  /** Why `adapter` is null, as a "Cannot …" sentence; empty when an adapter was found. */
  readonly unavailable: string;
}

/** A device and whether this code requested it (and so must destroy it). */
export interface AcquiredDevice {
  readonly device: GPUDevice;
  readonly adapter: AdapterReport;
  readonly owned: boolean;
}

/** Collapses a (possibly multi-line) message from the WebGPU implementation onto one line. */
export function oneLine(message: unknown): string {
  const text = message instanceof Error ? message.message : String(message);
  return text.replace(/\s+/g, " ").trim() || "no message";
}

type InfoLike = Partial<AdapterReport> & { readonly isFallbackAdapter?: boolean };

function reportOf(info: InfoLike | undefined, fallback: boolean | undefined): AdapterReport {
  return {
    vendor: info?.vendor ?? "",
    architecture: info?.architecture ?? "",
    description: info?.description ?? "",
    isFallbackAdapter: info?.isFallbackAdapter ?? fallback ?? false,
  };
}

/**
 * Keeps each requested device's `GPU` alive as long as the device: with a `GPU` passed in (Dawn's Node
 * binding, npm `webgpu`), nothing else may hold it, and Dawn frees its instance when the `GPU` is
 * garbage-collected while the device still uses it (the process then crashes in `ProcessEvents`).
 */
const GPU_OF_DEVICE = new WeakMap<GPUDevice, GPU>();

function findGpu(gpu: GPU | undefined): GPU {
  if (gpu !== undefined) return gpu;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav === undefined) {
    throw new WebGpuUnavailableError(
      "Cannot create WebGPU backend: globalThis.navigator is undefined, expected navigator.gpu",
    );
  }
  if (nav.gpu === undefined || nav.gpu === null) {
    throw new WebGpuUnavailableError(
      "Cannot create WebGPU backend: navigator.gpu is undefined, expected a WebGPU-capable runtime",
    );
  }
  return nav.gpu;
}

/** The high-performance adapter of `gpu` (default `navigator.gpu`) and the `GPU` it came from. */
async function requestAdapter(given: GPU | undefined): Promise<{ gpu: GPU; adapter: GPUAdapter }> {
  const gpu = findGpu(given);
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (error) {
    throw new WebGpuUnavailableError(
      `Cannot create WebGPU backend: requestAdapter() failed with "${oneLine(error)}", expected an adapter`,
    );
  }
  if (adapter === null) {
    throw new WebGpuUnavailableError(
      "Cannot create WebGPU backend: requestAdapter() returned null, expected a GPU adapter",
    );
  }
  return { gpu, adapter };
}

function reportOfAdapter(adapter: GPUAdapter): AdapterReport {
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return reportOf(adapter.info as InfoLike, legacy);
}

/**
 * Requests a WebGPU adapter (no device) and describes it, or says why there is none. Never throws.
 * @param gpu a `GPU` object to use instead of `navigator.gpu`.
 * @returns the adapter report, or `null` with the reason.
 * @example
 * ```ts
 * import { probeAdapter } from "@mnist/tensor";
 * const { adapter, unavailable } = await probeAdapter();
 * console.log(adapter?.description ?? unavailable);
 * ```
 */
export async function probeAdapter(gpu?: GPU): Promise<AdapterProbe> {
  try {
    const { adapter } = await requestAdapter(gpu);
    return { adapter: reportOfAdapter(adapter), unavailable: "" };
  } catch (error) {
    const why =
      error instanceof WebGpuUnavailableError ? error.message : `Cannot probe WebGPU: ${oneLine(error)}`;
    return { adapter: null, unavailable: why };
  }
}

/**
 * Requests an adapter and a device with the adapter's storage and buffer size limits, or describes a
 * borrowed device.
 * @throws {WebGpuUnavailableError} when there is no `navigator.gpu`, no adapter, or no device.
 */
export async function acquireDevice(options: {
  gpu?: GPU;
  device?: GPUDevice;
  profile?: boolean;
}): Promise<AcquiredDevice> {
  if (options.device !== undefined) {
    const info = (options.device as { adapterInfo?: InfoLike }).adapterInfo;
    return { device: options.device, adapter: reportOf(info, undefined), owned: false };
  }
  const { gpu, adapter } = await requestAdapter(options.gpu);
  const limits = adapter.limits;
  let device: GPUDevice;
  try {
    const timestamps = options.profile === true && adapter.features.has("timestamp-query");
    device = await adapter.requestDevice({
      requiredFeatures: timestamps ? ["timestamp-query"] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        // The fused training step binds up to 11 storage buffers (Adam); the default is 8.
        maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      },
    });
  } catch (error) {
    throw new WebGpuUnavailableError(
      `Cannot create WebGPU backend: requestDevice() failed with "${oneLine(error)}", expected a device`,
    );
  }
  GPU_OF_DEVICE.set(device, gpu);
  return { device, adapter: reportOfAdapter(adapter), owned: true };
}
