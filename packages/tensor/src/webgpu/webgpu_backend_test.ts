/**
 * Under Node (no WebGPU): importing the backend is harmless, a missing `navigator.gpu` is a one-line
 * `WebGpuUnavailableError`, and `createBackend({ prefer: "auto" })` falls back to the CPU.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBackend } from "../create_backend.ts";
import { createWebGpuBackend, WebGpuUnavailableError } from "./webgpu_backend.ts";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("webgpu backend without WebGPU (Node)", () => {
  it("rejects with WebGpuUnavailableError when navigator.gpu is undefined", async () => {
    vi.stubGlobal("navigator", {});
    const error = await createWebGpuBackend().catch((e: Error) => e);
    expect(error).toBeInstanceOf(WebGpuUnavailableError);
    expect((error as Error).message).toBe(
      "Cannot create WebGPU backend: navigator.gpu is undefined, expected a WebGPU-capable runtime",
    );
  });

  it("rejects with WebGpuUnavailableError when there is no navigator at all", async () => {
    vi.stubGlobal("navigator", undefined);
    await expect(createWebGpuBackend()).rejects.toThrow(
      /^Cannot create WebGPU backend: globalThis.navigator is undefined/,
    );
  });

  it("createBackend auto falls back to the CPU and says why", async () => {
    vi.stubGlobal("navigator", {});
    const { backend, reason } = await createBackend({ prefer: "auto" });
    expect(backend.kind).toBe("cpu");
    expect(reason).toBe(
      "cpu (WebGPU unavailable: Cannot create WebGPU backend: navigator.gpu is undefined, expected a WebGPU-capable runtime)",
    );
  });

  it("createBackend webgpu fails instead of falling back", async () => {
    vi.stubGlobal("navigator", {});
    await expect(createBackend({ prefer: "webgpu" })).rejects.toBeInstanceOf(WebGpuUnavailableError);
  });
});
