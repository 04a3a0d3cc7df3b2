/**
 * The in-browser half of the Chromium test: runs the shared conformance suite on WebGPU against the
 * reference backend and leaves the results on `window` (the training check lives with the trainer,
 * in `@mnist/softmax`).
 */
import { conformanceCases } from "../../src/testing/conformance.ts";
import { createReferenceBackend } from "../../src/testing/reference_backend.ts";
import { createWebGpuBackend } from "../../src/webgpu/webgpu_backend.ts";

/** What the page reports. */
export interface PageResults {
  readonly adapter: string | null;
  readonly error: string | null;
  readonly cases: { name: string; error: string | null }[];
}

async function run(): Promise<PageResults> {
  let backend: Awaited<ReturnType<typeof createWebGpuBackend>>;
  try {
    backend = await createWebGpuBackend();
  } catch (error) {
    return { adapter: null, error: (error as Error).message, cases: [] };
  }
  const a = backend.adapter;
  const adapter = `${a.vendor} / ${a.architecture} / ${a.description} / fallback=${a.isFallbackAdapter}`;
  const cases: PageResults["cases"] = [];
  for (const c of conformanceCases()) {
    try {
      await c.run(backend, createReferenceBackend());
      cases.push({ name: c.name, error: null });
    } catch (error) {
      cases.push({ name: c.name, error: (error as Error).message });
    }
  }
  backend.destroy();
  return { adapter, error: null, cases };
}

(globalThis as { __results?: Promise<PageResults> }).__results = run();
