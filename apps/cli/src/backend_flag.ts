/**
 * `--backend auto|webgpu|cpu`: creating the backend, with a one-line error when WebGPU is asked for
 * but unavailable.
 * @module
 */
import { type BackendChoice, type BackendPreference, createBackend } from "@mnist/tensor";
import { UsageError } from "./usage_error.ts";

/** Valid `--backend` values. */
export const BACKENDS: readonly BackendPreference[] = ["auto", "webgpu", "cpu"];

/** Creates the backend asked for; `webgpu` without an adapter is a {@link UsageError}. */
export async function openBackend(prefer: BackendPreference): Promise<BackendChoice> {
  try {
    return await createBackend({ prefer });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
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
  return `backend: ${choice.reason}; adapter: ${adapter}${a?.isFallbackAdapter ? " (software fallback)" : ""}`;
}
