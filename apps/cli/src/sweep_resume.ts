/**
 * `mnist sweep --resume DIR`: what an interrupted sweep continues with — its manifest, its
 * configurations (those done are not trained again; their records go into the combined log as they
 * are) and the settings recorded in their run-start configs.
 * @module
 */
import { join } from "node:path";
import type { RunStartRecord } from "@mnist/metrics";
import { formatSweepRecord, type SweepManifest } from "@mnist/metrics/sweep";
import type { TrainConfig } from "@mnist/softmax";
import { EPOCHS_RULE, numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { loadRunLog, openResumePoint } from "./run_dir.ts";
import { loadSweepManifest, memberLogPath, type SweepDirectory } from "./sweep_dir.ts";
import { SweepMember } from "./sweep_member.ts";
import { validationFromConfig } from "./validation_flags.ts";

/** Run-start `config` fields that are the CLI's, not the trainer's. */
const CLI_SETTINGS = [
  "preset",
  "limit",
  "dataDir",
  "val",
  "valFraction",
  "keep",
  "patience",
  "resumedAfterEpoch",
];

/** An interrupted sweep: its manifest, members (done ones not trained again) and settings. */
export async function reopenSweep(dir: string, out: SweepDirectory, flags: ParsedFlags) {
  const manifest = await loadSweepManifest(dir);
  const first = manifest.runs[0]?.config ?? {};
  const validation = validationFromConfig(first);
  const dataDir =
    stringFlag(flags, "data-dir") ?? (typeof first.dataDir === "string" ? first.dataDir : undefined);
  const limit = typeof first.limit === "number" ? first.limit : undefined;
  const epochs = numberFlag(flags, "epochs", undefined, EPOCHS_RULE);
  let prior = "";
  const members: SweepMember[] = [];
  for (const entry of manifest.runs) {
    const logged = Object.fromEntries(
      Object.entries(entry.config).filter(([k]) => !CLI_SETTINGS.includes(k)),
    ) as unknown as TrainConfig;
    const done = entry.status === "done";
    const config = epochs === undefined || done ? logged : { ...logged, epochs };
    const member = new SweepMember({
      id: entry.id,
      dir: join(dir, entry.dir),
      values: entry.values,
      config,
      runConfig: {
        ...Object.fromEntries(Object.entries(entry.config).filter(([k]) => k !== "resumedAfterEpoch")),
        epochs: config.epochs,
      },
      echo: out.echo(entry.id),
    });
    const logPath = memberLogPath(dir, entry.dir);
    const hasLog = await Deno.lstat(logPath).then(
      () => true,
      () => false,
    );
    if (hasLog) {
      const point = await openResumePoint(member.out.path);
      member.resumeFrom(point);
      if (point.complete && (epochs === undefined || done)) {
        // Finished before the interruption: its records go into the combined log as they are.
        member.status = "done";
        const log = await loadRunLog(logPath, member.out.path);
        prior += log.records.map((r) => formatSweepRecord(entry.id, r)).join("");
      }
    }
    members.push(member);
  }
  const start = (await firstStart(dir, manifest)) as RunStartRecord | undefined;
  return {
    manifest,
    members,
    prior,
    dataDir,
    limit,
    validation,
    recorded: manifest.dataset ?? start?.dataset,
  };
}

async function firstStart(dir: string, manifest: SweepManifest): Promise<RunStartRecord | undefined> {
  for (const entry of manifest.runs) {
    try {
      return (await loadRunLog(memberLogPath(dir, entry.dir), join(dir, entry.dir)))
        .records[0] as RunStartRecord;
    } catch {
      // not started yet
    }
  }
  return undefined;
}
