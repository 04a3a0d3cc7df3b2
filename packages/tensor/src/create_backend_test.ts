import { describe, expect, it } from "vitest";
import { createBackend } from "./create_backend.ts";
import { WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";

/** A `GPU` whose adapter request finds nothing, as on a machine without a usable GPU. */
const noAdapter = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;

describe("createBackend", () => {
  it("gives the CPU when asked, and says so", async () => {
    const { backend, reason } = await createBackend({ prefer: "cpu" });
    expect(backend.kind).toBe("cpu");
    expect(reason).toBe("cpu (requested)");
  });
  it("falls back to the CPU on auto without an adapter, naming why", async () => {
    const { backend, reason } = await createBackend({ prefer: "auto", gpu: noAdapter });
    expect(backend.kind).toBe("cpu");
    expect(reason).toMatch(/^cpu \(WebGPU unavailable: .+\)$/);
  });
  it("falls back on auto when navigator.gpu is missing (Node)", async () => {
    const { backend, reason } = await createBackend();
    expect(backend.kind).toBe("cpu");
    expect(reason).toMatch(/^cpu \(WebGPU unavailable: .+\)$/);
  });
  it("fails instead of falling back when WebGPU is required", async () => {
    await expect(createBackend({ prefer: "webgpu", gpu: noAdapter })).rejects.toBeInstanceOf(
      WebGpuUnavailableError,
    );
  });
});
