/**
 * The training loop of `mnist sweep`: loads the data once, trains each group of configurations that
 * share their batches with `trainGroup`, hands every event to its configuration's run directory,
 * keeps `sweep.json` current, and ends with the best model exported and the report written.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import { sameData } from "@mnist/idx";
import { bestRun, type SweepManifest } from "@mnist/metrics/sweep";
import { groupKey, selectRows, trainGroup, validationSplit } from "@mnist/softmax";
import type { BackendPreference } from "@mnist/tensor";
import { describeBackend, openBackend } from "./backend_flag.ts";
import { describeData, EMBEDDED_DATA_DIR, loadDataDirEarly } from "./data.ts";
import { openResumePoint } from "./run_dir.ts";
import { StopSignals } from "./stop_signals.ts";
import type { SweepDirectory } from "./sweep_dir.ts";
import type { MemberContext, SweepMember } from "./sweep_member.ts";
import type { SweepRow, SweepView } from "./sweep_view.ts";
import { UsageError } from "./usage_error.ts";
import { type ValidationSettings, validationConfig, validationCount } from "./validation_flags.ts";

/** Steps between step records, as `mnist train` writes them. */
const STEP_EVERY = 10;

/** What {@link trainSweep} needs. */
export interface SweepJob {
  readonly out: SweepDirectory;
  readonly manifest: SweepManifest;
  /** Every configuration, done ones included (they are not trained again). */
  readonly members: readonly SweepMember[];
  readonly validation: ValidationSettings;
  readonly dataDir?: string;
  readonly limit?: number;
  readonly classNames?: readonly string[];
  /** The data a resumed sweep was trained on. */
  readonly recorded?: DatasetIdentity;
  /** Tagged records of the configurations not trained again, for `sweep.jsonl`. */
  readonly prior: string;
  /** Run-start settings of a new sweep's configurations (a resumed one's come from its manifest). */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly prefer: BackendPreference;
  readonly view: SweepView;
  /** The command that continues the sweep. */
  readonly resumeHint: string;
}

function row(m: SweepMember): SweepRow {
  return { id: m.id, epochs: m.config.epochs, last: m.epochs.at(-1), best: m.best, status: m.status };
}

/**
 * Trains the sweep; returns the exit code: 0, 1 when a configuration failed, 128 + the signal's
 * number when a stop signal interrupted it (130 for Ctrl-C).
 */
export async function trainSweep(job: SweepJob): Promise<number> {
  const { out, members, validation, view } = job;
  const data = await loadDataDirEarly(job.dataDir, job.limit, { classNames: job.classNames });
  if (data.train.count === 0) {
    throw new UsageError(
      `Cannot train on ${data.dir}: its training set holds no images, expected at least one (check --data-dir and --limit)`,
    );
  }
  const valCount = validationCount(validation, data.train.count) as number;
  const trainCount = data.train.count - valCount;
  for (const m of members) {
    if (job.settings !== undefined)
      m.runConfig = { ...m.config, ...job.settings, ...validationConfig(validation, valCount) };
    if (m.config.batchSize > trainCount) {
      throw new UsageError(
        `Cannot use --batch-size ${m.config.batchSize}: expected 1 … ${trainCount} (the training-set size without the validation images)`,
      );
    }
  }
  let manifest: SweepManifest = {
    ...job.manifest,
    validation: { ...job.manifest.validation, count: valCount },
  };
  const groups = new Map<string, SweepMember[]>();
  for (const m of members) {
    if (m.status === "done") continue;
    const key = groupKey(m.config);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  // The members of a group are split between two threads on the CPU (bit-identical to one thread).
  const choice = await openBackend(job.prefer, 2);
  const { backend } = choice;
  const ctx: MemberContext = {
    choice,
    dataset: () => dataset,
    validation,
    dataDir: job.dataDir ?? EMBEDDED_DATA_DIR,
  };
  let dataset: DatasetIdentity | undefined;
  let started = false;
  const save = async () => {
    const runs = members.map((m) => m.summary(m.id));
    manifest = { ...manifest, ...(dataset ? { dataset } : {}), runs, best: bestRun(runs) };
    await out.writeManifest(manifest);
  };
  // Nothing is written before the data is known to be what it claims (as for a run).
  const begin = async () => {
    const verified = await data.verified;
    if (job.recorded !== undefined && !sameData(job.recorded, verified.identity)) {
      throw new UsageError(
        `Cannot use --resume ${out.path} with ${verified.dir}: its files differ from the data the sweep was trained on (${job.recorded.name} in ${job.recorded.dir}), expected --data-dir with the same files`,
      );
    }
    dataset = verified.identity;
    view.header([
      describeBackend(choice),
      `data: ${describeData(verified)}; ${trainCount} train, ${valCount} validation, ${data.test.count} test images`,
      `sweep: ${members.length} configuration${members.length === 1 ? "" : "s"} (${manifest.mode}) in ${groups.size} group${groups.size === 1 ? "" : "s"} sharing their batches; ${members.length - [...groups.values()].flat().length} already done`,
      `sweep directory: ${out.path}`,
    ]);
    await out.startLog(job.prior);
    await save();
    started = true;
  };

  const stops = new StopSignals();
  const began = performance.now();
  let failed = 0;
  try {
    if (groups.size === 0) await begin();
    for (const group of groups.values()) {
      const seed = group[0].config.seed;
      const split = validationSplit(data.train.count, valCount, seed);
      const sets = {
        train: selectRows(data.train, split.train),
        test: data.test,
        validation: selectRows(data.train, split.val),
      };
      for (const m of group) await m.claim(ctx);
      try {
        const resume = await commonResumePoint(group, out.path);
        const events = trainGroup({
          backend,
          ...sets,
          configs: group.map((m) => m.config),
          ...(resume === undefined ? {} : { resume }),
          signal: stops.signal,
          stepEvery: STEP_EVERY,
          stopAfter: (e) => group[e.member].stopReason,
        });
        for await (const event of events) {
          if (!started) await begin();
          const m = group[event.member];
          if (event.type === "member-failed") {
            // Its loss went non-finite: it fails alone, the rest of its group trains on.
            await m.stop("failed", event.message);
            failed++;
            view.note(`${m.id} failed: ${event.message}`);
            await save();
            view.update(members.map(row));
            continue;
          }
          const epoch = await m.handle(event, ctx);
          if (epoch !== undefined || event.type === "run-end") {
            await save();
            const rows = members.map(row);
            view.update(rows, epoch === undefined ? undefined : rows[members.indexOf(m)]);
          }
        }
      } finally {
        for (const m of group) await m.out.close();
      }
    }
  } catch (error) {
    if (!stops.signal.aborted) throw error;
    if (!started) {
      view.summary([], [`interrupted before the sweep started; nothing was written to ${out.path}`]);
      return stops.exitCode;
    }
    for (const m of members) {
      if (m.status === "running")
        await m.stop(
          "interrupted",
          `${stops.message}; the last checkpoint is after epoch ${m.lastCheckpoint}`,
        );
    }
    await save();
    await out.writeReport(manifest);
    view.summary(members.map(row), [
      `interrupted: every checkpoint is kept in ${out.path}; continue with: ${job.resumeHint}`,
    ]);
    return stops.exitCode;
  } finally {
    stops.remove();
    backend.destroy();
  }
  await save();
  const best = manifest.runs.find((r) => r.id === manifest.best);
  if (best !== undefined) await out.exportBest(manifest, best.id);
  await out.writeReport(manifest);
  const seconds = (performance.now() - began) / 1000;
  view.summary(members.map(row), [
    best === undefined
      ? "no configuration finished an epoch"
      : `best: ${best.id}: validation accuracy ${((best.bestValAccuracy ?? 0) * 100).toFixed(2)}% after epoch ${best.bestEpoch}; model: ${out.path}/best`,
    `done: ${members.length} configurations in ${seconds.toFixed(1)} s on ${backend.kind}${failed ? ` (${failed} failed)` : ""}; report: ${out.path}/report.html`,
  ]);
  return failed > 0 ? 1 : 0;
}

/**
 * The resume states of a group's configurations, all after the same epoch (the newest one every
 * configuration has a checkpoint of): a group trains in step, so an interruption can leave one
 * configuration an epoch ahead of another.
 */
async function commonResumePoint(group: readonly SweepMember[], dir: string) {
  if (group.every((m) => m.resume === undefined)) return undefined;
  const epoch = Math.min(...group.map((m) => m.resume?.epoch ?? 0));
  if (epoch >= group[0].config.epochs) {
    throw new UsageError(
      `Cannot use --resume ${dir}: configurations ${group.map((m) => m.id).join(", ")} already completed ${epoch} epochs, expected --epochs above that`,
    );
  }
  for (const m of group) {
    if (m.resume !== undefined && m.resume.epoch > epoch)
      m.resumeFrom(await openResumePoint(m.out.path, epoch));
  }
  return group.map((m) => m.resume?.state);
}
