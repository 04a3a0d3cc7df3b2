/**
 * Measures the figures quoted in the README on the CPU backend: the tutorial preset's per-epoch table
 * for three seeds and the `best` preset's final test accuracy, with wall times. Run from the repository
 * root:
 *
 *   node_modules/.bin/deno run -A --config deno.json packages/softmax/tools/figures.ts [seeds…]
 */
import { join } from "node:path";
import process from "node:process";
import { loadMnist } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";
import { PRESETS, type TrainConfig, train } from "@mnist/softmax";
import { createCpuBackend } from "@mnist/tensor/cpu";

const dataDir = mnistDataDir(import.meta.url);
const data = await loadMnist((name) => Deno.readFile(join(dataDir, name)));
const pct = (v: number) => `${(v * 100).toFixed(2)}%`;

async function run(name: string, config: TrainConfig): Promise<void> {
  console.log(`\n${name}, seed ${config.seed}:\n`);
  const cpu0 = process.cpuUsage();
  console.log("| epoch | train acc | train loss | test acc | test loss | s |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for await (const e of train({ backend: createCpuBackend(), ...data, config, checkpointEvery: 0 })) {
    if (e.type === "epoch") {
      const row = [
        e.epoch,
        pct(e.trainAccuracy),
        e.trainLoss.toFixed(5),
        pct(e.testAccuracy),
        e.testLoss.toFixed(5),
      ];
      console.log(`| ${row.join(" | ")} | ${e.seconds.toFixed(2)} |`);
    }
    if (e.type === "run-end") {
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      console.log(`\nwall time: ${e.seconds.toFixed(2)} s, CPU time: ${cpuSeconds.toFixed(2)} s`);
    }
  }
}

const seeds = Deno.args.length > 0 ? Deno.args.map(Number) : [0, 1, 2];
for (const seed of seeds) await run("tutorial", { ...PRESETS.tutorial, seed });
await run("best", PRESETS.best);
