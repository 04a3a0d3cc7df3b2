// Ctrl-C: SIGINT to a running `mnist train` stops it, keeps a checkpoint, exits 130; --resume then reaches
// the same weights as a run that was never interrupted.
import { parseRunLog } from "@mnist/metrics";
import { check, expectCode, mnist, mnistCommand, tempDir } from "./_test_helpers.ts";

const COMMON = ["--limit", "5000", "--backend", "cpu", "--loss", "cross-entropy", "--quiet"];

Deno.test("SIGINT writes a checkpoint and exits 130; --resume matches an uninterrupted run bit for bit", async () => {
  const out = await tempDir();
  const child = mnistCommand("train", "--epochs", "200", "--out", out, ...COMMON).spawn();
  // Wait for the first checkpoint record, then interrupt.
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const log = await Deno.readTextFile(`${out}/run.jsonl`).catch(() => "");
    if (log.includes('"type":"checkpoint"')) break;
  }
  child.kill("SIGINT");
  const { code, stdout } = await child.output();
  check(code === 130, `expected exit 130, got ${code}`);
  check(new TextDecoder().decode(stdout).includes("--resume"), "the summary says how to resume");
  const records = (await Deno.readTextFile(`${out}/run.jsonl`))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  check(
    records.at(-1).type === "error" && /Ctrl-C/.test(records.at(-1).message),
    "last record says interrupted",
  );
  const done = Math.max(...records.filter((r) => r.type === "checkpoint").map((r) => r.epoch));
  check(done >= 1 && done < 200, `checkpoints up to epoch ${done}`);
  const target = String(done + 1);
  expectCode(await mnist("train", "--resume", out, "--epochs", target, "--backend", "cpu", "--quiet"), 0);
  // The resumed log reads as one run: the interruption and anything after its checkpoint are gone.
  const log = parseRunLog(await Deno.readTextFile(`${out}/run.jsonl`));
  const types = log.records.map((r) => r.type);
  check(
    log.skipped === 0 && types.filter((t) => t === "run-start").length === 1 && !types.includes("error"),
    types.join(","),
  );
  check(types.at(-1) === "run-end", `last record ${types.at(-1)}`);
  const epochs = log.records.flatMap((r) => (r.type === "epoch" ? [r.epoch] : []));
  check(
    epochs.join() === Array.from({ length: done + 1 }, (_, i) => i + 1).join(),
    `epoch records ${epochs.join()}, expected 1…${target} once each`,
  );
  check(log.records[0].type === "run-start" && log.records[0].config.resumedAfterEpoch === done, "run-start");
  check(
    (await Deno.readTextFile(`${out}/report.html`)).includes("<tr><th>status</th><td>finished</td></tr>"),
    "the report shows a finished run",
  );
  const full = await tempDir();
  expectCode(await mnist("train", "--epochs", target, "--out", full, ...COMMON), 0);
  const a = await Deno.readFile(`${out}/model.safetensors`);
  const b = await Deno.readFile(`${full}/model.safetensors`);
  check(
    a.length === b.length && a.every((x, i) => x === b[i]),
    "resumed weights differ from the uninterrupted run",
  );
});
