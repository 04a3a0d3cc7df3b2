// End-to-end tests of `mnist train --val`, `--keep best` and `--patience` run through the launcher.
import { type EpochRecord, parseRunLog, type RunEndRecord } from "@mnist/metrics";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";

// A learning rate high enough that validation accuracy rises and falls: epoch 4 is the best of 5 and
// epoch 2 is no better than epoch 1 (CPU backend: the same numbers on every run).
const NOISY = [
  "--limit",
  "2000",
  "--val",
  "500",
  "--loss",
  "cross-entropy",
  "--lr",
  "3",
  "--batch-size",
  "20",
  "--backend",
  "cpu",
];

async function readLog(dir: string): Promise<{ epochs: EpochRecord[]; end: RunEndRecord | undefined }> {
  const log = parseRunLog(await Deno.readTextFile(`${dir}/run.jsonl`));
  check(log.version === "1.2" && log.skipped === 0, `run log version ${log.version}`);
  const epochs = log.records.filter((r): r is EpochRecord => r.type === "epoch");
  const end = log.records.find((r): r is RunEndRecord => r.type === "run-end");
  return { epochs, end };
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [x, y] = [await Deno.readFile(a), await Deno.readFile(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

Deno.test("train --val shows val columns, records val metrics and keeps the best epoch's weights with --keep best", async () => {
  const out = await tempDir();
  const run = await mnist("train", ...NOISY, "--epochs", "5", "--keep", "best", "--out", out);
  expectCode(run, 0);
  check(/val acc\s+val loss/.test(run.stdout), `table has val columns:\n${run.stdout}`);
  check(/1500 train, 10000 test images/.test(run.stdout), `1500 images trained on:\n${run.stdout}`);
  check(/500 training images held out by seed 0/.test(run.stdout), run.stdout);
  const { epochs, end } = await readLog(out);
  check(epochs.length === 5, `5 epochs, got ${epochs.length}`);
  for (const e of epochs) {
    check(
      e.valAccuracy !== undefined && e.valAccuracy > 0.5 && e.valAccuracy <= 1 && (e.valLoss ?? 0) > 0,
      `val metrics in ${JSON.stringify({ ...e, confusion: undefined })}`,
    );
  }
  const best = epochs.reduce((b, e) => ((e.valAccuracy ?? 0) > (b.valAccuracy ?? 0) ? e : b));
  check(best.epoch === 4, `the config's best validation epoch is 4, got ${best.epoch}`);
  check(
    end?.keptEpoch === 4 && end.epochs === 5 && end.testAccuracy === best.testAccuracy,
    `run-end names the kept epoch: ${JSON.stringify({ ...end, confusion: undefined })}`,
  );
  check(/kept epoch 4 \(best validation accuracy\)/.test(run.stdout), run.stdout);
  check(
    await sameBytes(`${out}/model.safetensors`, `${out}/checkpoints/epoch-004/model.safetensors`),
    "model.safetensors holds epoch 4's weights",
  );
  check(
    !(await sameBytes(`${out}/model.safetensors`, `${out}/checkpoints/epoch-005/model.safetensors`)),
    "model.safetensors is not the last epoch's",
  );
  const meta = JSON.parse(await Deno.readTextFile(`${out}/model-meta.json`));
  check(
    meta.keptEpoch === 4 && meta.config.val === 500 && meta.config.keep === "best",
    `model-meta.json: ${JSON.stringify({ ...meta, dataset: undefined, metrics: undefined })}`,
  );

  // The same seed holds out the same images: a second run gives the same validation figures.
  const again = await tempDir();
  expectCode(await mnist("train", ...NOISY, "--epochs", "1", "--out", again, "--quiet"), 0);
  const first = (await readLog(again)).epochs[0];
  check(first.valAccuracy === epochs[0].valAccuracy, "same seed, same validation images");
});

Deno.test("train --patience stops after that many epochs without a better validation accuracy", async () => {
  const out = await tempDir();
  const run = await mnist("train", ...NOISY, "--epochs", "5", "--patience", "1", "--out", out);
  expectCode(run, 0);
  const { epochs, end } = await readLog(out);
  check(epochs.map((e) => e.epoch).join() === "1,2", `stopped after epoch 2: ${epochs.map((e) => e.epoch)}`);
  check(
    end?.epochs === 2 &&
      /^no validation improvement in 1 epoch \(best 84\.00% after epoch 1\)$/.test(end.stopped ?? ""),
    `run-end says why: ${JSON.stringify({ ...end, confusion: undefined })}`,
  );
  check(/stopped after epoch 2: no validation improvement/.test(run.stdout), run.stdout);
});

Deno.test("train refuses validation flags that mean nothing, in one line with exit code 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--keep", "best"], /^mnist: Cannot use --keep best without a validation split/],
    [["--patience", "2"], /^mnist: Cannot use --patience without a validation split/],
    [["--val", "10", "--val-fraction", "0.1"], /^mnist: Cannot use --val with --val-fraction/],
    [
      ["--limit", "100", "--val", "100"],
      /^mnist: Cannot use --val 100: the training set holds 100 images, expected 1 … 99/,
    ],
    [["--val-fraction", "1"], /^mnist: Cannot use --val-fraction "1": expected a number > 0 and < 1/],
    [["--keep", "first", "--val", "5"], /^mnist: Cannot use --keep "first": expected one of last, best/],
  ];
  for (const [args, message] of cases) {
    const out = await tempDir();
    const run = await mnist("train", "--epochs", "1", "--backend", "cpu", "--out", out, ...args);
    expectCode(run, 2);
    check(
      message.test(run.stderr) && run.stderr.trim().split("\n").length === 1,
      `${args.join(" ")}: ${run.stderr}`,
    );
  }
  const out = await tempDir();
  expectCode(await mnist("train", ...NOISY, "--epochs", "1", "--out", out, "--quiet"), 0);
  const resumed = await mnist("train", "--resume", out, "--epochs", "2", "--patience", "1");
  expectCode(resumed, 2);
  check(/^mnist: Cannot use --patience with --resume/.test(resumed.stderr), resumed.stderr);
});

Deno.test("train --resume keeps the split and --keep best of the run, the best epoch from its checkpoint", async () => {
  const whole = await tempDir();
  expectCode(await mnist("train", ...NOISY, "--epochs", "5", "--keep", "best", "--out", whole, "--quiet"), 0);
  const part = await tempDir();
  expectCode(await mnist("train", ...NOISY, "--epochs", "4", "--keep", "best", "--out", part, "--quiet"), 0);
  const resumed = await mnist("train", "--resume", part, "--epochs", "5", "--quiet");
  expectCode(resumed, 0);
  const { epochs, end } = await readLog(part);
  check(epochs.at(-1)?.valAccuracy === (await readLog(whole)).epochs.at(-1)?.valAccuracy, "same val figures");
  check(
    end?.keptEpoch === 4,
    `kept epoch 4 after resuming: ${JSON.stringify({ ...end, confusion: undefined })}`,
  );
  check(await sameBytes(`${part}/model.safetensors`, `${whole}/model.safetensors`), "same kept weights");
});
