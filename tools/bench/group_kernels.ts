/**
 * The SIMD group kernels against the single ones on MNIST's training set: `K` models through
 * `forwardK`/`backwardK` once against `K` calls of `forward10`/`backward10`, over shuffled batches
 * of `n` rows (`--batches` per repetition, the variants alternating so that load on a shared machine
 * hits them alike). Prints per-model microseconds per batch and the ratios, minimum and median over
 * the repetitions.
 *
 * Usage: deno run -A tools/bench/group_kernels.ts [--k 16] [--n 100] [--reps 30] [--batches 60]
 *        [--clock cpu|wall]
 * @module
 */
import { parseArgs } from "node:util";
import { loadMnist } from "@mnist/idx";
import { RawModule, RawRows, rowsBytes } from "../../packages/tensor/src/cpu/_simd_group_harness.ts";
import { findDataDir } from "./data_dir.ts";
import { type ClockName, clockOf } from "./stats.ts";

const flags = parseArgs({
  args: Deno.args,
  options: {
    k: { type: "string", default: "16" },
    n: { type: "string", default: "100" },
    reps: { type: "string", default: "30" },
    batches: { type: "string", default: "60" },
    clock: { type: "string", default: "cpu" },
  },
}).values;
const [K, n, reps] = [Number(flags.k), Number(flags.n), Number(flags.reps)];
const clock = clockOf(flags.clock as ClockName);

const dir = await findDataDir();
const { train } = await loadMnist((name) => Deno.readFile(`${dir}${name}`));
const F = train.features;
const FC = F * 10;
const raw = new RawModule();
const data = new RawRows(raw, train.images, train.count, F);
const { fn } = raw;

// Shuffled batches' row lists, built once.
let seed = 12345;
const order = Uint32Array.from({ length: train.count }, (_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  const j = seed % (i + 1);
  [order[i], order[j]] = [order[j], order[i]];
}
const batches = Math.min(Number(flags.batches), Math.floor(train.count / n));
const lists = Array.from({ length: batches }, (_, b) => data.list(order.subarray(b * n, (b + 1) * n)));
const w = raw.alloc(K * FC * 4);
raw.f32(w, K * FC).forEach((_, i, a) => {
  a[i] = Math.sin(i) * 0.01;
});
const out = raw.alloc(K * rowsBytes(n));
const g = raw.alloc(K * rowsBytes(n));
raw.f32(g, K * n * 10).forEach((_, i, a) => {
  a[i] = Math.cos(i) * 0.001;
});
const gw = raw.alloc(K * FC * 4);
const scratch = data.scratch(n);

const runs: Record<string, () => void> = {
  "K × forward10": () => {
    for (const rows of lists)
      for (let k = 0; k < K; k++) fn.forward10(rows, n, w + k * FC * 4, out + k * rowsBytes(n));
  },
  forwardK: () => {
    for (const rows of lists) fn.forwardK(rows, n, K, w, FC * 4, out, scratch);
  },
  "K × backward10": () => {
    for (const rows of lists)
      for (let k = 0; k < K; k++) fn.backward10(rows, n, g + k * rowsBytes(n), gw + k * FC * 4);
  },
  backwardK: () => {
    for (const rows of lists) fn.backwardK(rows, n, K, g, gw, FC * 4, scratch);
  },
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
for (let r = -1; r < reps; r++) {
  for (const [name, run] of Object.entries(runs)) {
    const t0 = clock();
    run();
    if (r >= 0) times[name].push(clock() - t0);
  }
}
// The minimum is what the code costs (other load on a shared machine only adds to it); the median beside it.
const stats = {
  min: (a: number[]) => Math.min(...a),
  median: (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1],
};
type Stat = keyof typeof stats;
const perModel = (name: string, of: Stat) => (stats[of](times[name]) * 1000) / (batches * K);
console.log(
  `K=${K}, n=${n}: ${batches} shuffled MNIST batches per repetition, ${reps} reps, ${flags.clock} clock`,
);
console.log(`${"µs per model per batch".padEnd(24)}${"min".padStart(8)}${"median".padStart(8)}`);
for (const name of Object.keys(runs)) {
  const [lo, mid] = [perModel(name, "min"), perModel(name, "median")];
  console.log(`${name.padEnd(24)}${lo.toFixed(2).padStart(8)}${mid.toFixed(2).padStart(8)}`);
}
for (const [single, group] of [
  ["K × forward10", "forwardK"],
  ["K × backward10", "backwardK"],
]) {
  const ratio = (of: Stat) => (perModel(single, of) / perModel(group, of)).toFixed(2);
  console.log(
    `${group}: ${ratio("min")}× (min), ${ratio("median")}× (median) as fast per model as ${single}`,
  );
}
