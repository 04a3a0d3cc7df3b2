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
    const choice = await createBackend({ prefer });
    const a = choice.backend.adapter;
    // A software adapter (lavapipe, SwiftShader) trains ~10× slower than the CPU backend: auto skips it.
    if (prefer === "auto" && a?.isFallbackAdapter) {
      choice.backend.destroy();
      const name = a.description || a.vendor || "unknown";
      const cpu = await createBackend({ prefer: "cpu" });
      return {
        ...cpu,
        reason: `cpu (the only WebGPU adapter, ${name}, is a software fallback; --backend webgpu uses it)`,
      };
    }
    return choice;
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
