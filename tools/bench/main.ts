/**
 * `pnpm bench`: the benchmark harness (Deno). Measures every backend row of `backends.ts` on real
 * MNIST with fixed seeds, warm-up and repetitions, prints medians and spreads as a table, writes
 * JSON, and with `--compare FILE` flags every figure more than 15% worse than a saved run.
 *
 * Usage: deno run -A tools/bench/main.ts [--reps N] [--warmup N] [--backends a,b] [--process-reps N]
 *        [--no-process] [--clock wall|cpu] [--out FILE] [--compare FILE] [--threshold 0.15]
 *
 * `--clock cpu` times the in-process workloads in process CPU time, which other load on a shared
 * machine disturbs far less than wall time (the tutorial process and the CLI's data preparation,
 * whose SHA-256 runs on another thread beside the indexing, are always timed wall to wall).
 * @module
 */
import { parseArgs } from "node:util";
import { loadMnist } from "@mnist/idx";
import { PRESETS } from "@mnist/softmax";
import {
  benchTraining,
  type Figure,
  figure,
  formatFigures,
  formatValue,
  measure,
  summarise,
} from "@mnist/softmax/bench";
import { createCpuBackend } from "@mnist/tensor/cpu";
import { loadDataDirEarly } from "../../apps/cli/src/data.ts";
import { pairedBackendRatio } from "./backend_pairs.ts";
import { BACKEND_ROWS } from "./backends.ts";
import { compareFigures } from "./compare.ts";
import { findDataDir } from "./data_dir.ts";
import { runSweepPairs, runSweepProcess, runTutorialProcess } from "./process_run.ts";
import { type ClockName, clockOf } from "./stats.ts";
import { streamingFigures } from "./streaming.ts";
import { dataFigures, profileEpoch, runOpSuite, runRecordingSuite, Workbench } from "./suites.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

const USAGE = `Usage: pnpm bench [--reps N] [--warmup N] [--backends a,b] [--process-reps N] [--no-process]
                  [--clock wall|cpu] [--out FILE] [--compare FILE] [--threshold 0.15] [--profile]
                  [--sweep-epochs N] [--sweep-backends cpu,webgpu] [--no-sweep]
                  [--no-stream] [--no-pairs]

--no-pairs   skip the WebGPU ÷ CPU epoch ratio taken on alternating epochs
--no-stream  skip the rows that stream MNIST's training set from disk (cpu-simd)
--profile  also time every kernel of a WebGPU training epoch on the GPU (timestamp queries), or say
           why the adapter cannot
--sweep-epochs N  epochs of the sweep row (default 10: 16 learning rates of the tutorial as one
           group against one tutorial run, validation 10,000; on the CPU the group runs on 2
           threads as mnist sweep does, the run on 1 as mnist train does); --no-sweep skips it
--sweep-backends cpu,webgpu  where the sweep row runs (default cpu: on a software adapter the
           WebGPU group takes many minutes)`;

function parseFlags() {
  try {
    return parseArgs({
      args: Deno.args,
      options: {
        reps: { type: "string", default: "5" },
        warmup: { type: "string", default: "2" },
        backends: { type: "string", default: BACKEND_ROWS.map((r) => r.id).join(",") },
        "process-reps": { type: "string", default: "3" },
        "no-process": { type: "boolean", default: false },
        "no-stream": { type: "boolean", default: false },
        "no-pairs": { type: "boolean", default: false },
        out: { type: "string", default: `${ROOT}bench-results/latest.json` },
        compare: { type: "string" },
        threshold: { type: "string", default: "0.15" },
        clock: { type: "string", default: "wall" },
        profile: { type: "boolean", default: false },
        "sweep-epochs": { type: "string", default: "10" },
        "no-sweep": { type: "boolean", default: false },
        "sweep-backends": { type: "string", default: "cpu" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : error}; see "pnpm bench --help"`);
    Deno.exit(2);
  }
}

const flags = parseFlags();
if (flags.help) {
  console.log(USAGE);
  Deno.exit(0);
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`Cannot parse --${name}: "${text}", expected an integer ≥ 0`);
  return n;
}

/**
 * Each WebGPU row's training epoch against the default CPU row's, measured in this run: the ratio
 * the fused step is held to (at most 8× on a software adapter).
 */
function epochRatios(figures: readonly Figure[]): { id: string; ratio: number; line: string }[] {
  const epoch = (backend: string) =>
    figures.find((f) => f.backend === backend && f.workload.startsWith("train epoch") && f.unit === "ms");
  const cpu = epoch("cpu-simd");
  if (cpu === undefined) return [];
  return BACKEND_ROWS.filter((r) => r.id.startsWith("webgpu"))
    .map((r) => epoch(r.id))
    .filter((f) => f !== undefined)
    .map((f) => {
      const ratio = f.value.median / cpu.value.median;
      const line = `${f.backend} train epoch: ${formatValue(f.value.median)} ms = ${ratio.toFixed(1)}× cpu-simd's ${formatValue(cpu.value.median)} ms (medians, this run)`;
      return { id: `${f.backend}/cpu-simd`, ratio, line };
    });
}

/** " on 2 CPU threads" for a CPU side of the sweep row (the group runs as `mnist sweep`, the run as `mnist train`). */
function threadsOf(backend: "cpu" | "webgpu", threads: number): string {
  return backend === "cpu" ? ` on ${threads} CPU thread${threads === 1 ? "" : "s"}` : "";
}

async function main(): Promise<number> {
  if (flags.clock !== "wall" && flags.clock !== "cpu") {
    throw new RangeError(`Cannot parse --clock: "${flags.clock}", expected wall or cpu`);
  }
  const clockName: ClockName = flags.clock;
  const clock = clockOf(clockName);
  const opts = {
    reps: Math.max(1, positiveInt("reps", flags.reps)),
    warmup: positiveInt("warmup", flags.warmup),
    clock,
  };
  const threshold = Number(flags.threshold);
  const wanted = new Set(flags.backends.split(",").map((s) => s.trim()));
  const unknown = [...wanted].filter((id) => !BACKEND_ROWS.some((r) => r.id === id));
  if (unknown.length > 0) {
    throw new RangeError(
      `Cannot parse --backends: "${unknown.join(",")}", expected ids from ${BACKEND_ROWS.map((r) => r.id).join(", ")}`,
    );
  }
  const dataDir = await findDataDir();
  const read = (name: string) => Deno.readFile(`${dataDir}${name}`);
  const parseMs = await measure(() => loadMnist(read), { reps: opts.reps, warmup: 1, clock });
  const { train, test } = await loadMnist(read);
  // What `mnist train` does before its first step on the CPU: the CLI's own loader (read and validate
  // the embedded MNIST, SHA-256 off the main thread), both splits' sparse index (the default SIMD
  // kernels) built while the sums are computed, then the wait for the verification. Always timed wall
  // to wall: the hashing runs on another thread, which process CPU time would add instead of overlap.
  const cliPrepMs = await measure(
    async () => {
      const data = await loadDataDirEarly();
      const be = createCpuBackend();
      be.uploadDataset(data.train.images, data.train.labels, data.train.features, data.train.classes);
      be.uploadDataset(data.test.images, data.test.labels, data.test.features, data.test.classes);
      await data.verified;
      be.destroy();
    },
    { reps: opts.reps, warmup: 1 },
  );

  const figures: Figure[] = [];
  const profiles: string[] = [];
  const skipped: Record<string, string> = {};
  const uploads = new Map<string, number[]>();
  const available: string[] = [];
  const notes: string[] = [];
  for (const row of BACKEND_ROWS.filter((r) => wanted.has(r.id))) {
    let be: Awaited<ReturnType<typeof row.create>>;
    try {
      be = await row.create();
    } catch (error) {
      skipped[row.id] = error instanceof Error ? error.message : String(error);
      console.error(`bench: skipping ${row.id}: ${skipped[row.id]}`);
      continue;
    }
    available.push(row.id);
    console.error(`bench: ${row.id} (${row.label})…`);
    uploads.set(
      row.id,
      await measure(
        () => {
          be.releaseDataset(be.uploadDataset(train.images, train.labels, train.features, train.classes));
          be.releaseDataset(be.uploadDataset(test.images, test.labels, test.features, test.classes));
        },
        { reps: opts.reps, warmup: 1, clock },
      ),
    );
    const wb = new Workbench(be, train, test);
    try {
      figures.push(...(await runOpSuite(wb, row.id, opts)));
      figures.push(...(await runRecordingSuite(wb, row.id, opts)));
      wb.release();
      // The same rows as `mnist bench`: the tutorial on the trainer, one warm-up epoch at most.
      const warmup = Math.min(opts.warmup, 1);
      const config = PRESETS.tutorial;
      figures.push(
        ...(await benchTraining({ backend: be, id: row.id, train, test, config, ...opts, warmup })),
      );
      if (row.id === "cpu-simd" && !flags["no-stream"]) {
        console.error(`bench: ${row.id}: streamed from disk vs in memory…`);
        const streamed = await streamingFigures({
          backend: be,
          id: row.id,
          dataDir,
          train,
          test,
          config,
          ...opts,
          clockName,
        });
        figures.push(...streamed.figures);
        notes.push(...streamed.lines);
      }
    } finally {
      be.destroy();
    }
    if (flags.profile && row.profile !== undefined) {
      const profiled = await row.profile();
      try {
        profiles.push(...(await profileEpoch(profiled, row.id, train, test)));
      } finally {
        profiled.destroy();
      }
    }
  }
  if (!flags["no-pairs"] && available.includes("cpu-simd")) {
    for (const row of BACKEND_ROWS.filter((r) => r.id.startsWith("webgpu") && available.includes(r.id))) {
      console.error(`bench: ${row.id} and cpu-simd in alternating epochs…`);
      const cpuRow = BACKEND_ROWS.find((r) => r.id === "cpu-simd");
      const [cpu, other] = [await cpuRow!.create(), await row.create()];
      try {
        const config = PRESETS.tutorial;
        const paired = await pairedBackendRatio({ cpu, id: row.id, other, train, test, config, ...opts });
        figures.push(paired.figure);
        notes.push(paired.line);
      } finally {
        cpu.destroy();
        other.destroy();
      }
    }
  }
  figures.push(...dataFigures(parseMs, uploads));
  figures.push(figure("cli-cpu", "data prep (CLI loader + cpu index, train+test)", "ms", "lower", cliPrepMs));

  if (!flags["no-process"]) {
    const cliRows = BACKEND_ROWS.filter((r) => available.includes(r.id) && r.cliBackend !== null);
    // `auto` is what `pnpm mnist train` runs by default (it includes the launcher's adapter probe).
    const cliBackends = [...new Set(["auto", ...cliRows.map((r) => r.cliBackend as string)])];
    const reps = positiveInt("process-reps", flags["process-reps"]);
    for (const backend of cliBackends) {
      console.error(`bench: pnpm mnist train --quiet --backend ${backend} ×${reps}…`);
      const wall: number[] = [];
      const rss: number[] = [];
      const id = `cli-${backend}`;
      for (let i = 0; i < reps; i++) {
        const tmp = await Deno.makeTempDir({ prefix: "mnist-bench-run-" });
        try {
          const s = await runTutorialProcess(ROOT, backend, `${tmp}/run`);
          wall.push(s.wallMs);
          if (s.peakRssMiB !== null) rss.push(s.peakRssMiB);
        } catch (error) {
          skipped[id] = error instanceof Error ? error.message : String(error);
          console.error(`bench: ${skipped[id]}`);
        } finally {
          await Deno.remove(tmp, { recursive: true });
        }
      }
      if (wall.length > 0)
        figures.push(figure(id, "whole CLI process: tutorial, 10 epochs + evals", "ms", "lower", wall));
      if (rss.length > 0)
        figures.push(figure(id, "whole CLI process: tutorial, peak RSS", "MiB", "lower", rss));
    }
  }

  const sweepLines: string[] = [];
  const sweepRatios: Array<{ id: string; ratio: number }> = [];
  if (!flags["no-sweep"]) {
    const epochs = Math.max(1, positiveInt("sweep-epochs", flags["sweep-epochs"]));
    const asked = new Set(flags["sweep-backends"].split(",").map((s) => s.trim()));
    const unknownSweep = [...asked].filter((b) => b !== "cpu" && b !== "webgpu");
    if (unknownSweep.length > 0) {
      throw new RangeError(
        `Cannot parse --sweep-backends: "${unknownSweep.join(",")}", expected cpu, webgpu`,
      );
    }
    const sweepBackends = (["cpu", "webgpu"] as const).filter((b) => asked.has(b));
    for (const backend of sweepBackends) {
      const id = `sweep-${backend}`;
      try {
        console.error(
          `bench: ${id}: one tutorial run, then 16 learning rates as one group (${epochs} epochs)…`,
        );
        const one = await runSweepProcess(ROOT, backend, 1, epochs, clockName);
        const group = await runSweepProcess(ROOT, backend, 16, epochs, clockName);
        const what = `tutorial + val 10k, ${epochs} epochs`;
        figures.push(figure(id, `${what}: 1 run`, "ms", "lower", [one.trainMs]));
        figures.push(figure(id, `${what}: 16 lrs as one group`, "ms", "lower", [group.trainMs]));
        if (one.peakRssMiB !== null)
          figures.push(figure(id, `${what}: 1 run, peak RSS`, "MiB", "lower", [one.peakRssMiB]));
        if (group.peakRssMiB !== null)
          figures.push(
            figure(id, `${what}: 16 lrs as one group, peak RSS`, "MiB", "lower", [group.peakRssMiB]),
          );
        const ratio = group.trainMs / one.trainMs;
        const goal = backend === "cpu" ? 3 : 4;
        sweepRatios.push({ id: `${id}/group-over-run`, ratio });
        sweepLines.push(
          `${id}: 16 learning rates as one group trained in ${formatValue(group.trainMs)} ms${threadsOf(backend, group.threads)} = ${ratio.toFixed(1)}× one run's ${formatValue(one.trainMs)} ms${threadsOf(backend, one.threads)} (goal ≤ ${goal}×); peak RSS ${group.peakRssMiB?.toFixed(0) ?? "?"} MiB (one run: ${one.peakRssMiB?.toFixed(0) ?? "?"} MiB, goal < 400); best validation accuracy ${(100 * group.bestValAccuracy).toFixed(2)}% (lr 0.05 alone: ${(100 * one.bestValAccuracy).toFixed(2)}%)`,
        );
        // The two processes above see the machine at different moments; epochs in turn in one process
        // see it alike (a shared machine's speed drifts over seconds, and its cores differ).
        const { pairs } = await runSweepPairs(ROOT, backend, epochs);
        const timed = pairs.slice(pairs.length > 1 ? 1 : 0); // the first epoch holds the uploads
        const perPair = timed.map((p) => p.group / p.run);
        const paired = summarise(perPair).median;
        sweepRatios.push({ id: `${id}/group-over-run-paired`, ratio: paired });
        sweepLines.push(
          `${id}: paired epochs in one process (run, group, run, …): the group's epoch ${paired.toFixed(1)}× the run's (median of ${perPair.length} pairs after the first: ${perPair.map((r) => r.toFixed(1)).join(", ")}×; epochs ${formatValue(summarise(timed.map((p) => p.group)).median)} against ${formatValue(summarise(timed.map((p) => p.run)).median)} ms; goal ≤ ${goal}×)`,
        );
      } catch (error) {
        skipped[id] = error instanceof Error ? error.message : String(error);
        console.error(`bench: ${skipped[id]}`);
      }
    }
  }

  console.log(formatFigures(figures));
  if (sweepLines.length > 0) console.log(`\n${sweepLines.join("\n")}`);
  const epochs = epochRatios(figures);
  if (epochs.length > 0) console.log(`\n${epochs.map((r) => r.line).join("\n")}`);
  if (notes.length > 0) console.log(`\n${notes.join("\n")}`);
  const ratios = [...epochs, ...sweepRatios];
  if (profiles.length > 0) console.log(`\n${profiles.join("\n")}`);
  const result = {
    version: 1,
    date: new Date().toISOString(),
    machine: {
      os: Deno.build.os,
      arch: Deno.build.arch,
      cpus: navigator.hardwareConcurrency,
      deno: Deno.version.deno,
    },
    options: { ...opts, clock: clockName, backends: [...wanted], processReps: flags["process-reps"] },
    notes: {
      gflops: "GFLOP/s counts dense work 2·n·784·10; sparse kernels report effective GFLOP/s",
      workers: "CPU Worker parallelism is not implemented: every CPU row is single-threaded",
    },
    skipped,
    figures,
    ratios: Object.fromEntries(ratios.map((r) => [r.id, r.ratio])),
    profiles,
  };
  const outPath = flags.out;
  await Deno.mkdir(outPath.slice(0, outPath.lastIndexOf("/") + 1) || ".", { recursive: true });
  await Deno.writeTextFile(outPath, `${JSON.stringify(result, null, 2)}\n`);
  console.error(`bench: wrote ${outPath}`);

  if (flags.compare !== undefined) {
    const saved = JSON.parse(await Deno.readTextFile(flags.compare)) as {
      figures?: Figure[];
      options?: { clock?: ClockName };
    };
    if (!Array.isArray(saved.figures))
      throw new SyntaxError(
        `Cannot compare with ${flags.compare}: no "figures" array, expected a bench JSON file`,
      );
    const savedClock = saved.options?.clock ?? "wall";
    if (savedClock !== clockName) {
      throw new RangeError(
        `Cannot compare with ${flags.compare}: it was timed with --clock ${savedClock}, expected ${clockName}`,
      );
    }
    const cmp = compareFigures(saved.figures, figures, threshold);
    const worse = cmp.filter((c) => c.worse);
    console.log(
      `\ncompared with ${flags.compare}: ${cmp.length} figures, ${worse.length} more than ${threshold * 100}% worse`,
    );
    for (const c of cmp) {
      const mark = c.worse ? "WORSE" : c.ratio > 1 + threshold ? "better" : "same";
      console.log(
        `${mark.padEnd(6)}  ${(c.ratio * 100).toFixed(0).padStart(4)}%  ${c.id}: ${formatValue(c.before)} → ${formatValue(c.after)}`,
      );
    }
    return worse.length > 0 ? 1 : 0;
  }
  return 0;
}

try {
  Deno.exitCode = await main();
} catch (error) {
  // Bad flag values and missing data are user errors: one line, exit 2.
  if (!(error instanceof RangeError || error instanceof SyntaxError)) throw error;
  console.error(`bench: ${error.message}`);
  Deno.exitCode = 2;
}
