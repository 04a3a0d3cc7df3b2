/**
 * The backends the benchmark compares. Each row is created through `createBackend` (or the CPU
 * factory with explicit kernel options); add a row here to benchmark a new backend or setting.
 * @module
 */
import { type Backend, createBackend } from "@mnist/tensor";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { createWebGpuBackend, type WebGpuBackend } from "@mnist/tensor/webgpu";

/** One benchmarked backend configuration. */
export interface BackendRow {
  /** Short id used in the JSON and `--backends`, e.g. `cpu-sparse`. */
  readonly id: string;
  /** What the row is, for the table. */
  readonly label: string;
  /** The `mnist train --backend` value that runs the same backend in the CLI, if any. */
  readonly cliBackend: "cpu" | "webgpu" | null;
  /** Creates the backend, or throws when it is unavailable here (the row is then skipped). */
  create(): Promise<Backend>;
  /** WebGPU rows: the same backend with GPU time per kernel (`pnpm bench --profile`). */
  profile?(): Promise<WebGpuBackend>;
}

/** Every row the harness knows, in table order. */
export const BACKEND_ROWS: readonly BackendRow[] = [
  {
    id: "cpu-simd",
    label: "CPU, WebAssembly SIMD sparse kernels, 1 thread (the default)",
    cliBackend: "cpu",
    create: () => Promise.resolve(createCpuBackend({ kernel: "simd" })),
  },
  {
    id: "cpu-simd-2t",
    label: "CPU, WebAssembly SIMD sparse kernels, 2 threads (main + 1 Worker)",
    cliBackend: null,
    create: async () => {
      const be = createCpuBackend({ kernel: "simd", threads: 2 });
      await new Promise((r) => setTimeout(r, 300)); // let the Worker start before timing
      return be;
    },
  },
  {
    id: "cpu-sparse",
    label: "CPU, TypeScript sparse kernels, 1 thread",
    cliBackend: null,
    create: () => Promise.resolve(createCpuBackend({ kernel: "sparse" })),
  },
  {
    id: "cpu-dense",
    label: "CPU, dense reference kernels, 1 thread",
    cliBackend: null,
    create: () => Promise.resolve(createCpuBackend({ kernel: "dense" })),
  },
  {
    id: "webgpu",
    label: "WebGPU, fused training step (two dispatches, the default)",
    cliBackend: "webgpu",
    create: async () => (await createBackend({ prefer: "webgpu" })).backend,
    profile: () => createWebGpuBackend({ profile: true }),
  },
  {
    id: "webgpu-unfused",
    label: "WebGPU, five separate kernels per training step (fused: false)",
    cliBackend: null,
    create: async () => (await createBackend({ prefer: "webgpu", fused: false })).backend,
    profile: () => createWebGpuBackend({ profile: true, fused: false }),
  },
];
