import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { conformanceCases } from "./conformance.ts";
import { createReferenceBackend } from "./reference_backend.ts";

for (const kernel of ["simd", "sparse", "dense"] as const) {
  for (const c of conformanceCases()) {
    Deno.test(`cpu backend (${kernel}) conformance (Deno): ${c.name} [${c.tolerance}]`, () =>
      c.run(createCpuBackend({ kernel }), createReferenceBackend()));
  }
}
