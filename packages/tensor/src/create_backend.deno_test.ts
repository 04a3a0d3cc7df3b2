import { createBackend, probeAdapter } from "@mnist/tensor";

Deno.test("createBackend({ prefer: 'cpu' }) gives the CPU backend and says why", async () => {
  const { backend, reason } = await createBackend({ prefer: "cpu" });
  if (backend.kind !== "cpu" || reason !== "cpu (requested)") throw new Error(reason);
});

Deno.test({
  name: "createBackend({ prefer: 'auto' }) passes over a software adapter unless allowed",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { adapter, unavailable } = await probeAdapter();
    const auto = await createBackend({ prefer: "auto" });
    auto.backend.destroy();
    const allowed = await createBackend({ prefer: "auto", allowFallbackAdapter: true });
    allowed.backend.destroy();
    if (adapter === null) {
      // No WebGPU here: both fall back with the probe's reason.
      for (const c of [auto, allowed])
        if (c.backend.kind !== "cpu" || !c.reason.includes(unavailable)) throw new Error(c.reason);
    } else if (adapter.isFallbackAdapter) {
      // lavapipe in CI: auto takes the CPU and names the adapter; allowed takes the adapter.
      if (auto.backend.kind !== "cpu" || auto.skippedAdapter?.description !== adapter.description)
        throw new Error(`auto: ${auto.reason}`);
      if (allowed.backend.kind !== "webgpu") throw new Error(`allowed: ${allowed.reason}`);
    } else if (auto.backend.kind !== "webgpu") {
      throw new Error(`hardware adapter ${adapter.description} not taken: ${auto.reason}`);
    }
    // The probe's answer, handed over, gives the same choice as probing in place.
    const handed = await createBackend({ prefer: "auto", probe: { adapter, unavailable } });
    handed.backend.destroy();
    if (handed.backend.kind !== auto.backend.kind || handed.reason !== auto.reason)
      throw new Error(`handed-over probe chose ${handed.reason}, in place ${auto.reason}`);
  },
});
