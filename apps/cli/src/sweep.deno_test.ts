// End-to-end tests of `mnist sweep` run through the launcher: the sweep directory, its runs, --json,
// errors, Ctrl-C and --resume.

import { join } from "node:path";
import { parseRunLog } from "@mnist/metrics";
import { parseSweepLog, parseSweepManifest } from "@mnist/metrics/sweep";
import { check, expectCode, mnist, mnistCommand, tempDir } from "./_test_helpers.ts";
import { claimRunDir } from "./run_dir_guard.ts";

const SMALL = [
  "--limit",
  "2000",
  "--val",
  "500",
  "--loss",
  "cross-entropy",
  "--epochs",
  "2",
  "--backend",
  "cpu",
];
const LRS = ["0.05", "0.5", "3"];

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = [await Deno.readFile(a), await Deno.readFile(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

Deno.test("sweep writes one normal run per configuration, the manifest, the tagged log, the best model and the report", async () => {
  const out = await tempDir();
  const run = await mnist("sweep", "--lr", LRS.join(","), ...SMALL, "--out", out);
  expectCode(run, 0);
  check(/configuration\s+epoch\s+val acc\s+val loss\s+best val acc/.test(run.stdout), run.stdout);
  check(/3 configurations \(grid\) in 1 group/.test(run.stdout), run.stdout);

  const manifest = parseSweepManifest(await Deno.readTextFile(`${out}/sweep.json`));
  check(manifest.mode === "grid" && manifest.keys.join() === "lr", JSON.stringify(manifest.keys));
  check(manifest.validation.count === 500 && manifest.dataset?.name === "mnist", "validation and data");
  check(
    manifest.runs.map((r) => `${r.id}:${r.values.lr}:${r.status}`).join() ===
      "01_lr=0.05:0.05:done,02_lr=0.5:0.5:done,03_lr=3:3:done",
    manifest.runs.map((r) => r.id).join(),
  );
  const best = manifest.runs.reduce((b, r) => ((r.bestValAccuracy ?? 0) > (b.bestValAccuracy ?? 0) ? r : b));
  check(manifest.best === best.id, `best ${manifest.best}, expected ${best.id}`);

  // Each configuration's records in sweep.jsonl are its run.jsonl.
  const logs = parseSweepLog(await Deno.readTextFile(`${out}/sweep.jsonl`));
  check([...logs.keys()].join() === manifest.runs.map((r) => r.id).join(), [...logs.keys()].join());
  for (const r of manifest.runs) {
    const own = parseRunLog(await Deno.readTextFile(`${out}/${r.dir}/run.jsonl`));
    check(
      JSON.stringify(logs.get(r.id)?.records) === JSON.stringify(own.records),
      `${r.id}: sweep.jsonl and run.jsonl differ`,
    );
    check(own.records.at(-1)?.type === "run-end", `${r.id} ended`);
    const epochs = own.records.flatMap((x) => (x.type === "epoch" ? [x] : []));
    const top = Math.max(...epochs.map((e) => e.valAccuracy ?? 0));
    check(r.bestValAccuracy === top, `${r.id}: manifest best ${r.bestValAccuracy}, log ${top}`);
  }

  check(
    await sameBytes(`${out}/best/model.safetensors`, `${out}/${best.dir}/model.safetensors`),
    "best/ holds the best model",
  );
  const bestJson = JSON.parse(await Deno.readTextFile(`${out}/best.json`));
  check(bestJson.run === best.id && bestJson.config.lr === best.values.lr, JSON.stringify(bestJson));
  const html = await Deno.readTextFile(`${out}/report.html`);
  check(html.split("<circle data-run=").length - 1 === 3, "one point per configuration");
  check(html.includes("learning rate (log scale)"), "lr on a log axis");

  // A configuration of the sweep is the run `mnist train` makes with its values, bit for bit.
  const single = await tempDir();
  expectCode(await mnist("train", "--lr", "0.5", ...SMALL, "--keep", "best", "--out", single, "--quiet"), 0);
  check(
    await sameBytes(`${single}/model.safetensors`, `${out}/02_lr=0.5/model.safetensors`),
    "sweep run = train run",
  );

  // And a normal run directory: eval, predict, report and train --resume work on it.
  const member = `${out}/${best.dir}`;
  const evaluated = await mnist("eval", "--model", member);
  expectCode(evaluated, 0);
  expectCode(await mnist("eval", "--model", `${out}/best`), 0);
  const predicted = await mnist("predict", "--model", member, "--index", "0");
  expectCode(predicted, 0);
  check(/^test\[0\]: predicted \d/m.test(predicted.stdout), predicted.stdout);
  expectCode(await mnist("report", member), 0);
  expectCode(await mnist("train", "--resume", member, "--epochs", "3", "--quiet"), 0);
  const extended = parseRunLog(await Deno.readTextFile(`${member}/run.jsonl`));
  check(extended.records.filter((r) => r.type === "epoch").length === 3, "resumed to 3 epochs");
});

Deno.test("sweep --json prints only run-log records, each tagged with its configuration", async () => {
  const out = await tempDir();
  const run = await mnist(
    "sweep",
    "--lr",
    "0.05,0.5",
    "--batch-size",
    "50,100",
    ...SMALL,
    "--out",
    out,
    "--json",
  );
  expectCode(run, 0);
  const lines = run.stdout.trimEnd().split("\n");
  check(
    lines.every((l) => typeof JSON.parse(l).run === "string"),
    "every line tagged",
  );
  const logs = parseSweepLog(run.stdout);
  check(logs.size === 4, `${logs.size} configurations`);
  for (const [id, log] of logs) check(log.records.at(-1)?.type === "run-end", `${id} ended`);
  check(run.stdout === (await Deno.readTextFile(`${out}/sweep.jsonl`)), "stdout is sweep.jsonl");
  const manifest = parseSweepManifest(await Deno.readTextFile(`${out}/sweep.json`));
  check(manifest.keys.join() === "lr,batchSize", manifest.keys.join());
  check(
    (await Deno.readTextFile(`${out}/report.html`)).split('data-role="cell"').length - 1 === 4,
    "heat map",
  );
});

Deno.test("sweep refuses bad values and directories with one line and exit 2, writing nothing", async () => {
  const out = await tempDir();
  const cases: [string[], RegExp][] = [
    [
      ["--lr", "log:0..1:3"],
      /^mnist: Cannot use --lr "log:0\.\.1:3": a log range needs bounds above 0, found 0/,
    ],
    [["--lr", "lin:0.1..1:0"], /COUNT is "0", expected an integer 1 … 1000/],
    [["--lr", "0.1,NaN"], /value "NaN" is not a number/],
    [["--loss", "mse,hinge"], /^mnist: Cannot use --loss "hinge": expected one of mse, cross-entropy/],
    [["--lr", "0.1,0.2", "--random", "3"], /Cannot use --random 3: the values make 2 combinations/],
    [
      ["--resume", out, "--lr", "0.1"],
      /Cannot use --\w+ with --resume: a sweep.s settings come from its sweep.json/,
    ],
    [
      ["--lr", "0.1,0.2", "--val", "2000", "--limit", "2000"],
      /Cannot use --val 2000: the training set holds 2000 images/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const run = await mnist("sweep", "--backend", "cpu", "--out", out, ...args);
    expectCode(run, 2);
    const err = run.stderr.trim();
    check(!err.includes("\n") && pattern.test(err), `${args.join(" ")}: ${err}`);
  }
  check([...Deno.readDirSync(out)].length === 0, "nothing written");
  const runDir = await tempDir();
  expectCode(
    await mnist("train", "--epochs", "1", "--limit", "500", "--backend", "cpu", "--out", runDir, "--quiet"),
    0,
  );
  const onRun = await mnist("sweep", "--lr", "0.1,0.2", "--out", runDir, "--backend", "cpu");
  expectCode(onRun, 2);
  check(
    /Cannot use --out .*: it holds no sweep.json but other files \(e.g. /.test(onRun.stderr),
    onRun.stderr,
  );
});

Deno.test("train refuses --out and --resume of a configuration while its sweep runs (the sweep's lock, taken here)", async () => {
  const sweepDir = await tempDir();
  const member = join(sweepDir, "01_lr=0.01");
  const small = ["--epochs", "1", "--limit", "500", "--backend", "cpu", "--quiet"];
  // A finished configuration, as the sweep leaves it before it moves on to the next group.
  expectCode(await mnist("train", ...small, "--out", member), 0);
  const before = await Deno.readFile(join(member, "model.safetensors"));
  await Deno.writeTextFile(join(sweepDir, "sweep.json"), '{"format":"mnist-sweep"}\n');
  const sweep = await claimRunDir(sweepDir, {
    flag: "--out",
    reuse: true,
    dataDir: "/nonexistent",
    kind: "sweep",
  });
  try {
    const attempts = [
      ["train", "--resume", member, "--epochs", "50", "--backend", "cpu", "--quiet"],
      ["train", ...small, "--out", member, "--force"],
      ["train", ...small, "--out", join(sweepDir, "02_new")],
    ];
    for (const args of attempts) {
      const run = await mnist(...args);
      expectCode(run, 2);
      const err = run.stderr.trim();
      check(
        !err.includes("\n") &&
          err.includes(
            `in the sweep directory ${sweepDir}, which "mnist sweep" (PID ${Deno.pid}) is writing`,
          ),
        `${args.join(" ")}: ${err}`,
      );
    }
  } finally {
    await sweep.release(false);
  }
  const after = await Deno.readFile(join(member, "model.safetensors"));
  check(before.length === after.length && before.every((v, i) => v === after[i]), "the member is untouched");
  check(
    !(await Deno.stat(join(sweepDir, "02_new")).then(
      () => true,
      () => false,
    )),
    "no new member made",
  );
});

Deno.test("Ctrl-C stops a sweep with its checkpoints; --resume reaches the weights of an uninterrupted sweep", async () => {
  const out = await tempDir();
  const common = [
    "--lr",
    "0.05,0.5",
    "--limit",
    "5000",
    "--val",
    "500",
    "--backend",
    "cpu",
    "--loss",
    "cross-entropy",
  ];
  const child = mnistCommand("sweep", ...common, "--epochs", "200", "--out", out, "--quiet").spawn();
  for (let i = 0; i < 400; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const log = await Deno.readTextFile(`${out}/sweep.jsonl`).catch(() => "");
    if ((log.match(/"type":"checkpoint"/g) ?? []).length >= 2) break;
  }
  child.kill("SIGINT");
  const { code, stdout } = await child.output();
  check(code === 130, `expected exit 130, got ${code}`);
  check(new TextDecoder().decode(stdout).includes("mnist sweep --resume"), "the summary says how to resume");
  const stopped = parseSweepManifest(await Deno.readTextFile(`${out}/sweep.json`));
  check(
    stopped.runs.every((r) => r.status === "interrupted"),
    stopped.runs.map((r) => r.status).join(),
  );
  const logs = parseSweepLog(await Deno.readTextFile(`${out}/sweep.jsonl`));
  const done = Math.max(
    ...[...logs.values()].flatMap((l) =>
      l.records.flatMap((r) => (r.type === "checkpoint" ? [r.epoch] : [])),
    ),
  );
  check(done >= 1 && done < 200, `checkpoints up to epoch ${done}`);
  const target = String(done + 1);
  const resumed = await mnist("sweep", "--resume", out, "--epochs", target, "--backend", "cpu", "--quiet");
  expectCode(resumed, 0);
  const full = await tempDir();
  expectCode(await mnist("sweep", ...common, "--epochs", target, "--out", full, "--quiet"), 0);
  const manifest = parseSweepManifest(await Deno.readTextFile(`${out}/sweep.json`));
  check(
    manifest.runs.every((r) => r.status === "done"),
    manifest.runs.map((r) => r.status).join(),
  );
  for (const r of manifest.runs) {
    check(
      await sameBytes(`${out}/${r.dir}/model.safetensors`, `${full}/${r.dir}/model.safetensors`),
      `${r.id} differs`,
    );
    const log = parseRunLog(await Deno.readTextFile(`${out}/${r.dir}/run.jsonl`));
    const types = log.records.map((x) => x.type);
    check(!types.includes("error") && types.at(-1) === "run-end", `${r.id}: ${types.join()}`);
    const epochs = log.records.flatMap((x) => (x.type === "epoch" ? [x.epoch] : []));
    check(
      epochs.join() === Array.from({ length: done + 1 }, (_, i) => i + 1).join(),
      `${r.id} epochs ${epochs.join()}`,
    );
  }
  const combined = parseSweepLog(await Deno.readTextFile(`${out}/sweep.jsonl`));
  for (const r of manifest.runs) {
    const own = parseRunLog(await Deno.readTextFile(`${out}/${r.dir}/run.jsonl`));
    check(
      JSON.stringify(combined.get(r.id)?.records) === JSON.stringify(own.records),
      `${r.id}: sweep.jsonl after resume`,
    );
  }
});

Deno.test("a configuration whose loss diverges fails alone: the others finish as their own runs, exit 1", async () => {
  const out = await tempDir();
  const run = await mnist("sweep", "--lr", "0.5,1e38", ...SMALL, "--out", out, "--quiet");
  expectCode(run, 1);
  check(/\(1 failed\)/.test(run.stdout), run.stdout);
  const manifest = parseSweepManifest(await Deno.readTextFile(`${out}/sweep.json`));
  check(
    manifest.runs.map((r) => r.status).join() === "done,failed",
    manifest.runs.map((r) => r.status).join(),
  );
  check(
    /loss is NaN .* learning rate 1e\+38/.test(manifest.runs[1].message ?? ""),
    manifest.runs[1].message ?? "",
  );
  check(manifest.best === manifest.runs[0].id, `best ${manifest.best}`);
  const logs = parseSweepLog(await Deno.readTextFile(`${out}/sweep.jsonl`));
  for (const r of manifest.runs) {
    const own = parseRunLog(await Deno.readTextFile(`${out}/${r.dir}/run.jsonl`));
    check(JSON.stringify(logs.get(r.id)?.records) === JSON.stringify(own.records), `${r.id}: sweep.jsonl`);
  }
  const single = await tempDir();
  expectCode(await mnist("train", "--lr", "0.5", ...SMALL, "--keep", "best", "--out", single, "--quiet"), 0);
  check(
    await sameBytes(`${single}/model.safetensors`, `${out}/${manifest.runs[0].dir}/model.safetensors`),
    "the surviving configuration = its train run",
  );
});
