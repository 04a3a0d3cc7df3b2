/**
 * `--backend auto|webgpu|cpu`: creating the backend, with a one-line error when WebGPU is asked for
 * but unavailable. `auto` passes over a software fallback adapter (lavapipe, SwiftShader: about ten
 * times slower than the CPU backend); the rule lives in `createBackend`. The launcher's adapter probe
 * (see `launcher.ts`) is handed in through {@link useAdapterProbe}.
 * @module
 */
import {
  type AdapterProbe,
  type Backend,
  type BackendChoice,
  type BackendPreference,
  cpuThreads,
  createBackend,
} from "@mnist/tensor";
import { errorMessage, UsageError } from "./usage_error.ts";

/** Valid `--backend` values. */
export const BACKENDS: readonly BackendPreference[] = ["auto", "webgpu", "cpu"];

let handedProbe: AdapterProbe | Promise<AdapterProbe | undefined> | undefined;

/**
 * Makes `auto` trust `probe` (made by the launcher in another process) instead of probing here; a
 * promise is awaited when a backend is opened.
 */
export function useAdapterProbe(probe: AdapterProbe | Promise<AdapterProbe | undefined> | undefined): void {
  handedProbe = probe;
}

/**
 * Reads the launcher's probe argument: `-` (none) or the JSON of an {@link AdapterProbe}.
 * @throws {TypeError} when the text is neither.
 */
export function parseProbeArgument(text: string | undefined): AdapterProbe | undefined {
  if (text === "-") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text ?? "");
  } catch {
    value = undefined;
  }
  const p = value as { adapter?: Record<string, unknown> | null; unavailable?: unknown } | undefined;
  const a = p?.adapter;
  const adapterOk =
    a === null ||
    (typeof a === "object" &&
      a !== undefined &&
      ["vendor", "architecture", "description"].every((k) => typeof a[k] === "string") &&
      typeof a.isFallbackAdapter === "boolean");
  if (!adapterOk || typeof p?.unavailable !== "string") {
    throw new TypeError(
      `Cannot read the launcher's adapter probe: ${JSON.stringify(text)}, expected "-" or {"adapter":…,"unavailable":…}`,
    );
  }
  return p as AdapterProbe;
}

/**
 * Creates the backend asked for; `webgpu` without an adapter is a {@link UsageError}.
 * @param cpuThreads the CPU backend's threads, should it be the CPU (2 for a sweep's groups).
 */
export async function openBackend(prefer: BackendPreference, cpuThreads: 1 | 2 = 1): Promise<BackendChoice> {
  try {
    const probe = prefer === "auto" ? await handedProbe : undefined;
    const choice = await createBackend({ prefer, probe, cpuThreads });
    const skipped = choice.skippedAdapter;
    if (skipped === undefined) return choice;
    const name = skipped.description || skipped.vendor || "unknown";
    return {
      ...choice,
      reason: `cpu (the only WebGPU adapter, ${name}, is a software fallback; --backend webgpu uses it)`,
    };
  } catch (error) {
    const message = errorMessage(error);
    throw new UsageError(
      `Cannot use --backend ${prefer}: ${message}; expected one of auto, cpu (or a working WebGPU adapter)`,
    );
  }
}

/** The backend and adapter, in words, e.g. `cpu (requested)` or `webgpu (adapter found: llvmpipe …)`. */
export function describeBackend(choice: BackendChoice): string {
  const a = choice.backend.adapter;
  const adapter =
    a === null ? "none (CPU reference)" : [a.vendor, a.architecture, a.description].filter(Boolean).join(" ");
  const part = datasetPartBytes(choice.backend);
  const buffers =
    part === undefined ? "" : `; dataset buffers of at most ${part} bytes (the device's limits)`;
  const threads = cpuThreads(choice.backend) === 2 ? "; 2 threads" : "";
  return `backend: ${choice.reason}; adapter: ${adapter}${a?.isFallbackAdapter ? " (software fallback)" : ""}${threads}${buffers}`;
}

/**
 * The most bytes of a dataset one WebGPU buffer holds (`WebGpuBackend.datasetPartBytes`: the
 * adapter's `maxStorageBufferBindingSize` and `maxBufferSize`), or `undefined` on the CPU.
 */
export function datasetPartBytes(backend: Backend): number | undefined {
  const bytes = (backend as { readonly datasetPartBytes?: unknown }).datasetPartBytes;
  return backend.kind === "webgpu" && typeof bytes === "number" ? bytes : undefined;
}

/** A header line for a training set larger than one WebGPU buffer, or none. */
export function describeSplit(backend: Backend, images: number, features: number): string[] {
  const part = datasetPartBytes(backend);
  const bytes = images * features;
  if (part === undefined || bytes <= part) return [];
  return [`training images: ${bytes} bytes, split across ${Math.ceil(bytes / part)} WebGPU buffers`];
}
