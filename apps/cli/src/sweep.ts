/**
 * `mnist sweep`: trains many configurations (value lists or ranges of the training flags), chosen on
 * a validation split, and writes a sweep directory (`sweep_dir.ts`) with one normal run directory
 * per configuration. Configurations that see the same batches train together (`trainGroup`).
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatasetIdentity } from "@mnist/idx";
import { SWEEP_FORMAT, SWEEP_VERSION, type SweepManifest } from "@mnist/metrics/sweep";
import { PRESETS } from "@mnist/softmax";
import { cpuWorkerUrl } from "@mnist/tensor";
import { BACKENDS } from "./backend_flag.ts";
import type { Access, Command } from "./command.ts";
import { EMBEDDED_DATA_DIR } from "./data.ts";
import { boolFlag, choiceFlag, classNamesFlag, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { SweepDirectory } from "./sweep_dir.ts";
import { planSweep, randomFromFlags, sweptSettings } from "./sweep_flags.ts";
import { SweepMember } from "./sweep_member.ts";
import { reopenSweep } from "./sweep_resume.ts";
import { trainSweep } from "./sweep_train.ts";
import { createSweepView } from "./sweep_view.ts";
import { RUN_FLAGS, shellQuote, trainConfigFromFlags } from "./train.ts";
import type { ViewMode } from "./train_view.ts";
import { UsageError } from "./usage_error.ts";
import { type ValidationSettings, validationFromFlags } from "./validation_flags.ts";

const HELP = `Usage: mnist sweep [flags]

Trains every configuration of the values given (a grid, or --random N of them), scores each on a
validation split after every epoch, and writes a sweep directory: one run directory per
configuration, sweep.json, sweep.jsonl, the best model and report.html. Configurations with the same
batch size, seed and epochs see the same batches and train together.

Swept flags (a value, a list a,b,c, or a range log:FROM..TO:COUNT / lin:FROM..TO:COUNT):
  --lr X…               learning rates, e.g. 0.01,0.03,0.1 or log:0.001..1:16
  --batch-size N…       batch sizes, e.g. 50,100,200
  --momentum X…         SGD momenta, e.g. lin:0..0.9:4
  --weight-decay X…     L2 weight decays
  --loss NAME…          mse, cross-entropy
  --optimizer NAME…     sgd, adam
  --seed N…             seeds (each seed holds out its own validation images)
  --random N            train N configurations drawn from the combinations (default: all of them)
  --sweep-seed S        seed of that draw (default 0)

Flags every configuration shares (as for "mnist train"):
  --preset NAME         ${Object.keys(PRESETS).join(" | ")} (default tutorial)
  --nesterov, --epochs N, --limit N, --backend NAME, --data-dir DIR, --class-names A,B,…
  --val N               validation images held out of the training set, chosen by each seed
                        (default 10000: the same images "mnist train --val 10000" holds out)
  --val-fraction F      hold out this fraction instead
  --keep best|last      each configuration's final model (default best: its best validation epoch)
  --patience P          stop a configuration after P epochs without a better validation accuracy
  --out DIR             sweep directory (default runs/<timestamp>-sweep)
  --resume DIR          continue an interrupted sweep; its settings come from DIR/sweep.json: only
                        --epochs (for the configurations not done yet), --backend, --data-dir,
                        --json and --quiet may be given
  --force               replace an earlier sweep in --out
  --json                print only the run-log JSON lines, each tagged "run": "<configuration>"
  --quiet               print only the summary
  -h, --help            show this help

Ctrl-C stops after the current step with every checkpoint kept (exit 130; SIGTERM 143, SIGHUP 129);
"--resume" continues.

Examples:
  mnist sweep --lr log:0.001..1:8 --epochs 5
  mnist sweep --lr 0.01,0.05,0.1 --batch-size 50,100 --loss cross-entropy --out runs/grid
  mnist sweep --lr log:0.0001..1:32 --momentum lin:0..0.9:4 --random 12 --sweep-seed 1`;

const FLAGS = {
  ...RUN_FLAGS,
  random: { type: "string" },
  "sweep-seed": { type: "string" },
} as const;

const RESUME_FLAGS = new Set(["resume", "epochs", "backend", "data-dir", "json", "quiet", "help"]);

/** The validation settings of a sweep: a split always (10,000 images by default), `--keep best` by default. */
export function sweepValidation(flags: ParsedFlags): ValidationSettings {
  const values = { ...flags.values };
  if (values.val === undefined && values["val-fraction"] === undefined) values.val = "10000";
  if (values.keep === undefined) values.keep = "best";
  return validationFromFlags({ values, positionals: flags.positionals });
}

/** What a new sweep trains, from its flags. */
function planFromFlags(flags: ParsedFlags) {
  const { base, settings } = sweptSettings(flags);
  const { preset } = trainConfigFromFlags(base);
  const random = randomFromFlags(flags);
  const runs = planSweep(base, settings, random);
  return { preset, settings, random, runs, validation: sweepValidation(flags) };
}

function viewMode(flags: ParsedFlags): ViewMode {
  if (boolFlag(flags, "json")) return "json";
  if (boolFlag(flags, "quiet")) return "quiet";
  return Deno.stdout.isTerminal() ? "tty" : "plain";
}

function refuseResumeFlags(flags: ParsedFlags): void {
  for (const name of Object.keys(flags.values)) {
    if (flags.values[name] === undefined || RESUME_FLAGS.has(name)) continue;
    throw new UsageError(
      `Cannot use --${name} with --resume: a sweep's settings come from its sweep.json, expected only --epochs, --backend, --data-dir, --json or --quiet`,
    );
  }
}

async function run(flags: ParsedFlags): Promise<number> {
  const resumeDir = stringFlag(flags, "resume");
  if (resumeDir !== undefined) refuseResumeFlags(flags);
  const plan = resumeDir === undefined ? planFromFlags(flags) : undefined;
  const outFlag = stringFlag(flags, "out");
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const dir = outFlag ?? resumeDir ?? join("runs", `${stamp}-sweep`);
  const prefer = choiceFlag(flags, "backend", BACKENDS, "auto");
  const mode = viewMode(flags);
  const encoder = new TextEncoder();
  const out = new SweepDirectory(
    dir,
    mode === "json" ? async (text) => void (await Deno.stdout.write(encoder.encode(text))) : undefined,
  );
  await out.claim({
    flag: resumeDir !== undefined ? "--resume" : "--out",
    reuse: boolFlag(flags, "force") || resumeDir !== undefined,
    dataDir: stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR,
  });
  try {
    let manifest: SweepManifest;
    let members: SweepMember[];
    let prior = "";
    let dataDir: string | undefined;
    let limit: number | undefined;
    let validation: ValidationSettings;
    let recorded: DatasetIdentity | undefined;
    let settings: Record<string, unknown> | undefined;
    if (plan !== undefined) {
      validation = plan.validation;
      dataDir = stringFlag(flags, "data-dir");
      limit = numberFlag(flags, "limit", undefined, { integer: true, min: 1 });
      settings = { preset: plan.preset, limit: limit ?? null, dataDir: dataDir ?? null };
      members = plan.runs.map(
        (r) =>
          new SweepMember({
            id: r.id,
            dir: join(dir, r.id),
            values: r.values,
            config: r.config,
            runConfig: { ...r.config },
            echo: out.echo(r.id),
          }),
      );
      manifest = {
        format: SWEEP_FORMAT,
        version: SWEEP_VERSION,
        time: new Date().toISOString(),
        mode: plan.random === undefined ? "grid" : "random",
        ...(plan.random === undefined ? {} : { sweepSeed: plan.random.seed }),
        keys: plan.settings.map((s) => s.key),
        validation: {
          count: validation.val ?? 0,
          ...(validation.valFraction === undefined ? {} : { fraction: validation.valFraction }),
        },
        runs: members.map((m) => m.summary(m.id)),
        best: null,
      };
    } else {
      ({ manifest, members, prior, dataDir, limit, validation, recorded } = await reopenSweep(
        resumeDir as string,
        out,
        flags,
      ));
    }
    return await trainSweep({
      out,
      manifest,
      members,
      validation,
      dataDir,
      limit,
      // A resumed sweep's data keeps the class names it was trained with.
      classNames: classNamesFlag(flags) ?? recorded?.classNames,
      recorded,
      prior,
      settings,
      prefer,
      view: createSweepView(mode, members.length),
      resumeHint: `mnist sweep --resume ${shellQuote(dir)}`,
    });
  } finally {
    await out.close();
  }
}

function access(flags: ParsedFlags): Access {
  const resume = stringFlag(flags, "resume");
  if (resume !== undefined) refuseResumeFlags(flags);
  else planFromFlags(flags);
  const dataDir = stringFlag(flags, "data-dir") ?? EMBEDDED_DATA_DIR;
  const out = stringFlag(flags, "out") ?? resume ?? "runs";
  const recorded = resume !== undefined && stringFlag(flags, "data-dir") === undefined;
  return {
    // The CPU backend's helper Worker loads its module (a sweep runs on two threads).
    read: [dataDir, out, ...workerModule()],
    write: [out],
    net: false,
    ...(recorded ? { recordedData: { kind: "sweep" as const, path: resume } } : {}),
  };
}

/** The directory of the helper Worker's module (it imports the kernels beside it), when it is a file. */
function workerModule(): string[] {
  const url = cpuWorkerUrl();
  return url.protocol === "file:" ? [dirname(fileURLToPath(url))] : [];
}

/** `mnist sweep`. */
export const sweepCommand: Command = {
  name: "sweep",
  summary: "train many configurations (value lists or ranges), chosen on a validation split",
  help: HELP,
  flags: FLAGS,
  access,
  run,
};
