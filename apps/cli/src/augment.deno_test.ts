// `mnist augment` end to end through the launcher: a 24×24 four-class set whose class shows in which
// quadrant the ink is, so every written image can be checked against its label after deformation.
import { join } from "node:path";
import { encodeIdx, parseIdx } from "@mnist/idx";
import { loadDatasetDir } from "@mnist/idx/fs";
import { mnistMeasured } from "./_hostile_inputs.ts";
import { check, expectCode, mnist, mnistCommand, type Run, tempDir } from "./_test_helpers.ts";
import { planOf } from "./launcher.ts";

const SIDE = 24;
const TRAIN = 40;
const TEST = 12;
const MiB = 2 ** 20;

/** Class k: a 4×4 blob centred in quadrant k (0 top left, 1 top right, 2 bottom left, 3 bottom right), jittered. */
function quadrants(count: number, salt: number): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = (i * 7 + salt) % 4;
    labels[i] = k;
    const x0 = (k % 2) * 12 + 4 + (i % 2);
    const y0 = Math.floor(k / 2) * 12 + 4 + ((i >> 1) % 2);
    for (let y = y0; y < y0 + 4; y++)
      for (let x = x0; x < x0 + 4; x++) images[i * SIDE * SIDE + y * SIDE + x] = 200 + (i % 50);
  }
  return { images, labels };
}

async function sourceDir(classNames?: string[]): Promise<string> {
  const dir = await tempDir();
  for (const [prefix, n, salt] of [
    ["train", TRAIN, 0],
    ["t10k", TEST, 1],
  ] as const) {
    const { images, labels } = quadrants(n, salt);
    await Deno.writeFile(
      join(dir, `${prefix}-images-idx3-ubyte`),
      encodeIdx({ type: "u8", dims: [n, SIDE, SIDE], data: images }),
    );
    await Deno.writeFile(
      join(dir, `${prefix}-labels-idx1-ubyte`),
      encodeIdx({ type: "u8", dims: [n], data: labels }),
    );
  }
  if (classNames) await Deno.writeTextFile(join(dir, "classes.txt"), `${classNames.join("\n")}\n`);
  return dir;
}

/** The quadrant holding most of an image's ink. */
function inkQuadrant(image: Uint8Array): number {
  const ink = [0, 0, 0, 0];
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++)
      ink[(y < SIDE / 2 ? 0 : 2) + (x < SIDE / 2 ? 0 : 1)] += image[y * SIDE + x];
  return ink.indexOf(Math.max(...ink));
}

async function files(dir: string): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for await (const e of Deno.readDir(dir)) out[e.name] = await Deno.readFile(join(dir, e.name));
  return out;
}

function userError(run: Run, pattern: RegExp): void {
  check(run.code === 2, `exit ${run.code}, expected 2: ${run.stderr}`);
  const line = run.stderr.trimEnd();
  check(!line.includes("\n") && pattern.test(line), `${JSON.stringify(line)} does not match ${pattern}`);
}

Deno.test("augment: N deformed images that load with the project's loader, labels of their sources, the test set unchanged", async () => {
  const src = await sourceDir();
  const out = join(await tempDir(), "aug");
  const run = await mnist("augment", "--data-dir", src, "--count", "100", "--out", out, "--seed", "3");
  expectCode(run, 0);
  check(/wrote 100 training and 12 test images to .* \(4 files, /.test(run.stdout), run.stdout);
  check(run.stderr === "", `no progress bar when stderr is not a terminal: ${run.stderr}`);
  const data = await loadDatasetDir(out);
  check(
    data.train.count === 100 && data.train.rows === SIDE && data.train.cols === SIDE,
    `shape ${data.train.count}`,
  );
  // Two full passes over the 40 sources, then 20 more: each class exactly twice in the first 80.
  const source = quadrants(TRAIN, 0);
  const perClass = (labels: Uint8Array) => [0, 1, 2, 3].map((k) => labels.filter((l) => l === k).length);
  const twice = perClass(source.labels).map((n) => 2 * n);
  check(
    perClass(data.train.labels.subarray(0, 80)).join() === twice.join(),
    `classes ${perClass(data.train.labels)}`,
  );
  let deformed = 0;
  for (let i = 0; i < 100; i++) {
    const image = data.train.images.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    check(
      inkQuadrant(image) === data.train.labels[i],
      `image ${i} has its ink in quadrant ${inkQuadrant(image)}, label ${data.train.labels[i]}`,
    );
    if (
      !source.labels.some((_, j) =>
        source.images.subarray(j * SIDE * SIDE, (j + 1) * SIDE * SIDE).every((v, p) => v === image[p]),
      )
    )
      deformed++;
  }
  check(deformed > 90, `only ${deformed} of 100 images differ from every source image`);
  const test = quadrants(TEST, 1);
  check(
    data.test.images.every((v, i) => v === test.images[i]) &&
      data.test.labels.every((v, i) => v === test.labels[i]),
    "test set copied",
  );
});

Deno.test("augment: with every magnitude 0 each image is a copy of a source image, each pass using every source once, with its label", async () => {
  const src = await sourceDir();
  const out = join(await tempDir(), "copies");
  const zero = [
    "--elastic-alpha",
    "0",
    "--max-rotation",
    "0",
    "--max-scale",
    "0",
    "--max-shear",
    "0",
    "--max-shift",
    "0",
  ];
  expectCode(
    await mnist("augment", "--data-dir", src, "--count", "100", "--out", out, "--quiet", ...zero),
    0,
  );
  const data = await loadDatasetDir(out);
  const source = quadrants(TRAIN, 0);
  const n = SIDE * SIDE;
  const key = (images: Uint8Array, i: number) => images.subarray(i * n, (i + 1) * n).join();
  const sourceOf = new Map(Array.from({ length: TRAIN }, (_, j) => [key(source.images, j), j]));
  check(sourceOf.size === TRAIN, "the source images are distinct");
  const used = Array.from({ length: 100 }, (_, i) => sourceOf.get(key(data.train.images, i)));
  check(
    used.every((j) => j !== undefined),
    "every image is a source image",
  );
  for (const pass of [used.slice(0, 40), used.slice(40, 80)])
    check(new Set(pass).size === TRAIN, `a pass repeats a source: ${pass}`);
  check(used.slice(0, 40).join() !== used.slice(40, 80).join(), "each pass has its own order");
  used.forEach((j, i) => {
    check(data.train.labels[i] === source.labels[j as number], `label of image ${i}`);
  });
});

Deno.test("augment: the same seed writes the same bytes, another seed other images, --gzip the same data compressed", async () => {
  const src = await sourceDir(["nw", "ne", "sw", "se"]);
  const root = await tempDir();
  const args = (out: string, seed: string, ...more: string[]) =>
    mnist(
      "augment",
      "--data-dir",
      src,
      "--count",
      "50",
      "--out",
      join(root, out),
      "--seed",
      seed,
      "--quiet",
      ...more,
    );
  expectCode(await args("a", "5"), 0);
  expectCode(await args("b", "5"), 0);
  expectCode(await args("c", "6"), 0);
  expectCode(await args("z", "5", "--gzip"), 0);
  const [a, b, c, z] = await Promise.all(["a", "b", "c", "z"].map((d) => files(join(root, d))));
  check(
    Object.keys(a).sort().join() ===
      "classes.txt,t10k-images-idx3-ubyte,t10k-labels-idx1-ubyte,train-images-idx3-ubyte,train-labels-idx1-ubyte",
    Object.keys(a).join(),
  );
  check(new TextDecoder().decode(a["classes.txt"]) === "nw\nne\nsw\nse\n", "class names copied");
  for (const name of Object.keys(a))
    check(
      a[name].every((v, i) => v === b[name][i]) && a[name].length === b[name].length,
      `${name} differs for the same seed`,
    );
  check(
    !a["train-images-idx3-ubyte"].every((v, i) => v === c["train-images-idx3-ubyte"][i]),
    "another seed gives other images",
  );
  const gunzip = async (bytes: Uint8Array) =>
    new Uint8Array(
      await new Response(
        new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip")),
      ).arrayBuffer(),
    );
  for (const name of ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"]) {
    const inflated = await gunzip(z[`${name}.gz`]);
    check(
      inflated.length === a[name].length && inflated.every((v, i) => v === a[name][i]),
      `${name}.gz holds the raw file`,
    );
  }
  // Writing over an earlier output replaces it and leaves no stale variant behind.
  expectCode(await args("a", "5", "--gzip", "--augment", "affine"), 0);
  const again = await files(join(root, "a"));
  check(
    Object.keys(again).every((n) => n.endsWith(".gz") || n === "classes.txt"),
    Object.keys(again).join(),
  );
  check(
    parseIdx(await gunzip(again["train-images-idx3-ubyte.gz"])).dims.join() === "50,24,24",
    "the new output",
  );
});

Deno.test("augment is granted read of the data and --out, write of --out only, no net and no backend probe", () => {
  const plan = planOf(["augment", "--data-dir", "d", "--count", "10", "--out", "o"]);
  check(
    JSON.stringify(plan.access) === '{"read":["d","o"],"write":["o"],"net":false}',
    JSON.stringify(plan.access),
  );
  check(!plan.autoBackend, "augment opens no backend");
});

Deno.test("augment: bad flags and unusable --out are one-line errors with exit 2", async () => {
  const src = await sourceDir();
  const root = await tempDir();
  const out = join(root, "o");
  userError(
    await mnist("augment", "--data-dir", src, "--out", out),
    /Cannot run "mnist augment": --count is missing/,
  );
  userError(await mnist("augment", "--data-dir", src, "--count", "10"), /--out is missing/);
  userError(
    await mnist("augment", "--data-dir", src, "--count", "0", "--out", out),
    /Cannot use --count "0": expected an integer ≥ 1/,
  );
  userError(await mnist("augment", "--data-dir", src, "--count", "2.5", "--out", out), /--count "2.5"/);
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", out, "--augment", "warp"),
    /Cannot use --augment "warp": expected one of elastic, affine, both/,
  );
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", out, "--max-scale", "1"),
    /Cannot use --max-scale "1": expected a number ≥ 0 and < 1/,
  );
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", out, "--elastic-sigma", "0"),
    /Cannot use --elastic-sigma "0": expected a number > 0/,
  );
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", out, "--seed", "-1"),
    /--seed "-1"/,
  );
  await Deno.writeTextFile(join(root, "file"), "x");
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", join(root, "file")),
    /Cannot use --out .*file: it is a regular file, expected a directory/,
  );
  await Deno.mkdir(join(root, "busy"));
  await Deno.writeTextFile(join(root, "busy", "notes.txt"), "mine");
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", join(root, "busy")),
    /Cannot use --out .*busy: it holds "notes.txt", expected a new or empty directory or an earlier output of mnist augment/,
  );
  userError(
    await mnist("augment", "--data-dir", src, "--count", "10", "--out", src),
    /it holds|the data directory/,
  );
  userError(
    await mnist("augment", "--data-dir", join(root, "missing"), "--count", "10", "--out", out),
    /Cannot use --data-dir .*missing/,
  );
  check(
    (await Array.fromAsync(Deno.readDir(root))).every((e) => e.name !== "o"),
    "nothing made for a failed run",
  );
});

Deno.test("augment: SIGINT stops it with exit 130 and leaves no partial training file", async () => {
  const src = await sourceDir();
  const out = join(await tempDir(), "stopped");
  const child = mnistCommand(
    "augment",
    "--data-dir",
    src,
    "--count",
    "3000000",
    "--out",
    out,
    "--quiet",
  ).spawn();
  const writing = async () =>
    (await Array.fromAsync(Deno.readDir(out)).catch(() => [])).some((e) =>
      e.name.startsWith(".train-images"),
    );
  let started = false;
  for (let i = 0; i < 400 && !started; i++) {
    await new Promise((r) => setTimeout(r, 50));
    started = await writing();
  }
  child.kill(started ? "SIGINT" : "SIGKILL");
  const { code, stderr } = await child.output();
  check(started, "the training images were never being written");
  check(code === 130, `exit ${code}, expected 130: ${new TextDecoder().decode(stderr)}`);
  check(/interrupted; the training set was not written/.test(new TextDecoder().decode(stderr)), "says so");
  const left = (await Array.fromAsync(Deno.readDir(out))).map((e) => e.name).sort();
  check(left.join() === "t10k-images-idx3-ubyte,t10k-labels-idx1-ubyte", `left behind: ${left.join()}`);
});

Deno.test("augment: 200,000 images stream to disk in bounded memory", async () => {
  // 200,000 images are 150 MiB of output: a writer that held them would grow by that much over 20,000.
  const root = await tempDir();
  const peak = async (count: number) => {
    const run = await mnistMeasured(
      "augment",
      "--count",
      String(count),
      "--augment",
      "affine",
      "--out",
      join(root, String(count)),
      "--quiet",
    );
    expectCode(run, 0);
    const size = (await Deno.stat(join(root, String(count), "train-images-idx3-ubyte"))).size;
    check(size === 16 + count * 784, `train images ${size} bytes for ${count}`);
    return run.peakBytes;
  };
  const small = await peak(20_000);
  const large = await peak(200_000);
  check(
    large - small < 32 * MiB,
    `peak RSS ${(small / MiB).toFixed(0)} MiB for 20,000 images, ${(large / MiB).toFixed(0)} MiB for 200,000`,
  );
  await Deno.remove(root, { recursive: true });
});
