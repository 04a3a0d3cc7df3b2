import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { conformanceCases } from "./conformance.ts";
import { createReferenceBackend } from "./reference_backend.ts";

for (const c of conformanceCases()) {
  Deno.test(`cpu backend conformance (Deno): ${c.name} [${c.tolerance}]`, () =>
    c.run(createCpuBackend(), createReferenceBackend()));
}
