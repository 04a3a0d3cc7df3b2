import { describe, expect, it } from "vitest";
import type { AdapterReport } from "./backend.ts";
import { adapterName, createBackend, probeAdapter } from "./create_backend.ts";
import { WebGpuUnavailableError } from "./webgpu/webgpu_backend.ts";

/** A `GPU` whose adapter request finds nothing, as on a machine without a usable GPU. */
const noAdapter = { requestAdapter: () => Promise.resolve(null) } as unknown as GPU;

/** A `GPU` that fails the test if anything asks it for an adapter. */
const untouchable = {
  requestAdapter: () => {
    throw new Error("navigator.gpu was used although the probe had answered");
  },
} as unknown as GPU;

const lavapipe: AdapterReport = {
  vendor: "mesa",
  architecture: "",
  description: "llvmpipe (LLVM 15.0.6, 256 bits)",
  isFallbackAdapter: true,
};

/** A `GPU` with one adapter whose info says what `report` says; requesting a device fails. */
function gpuWith(report: AdapterReport, legacyFlag = false): GPU {
  const { isFallbackAdapter, ...info } = report;
  const adapter = legacyFlag ? { info, isFallbackAdapter } : { info: report };
  return { requestAdapter: () => Promise.resolve(adapter) } as unknown as GPU;
}

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
  it("trusts a probe that found no adapter, without touching the GPU", async () => {
    const probe = { adapter: null, unavailable: "Cannot create WebGPU backend: no Vulkan driver" };
    const { backend, reason } = await createBackend({ prefer: "auto", gpu: untouchable, probe });
    expect(backend.kind).toBe("cpu");
    expect(reason).toBe("cpu (WebGPU unavailable: Cannot create WebGPU backend: no Vulkan driver)");
  });
  it("passes over a probed software fallback adapter on auto, without touching the GPU", async () => {
    const probe = { adapter: lavapipe, unavailable: "" };
    const choice = await createBackend({ prefer: "auto", gpu: untouchable, probe });
    expect(choice.backend.kind).toBe("cpu");
    expect(choice.skippedAdapter).toEqual(lavapipe);
    expect(choice.reason).toBe(
      "cpu (the only WebGPU adapter, llvmpipe (LLVM 15.0.6, 256 bits), is a software fallback, slower than the CPU backend)",
    );
  });
  it("uses the fallback adapter when allowed or required, ignoring the probe", async () => {
    const probe = { adapter: lavapipe, unavailable: "" };
    // The fake adapter has no requestDevice: reaching it proves WebGPU was attempted.
    await expect(
      createBackend({ prefer: "auto", gpu: gpuWith(lavapipe), probe, allowFallbackAdapter: true }),
    ).resolves.toMatchObject({
      backend: { kind: "cpu" },
      reason: expect.stringContaining("requestDevice()"),
    });
    await expect(createBackend({ prefer: "webgpu", gpu: gpuWith(lavapipe), probe })).rejects.toThrow(
      /requestDevice\(\) failed/,
    );
  });
});

describe("probeAdapter", () => {
  it("describes the adapter, reading isFallbackAdapter from info or the adapter", async () => {
    expect(await probeAdapter(gpuWith(lavapipe))).toEqual({ adapter: lavapipe, unavailable: "" });
    expect(await probeAdapter(gpuWith(lavapipe, true))).toEqual({ adapter: lavapipe, unavailable: "" });
    const hardware = { ...lavapipe, description: "a real GPU", isFallbackAdapter: false };
    expect((await probeAdapter(gpuWith(hardware))).adapter).toEqual(hardware);
  });
  it("says why there is no adapter, and never throws", async () => {
    expect(await probeAdapter(noAdapter)).toEqual({
      adapter: null,
      unavailable: "Cannot create WebGPU backend: requestAdapter() returned null, expected a GPU adapter",
    });
    const failing = { requestAdapter: () => Promise.reject(new Error("driver\ncrashed")) } as unknown as GPU;
    expect((await probeAdapter(failing)).unavailable).toBe(
      'Cannot create WebGPU backend: requestAdapter() failed with "driver crashed", expected an adapter',
    );
    expect((await probeAdapter()).unavailable).toMatch(/navigator(\.gpu)? is undefined/);
  });
});

describe("adapterName", () => {
  const report = { vendor: "google", architecture: "swiftshader", description: "", isFallbackAdapter: true };
  it("prefers the description, else vendor and architecture", () => {
    expect(adapterName({ ...report, description: "llvmpipe (LLVM 15.0.6, 256 bits)" })).toBe(
      "llvmpipe (LLVM 15.0.6, 256 bits)",
    );
    expect(adapterName(report)).toBe("google swiftshader");
    expect(adapterName({ ...report, vendor: "", architecture: "" })).toBe("unknown adapter");
  });
});
