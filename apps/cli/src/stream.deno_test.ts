// `mnist train` on training sets larger than --memory-budget: streamed from disk in shards.
import { join } from "node:path";
import { mnistMeasured } from "./_hostile_inputs.ts";
import { check, mnist, mnistCommand, type Run, tempDir } from "./_test_helpers.ts";
import { writeTiledMnist } from "./_tiled_data.ts";

const MiB = 2 ** 20;
const QUICK = ["--backend", "cpu", "--quiet", "--batch-size", "64"];

function ok(run: Run): void {
  check(run.code === 0, `exit ${run.code}: ${run.stderr}`);
}

async function sha256(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("train streams a set over its --memory-budget, raw or .gz, and resumes after an epoch to the same bytes", async () => {
  const dir = await tempDir();
  const raw = join(dir, "raw");
  const gz = join(dir, "gz");
  await writeTiledMnist(raw, 3000);
  await writeTiledMnist(gz, 3000, { gzip: true });
  // 1 MiB holds two buffers of 333 images: 37 shards of 83, batches of 64 across buffer boundaries.
  const budget = ["--memory-budget", "1MiB"];
  const whole = await mnist(
    "train",
    ...QUICK,
    ...budget,
    "--epochs",
    "2",
    "--data-dir",
    raw,
    "--out",
    join(dir, "a"),
  );
  ok(whole);
  const shown = await mnist(
    "train",
    "--backend",
    "cpu",
    ...budget,
    "--epochs",
    "1",
    "--data-dir",
    raw,
    "--out",
    join(dir, "shown"),
  );
  ok(shown);
  check(
    shown.stdout.includes(
      "memory budget: 1 MiB (--memory-budget); training set 2.2 MiB: streamed from disk, 37 shards of 83 images, shuffled 4 shards",
    ),
    shown.stdout,
  );
  const model = await sha256(join(dir, "a", "model.safetensors"));

  const fromGz = await mnist(
    "train",
    ...QUICK,
    ...budget,
    "--epochs",
    "2",
    "--data-dir",
    gz,
    "--out",
    join(dir, "b"),
  );
  ok(fromGz);
  check((await sha256(join(dir, "b", "model.safetensors"))) === model, "the .gz set trains other weights");
  const left = [...Deno.readDirSync(join(dir, "b"))]
    .map((e) => e.name)
    .filter((n) => n.startsWith(".inflated"));
  check(left.length === 0, `the inflated copy was left behind: ${left}`);

  const first = await mnist(
    "train",
    ...QUICK,
    ...budget,
    "--epochs",
    "1",
    "--data-dir",
    raw,
    "--out",
    join(dir, "c"),
  );
  ok(first);
  const sidecar = JSON.parse(
    await Deno.readTextFile(join(dir, "c", "checkpoints", "epoch-001", "checkpoint.json")),
  );
  check(
    JSON.stringify(sidecar.stream) === '{"shardRows":83,"bufferShards":4}',
    JSON.stringify(sidecar.stream),
  );
  // The resumed run keeps the recorded layout although the default budget would hold the set.
  ok(await mnist("train", "--resume", join(dir, "c"), "--epochs", "2", "--backend", "cpu", "--quiet"));
  check(
    (await sha256(join(dir, "c", "model.safetensors"))) === model,
    "the resumed run trained other weights",
  );

  const val = await mnist(
    "train",
    ...QUICK,
    ...budget,
    "--val",
    "100",
    "--data-dir",
    raw,
    "--out",
    join(dir, "d"),
  );
  check(val.code === 2, `exit ${val.code}: ${val.stderr}`);
  check(
    /^mnist: Cannot use --val or --val-fraction with a training set streamed from disk/.test(val.stderr),
    val.stderr,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train streams 400,000 images (300 MiB) under a 64 MiB budget in bounded memory", async () => {
  const dir = await tempDir();
  const data = join(dir, "data");
  const bytes = await writeTiledMnist(data, 400_000);
  const run = await mnistMeasured(
    "train",
    ...QUICK,
    "--memory-budget",
    "64MiB",
    "--epochs",
    "1",
    "--data-dir",
    data,
    "--out",
    join(dir, "run"),
  );
  check(run.code === 0, `exit ${run.code}: ${run.stderr}`);
  // Two 16 MiB buffers of bytes and their sparse index, the test set and the runtime: far below the set.
  check(run.peakBytes < 64 * MiB + 160 * MiB, `peak ${(run.peakBytes / MiB).toFixed(0)} MiB`);
  check(run.peakBytes < bytes, `peak ${(run.peakBytes / MiB).toFixed(0)} MiB for a ${bytes / MiB} MiB set`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train --augment deforms reproducibly, resumes to the same bytes, and records the kind", async () => {
  const dir = await tempDir();
  const common = [...QUICK, "--augment", "elastic", "--limit", "600", "--data-dir", join(dir, "data")];
  await writeTiledMnist(join(dir, "data"), 3000);
  const whole = await mnist("train", ...common, "--epochs", "2", "--out", join(dir, "a"));
  ok(whole);
  const model = await sha256(join(dir, "a", "model.safetensors"));
  ok(await mnist("train", ...common, "--epochs", "1", "--out", join(dir, "b")));
  ok(await mnist("train", "--resume", join(dir, "b"), "--epochs", "2", "--backend", "cpu", "--quiet"));
  check((await sha256(join(dir, "b", "model.safetensors"))) === model, "the resumed run deformed otherwise");
  const start = JSON.parse((await Deno.readTextFile(join(dir, "b", "run.jsonl"))).split("\n")[0]);
  check(start.config.augment === "elastic", JSON.stringify(start.config));
  const plain = await mnist(
    "train",
    ...QUICK,
    "--limit",
    "600",
    "--data-dir",
    join(dir, "data"),
    "--epochs",
    "2",
    "--out",
    join(dir, "c"),
  );
  ok(plain);
  check((await sha256(join(dir, "c", "model.safetensors"))) !== model, "--augment changed nothing");
  const bad = await mnist("train", ...QUICK, "--augment", "warp", "--out", join(dir, "d"));
  check(bad.code === 2 && /--augment/.test(bad.stderr), `exit ${bad.code}: ${bad.stderr}`);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("train checkpoints inside an epoch of a streamed set (--checkpoint-every-steps, Ctrl-C) and resumes to the same bytes", async () => {
  const dir = await tempDir();
  const data = join(dir, "data");
  await writeTiledMnist(data, 20_000);
  // 1 MiB: shards of 83 images, buffers of 332; batches of 7 span shard and buffer boundaries.
  const common = [
    "--backend",
    "cpu",
    "--quiet",
    "--batch-size",
    "7",
    "--memory-budget",
    "1MiB",
    "--data-dir",
    data,
  ];
  const whole = join(dir, "whole");
  ok(await mnist("train", ...common, "--epochs", "2", "--checkpoint-every-steps", "1000", "--out", whole));
  const model = await sha256(join(whole, "model.safetensors"));
  const names = [...Deno.readDirSync(join(whole, "checkpoints"))].map((e) => e.name).sort();
  // 2858 steps an epoch: inside it after steps 1000 and 2000, then after it (3000 is in epoch 2).
  check(
    names.join() ===
      "epoch-000-step-000001000,epoch-000-step-000002000,epoch-001,epoch-001-step-000003000,epoch-001-step-000004000,epoch-001-step-000005000,epoch-002",
    names.join(),
  );
  const inside = JSON.parse(
    await Deno.readTextFile(join(whole, "checkpoints", "epoch-001-step-000004000", "checkpoint.json")),
  );
  check(
    inside.epoch === 1 && inside.step === 4000 && inside.epochStep === 4000 - 2858,
    JSON.stringify(inside),
  );
  check(JSON.stringify(inside.stream) === '{"shardRows":83,"bufferShards":4}', JSON.stringify(inside.stream));

  // Ctrl-C inside epoch 1: the run writes a checkpoint where it stopped, and --resume finishes it.
  // The signal goes once the run log shows a step; on a loaded machine it can instead land on an
  // epoch's end (the only checkpoint is then the epoch's) or after the run, so up to three tries.
  const interrupt = async (out: string) => {
    const child = mnistCommand("train", ...common, "--epochs", "2", "--out", out).spawn();
    for (let i = 0; i < 2000; i++) {
      const log = await Deno.readTextFile(join(out, "run.jsonl")).catch(() => "");
      if (log.includes('"type":"step"')) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    try {
      child.kill("SIGINT");
    } catch {
      // the run already ended
    }
    const { code, stdout } = await child.output();
    const taken = [...Deno.readDirSync(join(out, "checkpoints"))].map((e) => e.name);
    return { code, said: new TextDecoder().decode(stdout), taken };
  };
  const inEpoch = /^epoch-00[01]-step-\d{9}$/;
  let [out, stop] = ["", { code: 0, said: "", taken: [] as string[] }];
  for (let attempt = 1; attempt <= 3; attempt++) {
    out = join(dir, `stopped-${attempt}`);
    stop = await interrupt(out);
    if (stop.code === 130 && stop.taken.length === 1 && inEpoch.test(stop.taken[0])) break;
  }
  const { code, said, taken } = stop;
  check(code === 130, `exit ${code}: ${said}`);
  check(taken.length === 1 && inEpoch.test(taken[0]), taken.join());
  check(said.includes(`is in ${out}/checkpoints; continue with: mnist train --resume ${out}`), said);
  check(/checkpoint at step \d+, inside epoch [12] /.test(said), said);
  const resumed = await mnist("train", "--resume", out, "--backend", "cpu");
  ok(resumed);
  check(/resuming at step \d+, inside epoch [12], from /.test(resumed.stdout), resumed.stdout);
  check(
    (await sha256(join(out, "model.safetensors"))) === model,
    "the run resumed inside an epoch trained other weights",
  );
  const records = (await Deno.readTextFile(join(out, "run.jsonl")))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  check(
    records
      .filter((r) => r.type === "epoch")
      .map((r) => r.epoch)
      .join() === "1,2",
    "epoch records",
  );
  const steps = records.filter((r) => r.type === "step").map((r) => r.step);
  check(
    steps.every((s, i) => i === 0 || s > steps[i - 1]),
    "step records repeat or go back",
  );

  // A checkpoint copied to another position's directory is refused.
  const from = join(whole, "checkpoints", "epoch-001-step-000004000");
  for (const f of ["model.safetensors", "optimizer.safetensors", "checkpoint.json"])
    await Deno.copyFile(join(from, f), join(whole, "checkpoints", "epoch-001-step-000005000", f));
  await Deno.remove(join(whole, "checkpoints", "epoch-002"), { recursive: true });
  const bad = await mnist("train", "--resume", whole, "--backend", "cpu", "--quiet");
  check(
    bad.code === 2 &&
      /checkpoint.json is at epoch 1, step 4000 \(1142 into the next epoch\), expected the directory's checkpoints\/epoch-001-step-000004000/.test(
        bad.stderr,
      ),
    bad.stderr,
  );
  await Deno.remove(dir, { recursive: true });
});
