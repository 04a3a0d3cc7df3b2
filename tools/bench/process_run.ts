/**
 * The whole tutorial run as one process: `pnpm -s mnist train --quiet --backend <b>`, timed wall to
 * wall (start-up and data loading included), with peak RSS from `/usr/bin/time -v` when present.
 * @module
 */

/** One finished run. */
export interface ProcessSample {
  readonly wallMs: number;
  /** Peak resident set size in MiB, or null when `/usr/bin/time` is missing. */
  readonly peakRssMiB: number | null;
}

/** A finished process with its wall time, peak RSS (when measured) and stdout. */
interface TimedProcess extends ProcessSample {
  readonly stdout: string;
}

/**
 * Runs `program args…` in `root` under `/usr/bin/time -v` when present, timed wall to wall.
 * @param what names the run in the error.
 * @throws {Error} when it fails, with the end of its own stderr (without `/usr/bin/time`'s report).
 */
async function timedProcess(
  root: string,
  program: string,
  args: string[],
  what: string,
): Promise<TimedProcess> {
  const haveTime = await exists("/usr/bin/time");
  const [cmd, cmdArgs] = haveTime ? ["/usr/bin/time", ["-v", program, ...args]] : [program, args];
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, {
    args: cmdArgs,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - t0;
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) {
    const own = stderr.split("\tCommand being timed:")[0].trim();
    throw new Error(`Cannot run ${what}: exit ${out.code}: ${own.slice(-400)}`);
  }
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return {
    wallMs,
    peakRssMiB: rss === null ? null : Number(rss[1]) / 1024,
    stdout: new TextDecoder().decode(out.stdout),
  };
}

/**
 * Runs the tutorial once.
 * @param root repository root.
 * @param backend the CLI's `--backend` value.
 * @param outDir run directory to write (a temporary one).
 * @throws {Error} when the run fails, with its stderr.
 */
export async function runTutorialProcess(
  root: string,
  backend: string,
  outDir: string,
): Promise<ProcessSample> {
  const args = ["-s", "mnist", "train", "--quiet", "--backend", backend, "--out", outDir];
  const { wallMs, peakRssMiB } = await timedProcess(
    root,
    "pnpm",
    args,
    `the tutorial with --backend ${backend}`,
  );
  return { wallMs, peakRssMiB };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** One side of the sweep row: its in-process training time and the process's peak RSS. */
export interface SweepSample extends ProcessSample {
  /** Milliseconds of training (uploads and evaluations included), without start-up and data loading. */
  readonly trainMs: number;
  /** The best validation accuracy the members reached. */
  readonly bestValAccuracy: number;
  /** The threads the CPU backend ran on (1 on WebGPU). */
  readonly threads: number;
}

/**
 * Runs `sweep_process.ts` once: one tutorial run (`members` 1) or a group of `members` learning rates.
 * @param root repository root.
 * @throws {Error} when the process fails, with its stderr.
 */
export async function runSweepProcess(
  root: string,
  backend: "cpu" | "webgpu",
  members: number,
  epochs: number,
  clock: "wall" | "cpu" = "wall",
): Promise<SweepSample> {
  const script = ["run", "-A", "tools/bench/sweep_process.ts", "--backend", backend];
  const args = [
    "tools/scripts/deno.sh",
    ...script,
    "--members",
    String(members),
    "--epochs",
    String(epochs),
    "--clock",
    clock,
  ];
  const run = await timedProcess(root, "sh", args, `the sweep row on ${backend} (${members} members)`);
  const { ms, bestValAccuracy, threads } = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "");
  return { wallMs: run.wallMs, trainMs: ms, bestValAccuracy, threads, peakRssMiB: run.peakRssMiB };
}

/**
 * Runs `sweep_process.ts --paired`: one tutorial run and a group of 16 learning rates in one
 * process, epoch by epoch in turn.
 * @param root repository root.
 * @returns each epoch's wall milliseconds, run and group, and the group's threads.
 * @throws {Error} when the process fails, with its stderr.
 */
export async function runSweepPairs(
  root: string,
  backend: "cpu" | "webgpu",
  epochs: number,
): Promise<{ pairs: Array<{ run: number; group: number }>; threads: number }> {
  const args = ["tools/scripts/deno.sh", "run", "-A", "tools/bench/sweep_process.ts", "--backend", backend];
  args.push("--members", "16", "--epochs", String(epochs), "--paired");
  const run = await timedProcess(root, "sh", args, `the paired sweep row on ${backend}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "");
}
