/**
 * One side of the sweep row of `pnpm bench`, in a process of its own so that its peak RSS is its
 * own: the tutorial configuration with 10,000 validation images held out (as `mnist sweep`), trained
 * as one run (`--members 1`, `train`) or as a group of `--members` learning rates log-spaced over
 * 0.001…1 (`trainGroup`). On the CPU each side runs the backend its command runs: one thread for the
 * run (`mnist train`), two for the group (`mnist sweep`, which splits a group's members between
 * them). Prints one JSON line: `{ ms, bestValAccuracy, threads }`.
 *
 * Usage: deno run -A tools/bench/sweep_process.ts --backend cpu|webgpu --members N --epochs E [--clock cpu]
 * (`--clock cpu`: the CPU time of all the process's threads where Linux says it, else the main thread's)
 *
 * `--paired`: instead, the run and the group in this one process, epoch by epoch in turn (each on a
 * backend of its own, threads as above unless `--group-threads 1`; `pairedSweepEpochs`), printing
 * `{ pairs: [{ run, group }], threads }` in wall milliseconds per epoch.
 * @module
 */
import { parseArgs } from "node:util";
import { loadMnist } from "@mnist/idx";
import { PRESETS, selectRows, validationSplit } from "@mnist/softmax";
import { logSpaced, pairedSweepEpochs, timeGroup, timeRun } from "@mnist/softmax/bench";
import type { Backend } from "@mnist/tensor";
import { cpuThreads, createCpuBackend } from "@mnist/tensor/cpu";
import { createWebGpuBackend } from "@mnist/tensor/webgpu";
import { findDataDir } from "./data_dir.ts";
import { allThreadsCpuClock, clockOf } from "./stats.ts";

const flags = parseArgs({
  args: Deno.args,
  options: {
    backend: { type: "string", default: "cpu" },
    members: { type: "string", default: "16" },
    epochs: { type: "string", default: "10" },
    clock: { type: "string", default: "wall" },
    paired: { type: "boolean", default: false },
    "group-threads": { type: "string", default: "2" },
  },
}).values;
const members = Number(flags.members);
const epochs = Number(flags.epochs);
const dir = await findDataDir();
const data = await loadMnist((name) => Deno.readFile(`${dir}${name}`));
const config = { ...PRESETS.tutorial, epochs };
const split = validationSplit(data.train.count, 10_000, config.seed);
const sets = {
  train: selectRows(data.train, split.train),
  test: data.test,
  validation: selectRows(data.train, split.val),
};
// CPU time of every thread: the group's helper Worker works too.
const clock = flags.clock === "cpu" ? (allThreadsCpuClock() ?? clockOf("cpu")) : clockOf("wall");
const cpuBackend = (threads: number) => createCpuBackend({ kernel: "simd", threads });
const configs = logSpaced(0.001, 1, members).map((lr) => ({ ...config, lr }));
if (flags.paired) {
  const webgpu = flags.backend === "webgpu";
  const runBackend = webgpu ? await createWebGpuBackend() : cpuBackend(1);
  const groupBackend = webgpu ? runBackend : cpuBackend(Number(flags["group-threads"]));
  try {
    const pairs = await pairedSweepEpochs({ runBackend, groupBackend, ...sets, config, configs });
    console.log(JSON.stringify({ pairs, threads: cpuThreads(groupBackend) }));
  } finally {
    runBackend.destroy();
    if (groupBackend !== runBackend) groupBackend.destroy();
  }
  Deno.exit(0);
}
const backend: Backend =
  flags.backend === "webgpu" ? await createWebGpuBackend() : cpuBackend(members === 1 ? 1 : 2);
try {
  const timing =
    members === 1
      ? await timeRun({ backend, ...sets, config, clock })
      : await timeGroup({ backend, clock, ...sets, configs });
  console.log(JSON.stringify({ ...timing, threads: cpuThreads(backend) }));
} finally {
  backend.destroy();
}
