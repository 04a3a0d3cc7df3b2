/**
 * The in-browser half of the Chromium training check: the trainer on WebGPU and on the CPU, same
 * seed and data (synthetic 8×8 "digits"), results left on `window`.
 */
import type { Dataset } from "@mnist/idx";
import { Random } from "@mnist/tensor";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { agreementFailures, describeRuns, sgdConfig, trainedRun } from "../../src/testing/_test_agreement.ts";

/** What the page reports. */
export interface PageResults {
  readonly adapter: string | null;
  readonly error: string | null;
  readonly epochs: number;
  readonly lines: string[];
  readonly failures: string[];
  /** The WebGPU run with its datasets cut into 4,000-byte buffers against the one-buffer run, exactly. */
  readonly splitFailures: string[];
}

/** Class c lights pixels c·6 … c·6+9 most of the time, plus noise. */
function syntheticDigits(count: number, seed: number): Dataset {
  const r = new Random(seed);
  const labels = Uint8Array.from({ length: count }, () => Math.floor(r.next() * 10));
  const images = new Uint8Array(count * 64);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 64; k++) {
      const on = k >= labels[i] * 6 && k < labels[i] * 6 + 10 ? r.next() < 0.8 : r.next() < 0.1;
      images[i * 64 + k] = on ? 128 + Math.floor(r.next() * 128) : 0;
    }
  }
  return { images, labels, count, rows: 8, cols: 8, features: 64, classes: 10 };
}

async function run(): Promise<PageResults> {
  let backend: Awaited<ReturnType<typeof createWebGpuBackend>>;
  try {
    backend = await createWebGpuBackend();
  } catch (error) {
    return {
      adapter: null,
      error: (error as Error).message,
      epochs: 0,
      lines: [],
      failures: [],
      splitFailures: [],
    };
  }
  const a = backend.adapter;
  const adapter = `${a.vendor} / ${a.architecture} / ${a.description} / fallback=${a.isFallbackAdapter}`;
  try {
    const data = { train: syntheticDigits(900, 1), test: syntheticDigits(300, 2) };
    const config = sgdConfig({
      loss: "cross-entropy",
      lr: 0.1,
      momentum: 0.9,
      batchSize: 64,
      epochs: 2,
      seed: 5,
    });
    const gpu = await trainedRun(backend, data, config);
    const cpu = await trainedRun(createCpuBackend(), data, config);
    // 4,000 bytes are 62.5 rows of 64 pixels: every other cut falls inside an image.
    const splitBackend = await createWebGpuBackend({ maxDatasetBindingBytes: 4000 });
    const split = await trainedRun(splitBackend, data, config).finally(() => splitBackend.destroy());
    const splitFailures = agreementFailures(split, gpu, { accuracyPp: 0, lossRelative: 0, minAccuracy: 0.5 });
    const i = split.model.weight.findIndex((v, k) => !Object.is(v, gpu.model.weight[k]));
    if (i >= 0)
      splitFailures.push(`W[${i}] is ${split.model.weight[i]} split, ${gpu.model.weight[i]} in one buffer`);
    return {
      adapter,
      error: null,
      epochs: gpu.epochs.length,
      lines: describeRuns(["webgpu", "cpu"], gpu, cpu),
      failures: agreementFailures(gpu, cpu, { accuracyPp: 0.2, lossRelative: 1e-3, minAccuracy: 0.5 }),
      splitFailures,
    };
  } finally {
    backend.destroy();
  }
}

(globalThis as { __results?: Promise<PageResults> }).__results = run();
