/**
 * The in-browser half of the Chromium test: runs the shared conformance suite on WebGPU against the
 * reference backend, plus a short training run against the CPU, and leaves the results on `window`.
 */
import { createCpuBackend } from "../../src/cpu/cpu_backend.ts";
import { conformanceCases } from "../../src/testing/conformance.ts";
import { createReferenceBackend } from "../../src/testing/reference_backend.ts";
import { seededRandom, trainRun } from "../../src/webgpu/testing/training_run.ts";
import { createWebGpuBackend } from "../../src/webgpu/webgpu_backend.ts";

/** What the page reports. */
export interface PageResults {
  readonly adapter: string | null;
  readonly error: string | null;
  readonly cases: { name: string; error: string | null }[];
  readonly training: { gpu: number[]; cpu: number[] } | null;
}

function syntheticDigits(count: number, seed: number) {
  const r = seededRandom(seed);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(r() * 10));
  const images = new Uint8Array(count * 64);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 64; k++) {
      // class c lights pixels c·6 … c·6+9 most of the time, plus noise
      const on = k >= labels[i] * 6 && k < labels[i] * 6 + 10 ? r() < 0.8 : r() < 0.1;
      images[i * 64 + k] = on ? 128 + Math.floor(r() * 128) : 0;
    }
  }
  return { images, labels };
}

async function run(): Promise<PageResults> {
  let backend: Awaited<ReturnType<typeof createWebGpuBackend>>;
  try {
    backend = await createWebGpuBackend();
  } catch (error) {
    return { adapter: null, error: (error as Error).message, cases: [], training: null };
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
  const train = syntheticDigits(900, 1);
  const test = syntheticDigits(300, 2);
  const data = {
    trainImages: train.images,
    trainLabels: train.labels,
    testImages: test.images,
    testLabels: test.labels,
    features: 64,
    classes: 10,
  };
  const options = { epochs: 2, batch: 64, lr: 0.1, momentum: 0.9, loss: "cross-entropy" as const, seed: 5 };
  const gpu = await trainRun(backend, data, options);
  const cpu = await trainRun(createCpuBackend(), data, options);
  backend.destroy();
  const accuracies = (r: typeof gpu) => r.epochs.map((e) => e.testAccuracy);
  return { adapter, error: null, cases, training: { gpu: accuracies(gpu), cpu: accuracies(cpu) } };
}

(globalThis as { __results?: Promise<PageResults> }).__results = run();
