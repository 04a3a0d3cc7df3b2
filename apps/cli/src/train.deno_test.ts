// End-to-end tests of `mnist train` run as a subprocess through the launcher (the permissions of `pnpm mnist`).
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";

Deno.test("train --json prints only JSON lines and fills the run directory", async () => {
  const out = await tempDir();
  const run = await mnist(
    "train",
    "--epochs",
    "2",
    "--limit",
    "2000",
    "--json",
    "--backend",
    "cpu",
    "--out",
    out,
  );
  expectCode(run, 0);
  const records = run.stdout
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line));
  const epochs = records.filter((r) => r.type === "epoch");
  check(epochs.length === 2, `expected 2 epoch records, got ${epochs.length}`);
  for (const e of epochs) {
    for (const key of ["epoch", "trainAccuracy", "testAccuracy", "trainLoss", "testLoss"]) {
      check(typeof e[key] === "number", `epoch record lacks ${key}`);
    }
    check(e.trainAccuracy > 0 && e.trainAccuracy <= 1 && e.testLoss > 0, JSON.stringify(e));
  }
  check(
    records[0].type === "run-start" && records[0].backend === "cpu",
    "first record is run-start with the backend",
  );
  check(records.at(-1).type === "run-end", "last record is run-end");
  check((await Deno.readTextFile(`${out}/run.jsonl`)) === run.stdout, "run.jsonl equals stdout");
  for (const f of [
    "model.safetensors",
    "model.json",
    "accuracy.svg",
    "loss.svg",
    "report.html",
    "checkpoints/epoch-001/checkpoint.json",
    "checkpoints/epoch-002/optimizer.safetensors",
  ]) {
    await Deno.stat(`${out}/${f}`);
  }
  const svg = await Deno.readTextFile(`${out}/accuracy.svg`);
  check((svg.match(/<polyline/g) ?? []).length === 2, "accuracy.svg has train and test lines");
});

Deno.test("plain output states the backend and adapter, then a per-epoch table; --quiet only the summary", async () => {
  const out = await tempDir();
  const plain = await mnist("train", "--epochs", "1", "--limit", "1000", "--backend", "cpu", "--out", out);
  expectCode(plain, 0);
  check(/^backend: cpu \(requested\); adapter: none/m.test(plain.stdout), plain.stdout);
  check(/epoch\s+train acc\s+train loss\s+test acc\s+test loss/.test(plain.stdout), plain.stdout);
  check(/^\s*1\/1\s+\d+\.\d\d%/m.test(plain.stdout), plain.stdout);
  const quiet = await mnist(
    "train",
    "--epochs",
    "1",
    "--limit",
    "1000",
    "--backend",
    "cpu",
    "--quiet",
    "--out",
    out,
  );
  expectCode(quiet, 0);
  check(
    quiet.stdout.trim().split("\n").length === 1 && quiet.stdout.startsWith("done: test accuracy"),
    quiet.stdout,
  );
});

Deno.test("--resume from the epoch-1 checkpoint reaches the same weights bit for bit", async () => {
  const common = [
    "--limit",
    "2000",
    "--backend",
    "cpu",
    "--loss",
    "cross-entropy",
    "--momentum",
    "0.9",
    "--quiet",
  ];
  const full = await tempDir();
  const part = await tempDir();
  expectCode(await mnist("train", "--epochs", "3", "--out", full, ...common), 0);
  expectCode(await mnist("train", "--epochs", "1", "--out", part, ...common), 0);
  expectCode(await mnist("train", "--resume", part, "--epochs", "3", "--backend", "cpu", "--quiet"), 0);
  const a = await Deno.readFile(`${full}/model.safetensors`);
  const b = await Deno.readFile(`${part}/model.safetensors`);
  check(
    a.length === b.length && a.every((x, i) => x === b[i]),
    "resumed weights differ from the uninterrupted run",
  );
});
