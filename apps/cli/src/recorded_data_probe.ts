/**
 * Run by the launcher, granted read of one model's (or run's) metadata only: prints the data
 * directory recorded there (or nothing), so that the CLI can be granted read of the data a model was
 * trained on without the launcher reading files itself. `recorded_data_probe.ts model PATH` reads the
 * sidecar beside a model; `recorded_data_probe.ts run DIR` reads a run's `run.jsonl` first record, `sweep DIR` a sweep's
 * `sweep.json`.
 * @module
 */
import { join } from "node:path";
import { recordedDataDir } from "./model_data.ts";
import { resolveModelPath } from "./model_file.ts";
import { RUN_LOG } from "./run_dir.ts";

/** The directory the first record of a run log names (`dataset.dir`, else `config.dataDir`). */
async function runDataDir(dir: string): Promise<string | undefined> {
  const text = await Deno.readTextFile(join(dir, RUN_LOG));
  const first = JSON.parse(text.slice(0, text.indexOf("\n") >>> 0));
  const recorded = first?.dataset;
  if (recorded?.name === "mnist") return undefined;
  const d = recorded?.dir ?? first?.config?.dataDir;
  return typeof d === "string" ? d : undefined;
}

/** The data directory a sweep's manifest records (`dataset.dir`, else its first run's `config.dataDir`). */
async function sweepDataDir(dir: string): Promise<string | undefined> {
  const manifest = JSON.parse(await Deno.readTextFile(join(dir, "sweep.json")));
  if (manifest?.dataset?.name === "mnist") return undefined;
  const d = manifest?.dataset?.dir ?? manifest?.runs?.[0]?.config?.dataDir;
  return typeof d === "string" ? d : undefined;
}

async function probe([kind, path]: string[]): Promise<string | undefined> {
  try {
    if (kind === "run") return await runDataDir(path);
    if (kind === "sweep") return await sweepDataDir(path);
    if (kind === "model") return await recordedDataDir(await resolveModelPath(path));
  } catch {
    // nothing recorded that can be read: the CLI reports what is wrong
  }
  return undefined;
}

if (import.meta.main) {
  const dir = await probe(Deno.args);
  if (dir !== undefined) console.log(JSON.stringify({ dir }));
}
