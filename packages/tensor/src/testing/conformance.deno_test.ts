import type { SimdKernels } from "../cpu/_simd_kernels.ts";
import { createCpuBackend } from "../cpu/cpu_backend.ts";
import { conformanceCases } from "./conformance.ts";
import { createReferenceBackend } from "./reference_backend.ts";

for (const kernel of ["simd", "sparse", "dense"] as const) {
  for (const c of conformanceCases()) {
    Deno.test(`cpu backend (${kernel}) conformance (Deno): ${c.name} [${c.tolerance}]`, () =>
      c.run(createCpuBackend({ kernel }), createReferenceBackend()));
  }
}

// One two-thread backend for every case (a Worker per case would mostly still be starting), splitting
// ops of any size so that the small shapes exercise both halves.
const threaded = createCpuBackend({ kernel: "simd", threads: 2, splitRows: 2 });
const helper = (threaded as unknown as { simd: SimdKernels }).simd;
Deno.test("cpu backend (simd, 2 threads): the helper Worker starts", async () => {
  for (let i = 0; i < 3000 && !helper.ready; i++) await new Promise((r) => setTimeout(r, 10));
  if (!helper.ready) throw new Error("Cannot start the helper Worker within 30 s");
});
for (const c of conformanceCases()) {
  Deno.test(`cpu backend (simd, 2 threads) conformance (Deno): ${c.name} [${c.tolerance}]`, () =>
    c.run(threaded, createReferenceBackend()));
}
Deno.test("cpu backend (simd, 2 threads): the helper took work, and destroy stops it", () => {
  if (helper.handoffs === 0) throw new Error("the helper Worker took no work");
  threaded.destroy();
  if (helper.threads !== 1) throw new Error("the helper Worker is still running after destroy");
});
