#!/usr/bin/env node
// Times loading and validating the four MNIST files (read, header/length checks, SHA-256 of all four,
// label range): `loadDataset(dirSource(dir), { expect: MNIST })` from `@mnist/idx/fs` (what the CLI
// should call), and for comparison `loadMnist` over the runtime's own whole-file reader. Wall time is
// what the issue asks for; CPU time is printed too because it varies less on a busy machine.
//   deno run --allow-read tools/idx-stream/load_timing.mjs [--runs 10]
//   node tools/idx-stream/load_timing.mjs            (needs `pnpm turbo run build --filter=@mnist/idx`)
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import process from "node:process";
import { loadDataset, loadMnist, MNIST } from "@mnist/idx";
import { dirSource, mnistDataDir } from "@mnist/idx/fs";

const i = process.argv.indexOf("--runs");
const runs = i < 0 ? 10 : Number(process.argv[i + 1]);
const dir = mnistDataDir();
const read =
  typeof Deno === "undefined"
    ? (name) => readFile(join(dir, name))
    : (name) => Deno.readFile(join(dir, name));

async function time(label, load) {
  const times = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ds = await load();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (ds.train.count !== 60000 || ds.known?.name !== "MNIST")
      throw new Error("Cannot verify MNIST: wrong result");
  }
  const sorted = [...times].sort((a, b) => a - b);
  const runtime = typeof Deno === "undefined" ? `node ${process.version}` : `deno ${Deno.version.deno}`;
  console.log(
    `${runtime}: ${label}, read + validate + SHA-256 of 4 files (54.9 MB), ${runs} runs: ` +
      `first ${times[0].toFixed(1)} ms, median ${sorted[Math.floor(runs / 2)].toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms; ` +
      `CPU time (all threads) median ${[...cpu].sort((a, b) => a - b)[Math.floor(runs / 2)].toFixed(1)} ms`,
  );
}

await time("loadDataset(dirSource(dir), { expect: MNIST })", () =>
  loadDataset(dirSource(dir), { expect: MNIST }),
);
await time(`loadMnist(${typeof Deno === "undefined" ? "readFile" : "Deno.readFile"})`, () => loadMnist(read));
