/// <reference types="@webgpu/types" />
/**
 * Getting a WebGPU device, or a one-line reason why there is none; describing the adapter.
 *
 * Runtime-neutral: uses only `navigator.gpu` or a `GPU` object passed in.
 * @module
 */
import type { AdapterReport } from "../backend.ts";

/** Thrown when no usable WebGPU device exists; `createBackend({ prefer: "auto" })` falls back to the CPU. */
export class WebGpuUnavailableError extends Error {
  override name = "WebGpuUnavailableError";
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

/**
 * Requests an adapter and a device with the adapter's storage and buffer size limits, or describes a
 * borrowed device.
 * @throws {WebGpuUnavailableError} when there is no `navigator.gpu`, no adapter, or no device.
 */
export async function acquireDevice(options: { gpu?: GPU; device?: GPUDevice }): Promise<AcquiredDevice> {
  if (options.device !== undefined) {
    const info = (options.device as { adapterInfo?: InfoLike }).adapterInfo;
    return { device: options.device, adapter: reportOf(info, undefined), owned: false };
  }
  const gpu = findGpu(options.gpu);
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
  const limits = adapter.limits;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
      },
    });
  } catch (error) {
    throw new WebGpuUnavailableError(
      `Cannot create WebGPU backend: requestDevice() failed with "${oneLine(error)}", expected a device`,
    );
  }
  GPU_OF_DEVICE.set(device, gpu);
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return { device, adapter: reportOf(adapter.info as InfoLike, legacy), owned: true };
}
