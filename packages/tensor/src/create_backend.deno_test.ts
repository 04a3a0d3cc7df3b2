import { createBackend } from "@mnist/tensor";

Deno.test("createBackend({ prefer: 'cpu' }) gives the CPU backend and says why", async () => {
  const { backend, reason } = await createBackend({ prefer: "cpu" });
  if (backend.kind !== "cpu" || reason !== "cpu (requested)") throw new Error(reason);
});
