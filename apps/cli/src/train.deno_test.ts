// End-to-end tests of `mnist train` run as a subprocess through the launcher (the permissions of `pnpm mnist`).
import { parseRunLog } from "@mnist/metrics";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";

Deno.test("train --json prints the run log, a valid one (parseRunLog), and writes the charts and report from it", async () => {
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
  check(
    records[0].type === "run-start" && records[0].backend === "cpu",
    "first record is run-start with the backend",
  );
  check(records.at(-1).type === "run-end", "last record is run-end");
  check((await Deno.readTextFile(`${out}/run.jsonl`)) === run.stdout, "run.jsonl equals stdout");
  for (const f of [
    "model.safetensors",
    "model-meta.json",
    "accuracy.svg",
    "loss.svg",
    "report.html",
    "checkpoints/epoch-001/checkpoint.json",
    "checkpoints/epoch-002/optimizer.safetensors",
  ]) {
    await Deno.stat(`${out}/${f}`);
  }

  // The metrics reader accepts every record, and the charts and report show them.
  const log = parseRunLog(await Deno.readTextFile(`${out}/run.jsonl`));
  check(log.skipped === 0 && !log.truncated && log.version === "1.2", JSON.stringify(log).slice(0, 200));
  const dataset = log.records[0].type === "run-start" ? log.records[0].dataset : undefined;
  check(
    dataset?.name === "mnist" && dataset.classCount === 10 && dataset.imageShape.join("×") === "28×28",
    `run-start records the embedded MNIST: ${JSON.stringify(dataset)}`,
  );
  const types = log.records.map((r) => r.type);
  check(types[0] === "run-start" && types.at(-1) === "run-end", types.join(","));
  check(!types.includes("error"), "no error record");
  const steps = log.records.filter((r) => r.type === "step");
  check(steps.length > 0, "step records");
  for (const s of steps) check(Number.isFinite(s.loss) && s.lr === 0.05, `step ${JSON.stringify(s)}`);
  const epochs = log.records.filter((r) => r.type === "epoch");
  check(epochs.map((e) => e.epoch).join() === "1,2", `epochs ${epochs.map((e) => e.epoch)}`);
  for (const e of epochs) {
    check(
      e.trainAccuracy > 0 && e.trainAccuracy <= 1 && e.testLoss > 0 && e.lr === 0.05,
      JSON.stringify({ ...e, confusion: undefined }),
    );
    const cells = e.confusion?.flat() ?? [];
    check(
      e.confusion?.length === 10 && cells.reduce((a, b) => a + b, 0) === 10000,
      "epoch confusion matrix over the 10000 test images",
    );
  }
  const end = log.records.at(-1);
  check(
    end?.type === "run-end" && end.testAccuracy === epochs[1].testAccuracy && end.epochs === 2,
    `run-end ${JSON.stringify(end)}`,
  );

  for (const name of ["accuracy", "loss"]) {
    const svg = await Deno.readTextFile(`${out}/${name}.svg`);
    check(svg.startsWith("<svg"), `${name}.svg is an SVG document`);
    const series = [...svg.matchAll(/<g data-series="(\w+)" data-points="(\d+)">\s*<path d="M[^"]+"/g)];
    check(
      series.map((m) => `${m[1]}:${m[2]}`).join() === "train:2,test:2",
      `${name}.svg has a train and a test path of 2 points, found ${series.map((m) => m[0])}`,
    );
  }
  const html = await Deno.readTextFile(`${out}/report.html`);
  const data = /<script type="application\/json" id="run-data">(.*?)<\/script>/s.exec(html);
  check(data !== null, "report.html inlines the run data");
  const charts: { kind: string; series: { label: string; values: (number | null)[] }[] }[] = JSON.parse(
    data[1],
  ).charts;
  const accuracy = charts.find((c) => c.kind === "accuracy");
  check(
    JSON.stringify(accuracy?.series.find((s) => s.label === "test")?.values) ===
      JSON.stringify(epochs.map((e) => e.testAccuracy)),
    "the report's accuracy chart holds the test accuracy of each epoch",
  );
  check(html.includes("<tr><th>status</th><td>finished</td></tr>"), "report.html: status finished");
  check(html.includes(out) && !/<script src=|<link /.test(html), "report names the run and loads nothing");
});

Deno.test("plain output states the backend and adapter, then a per-epoch table; --quiet only the summary", async () => {
  const out = await tempDir();
  const plain = await mnist("train", "--epochs", "1", "--limit", "1000", "--backend", "cpu", "--out", out);
  expectCode(plain, 0);
  check(/^backend: cpu \(requested\); adapter: none/m.test(plain.stdout), plain.stdout);
  check(/epoch\s+train acc\s+train loss\s+test acc\s+test loss/.test(plain.stdout), plain.stdout);
  check(/^\s*1\/1\s+\d+\.\d\d%/m.test(plain.stdout), plain.stdout);
  // An earlier run is replaced only with --force; a stale checkpoint of it goes when the new run starts.
  await Deno.mkdir(`${out}/checkpoints/epoch-009`, { recursive: true });
  await Deno.writeTextFile(`${out}/checkpoints/epoch-009/checkpoint.json`, "{}");
  const refused = await mnist("train", "--epochs", "1", "--limit", "1000", "--backend", "cpu", "--out", out);
  check(
    refused.code === 2 && /holds an earlier run \(run.jsonl\), expected --force/.test(refused.stderr),
    refused.stderr,
  );
  const quiet = await mnist(
    "train",
    "--force",
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
  const left = [];
  for await (const e of Deno.readDir(`${out}/checkpoints`)) left.push(e.name);
  check(left.join() === "epoch-001", `checkpoints after the second run: ${left.join()}`);
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
  const log = parseRunLog(await Deno.readTextFile(`${part}/run.jsonl`));
  const summary = log.records.map((r) => (r.type === "epoch" ? `epoch ${r.epoch}` : r.type));
  check(
    summary.filter((t) => t !== "step" && t !== "checkpoint").join() ===
      "run-start,epoch 1,epoch 2,epoch 3,run-end",
    `resumed log: ${summary.join()}`,
  );
  const a = await Deno.readFile(`${full}/model.safetensors`);
  const b = await Deno.readFile(`${part}/model.safetensors`);
  check(
    a.length === b.length && a.every((x, i) => x === b[i]),
    "resumed weights differ from the uninterrupted run",
  );
});
