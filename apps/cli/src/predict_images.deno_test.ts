// `mnist predict IMAGE…` for a model not trained on MNIST: a file holding one of the model's data's
// images (exported as PGM or PNG) is predicted exactly as `--index` predicts that image, and a file of
// another size is refused in one line naming it and both sizes.
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { encodeIdx } from "@mnist/idx";
import { Random } from "@mnist/softmax";
import { check, encodePng, expectCode, mnist, tempDir } from "./_test_helpers.ts";

const FASHION = "/usr/share/datasets/fashion-mnist";
/** Not square, so that rows and columns cannot be swapped unnoticed. */
const ROWS = 6;
const COLS = 10;

/** A binary (P5) or plain (P2) PGM of `rows × cols` bytes. */
function pgm(pixels: Uint8Array, rows: number, cols: number, binary = true): Uint8Array {
  if (!binary) {
    return new TextEncoder().encode(`P2\n${cols} ${rows}\n255\n${Array.from(pixels).join(" ")}\n`);
  }
  const header = new TextEncoder().encode(`P5\n${cols} ${rows}\n255\n`);
  const out = new Uint8Array(header.length + pixels.length);
  out.set(header);
  out.set(pixels, header.length);
  return out;
}

/** Three classes of 6×10 images: bright, dark and half-and-half, with noise; not digits at all. */
async function writeSet(dir: string): Promise<Uint8Array> {
  const rng = new Random(5);
  for (const [prefix, count] of [
    ["train", 90],
    ["t10k", 12],
  ] as const) {
    const images = new Uint8Array(count * ROWS * COLS);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = i % 3;
      for (let p = 0; p < ROWS * COLS; p++) {
        const base = labels[i] === 0 ? 200 : labels[i] === 1 ? 30 : p % COLS < COLS / 2 ? 220 : 20;
        images[i * ROWS * COLS + p] = base + rng.int(30);
      }
    }
    await Deno.writeFile(
      join(dir, `${prefix}-images-idx3-ubyte`),
      encodeIdx({ type: "u8", dims: [count, ROWS, COLS], data: images }),
    );
    await Deno.writeFile(
      join(dir, `${prefix}-labels-idx1-ubyte`),
      encodeIdx({ type: "u8", dims: [count], data: labels }),
    );
  }
  return (await Deno.readFile(join(dir, "t10k-images-idx3-ubyte"))).subarray(16);
}

async function predictJson(...args: string[]): Promise<{ predicted: number; probabilities: number[] }[]> {
  const run = await mnist("predict", ...args, "--json");
  expectCode(run, 0);
  return run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

/** Asserts that each file is predicted exactly (every probability) as `--index` predicts its image. */
async function expectSameAsIndex(model: string, files: string[], indices: number[]): Promise<void> {
  const byFile = await predictJson("--model", model, ...files);
  check(byFile.length === files.length, `${byFile.length} results for ${files.length} files`);
  for (const [k, i] of indices.entries()) {
    const [byIndex] = await predictJson("--model", model, "--index", String(i));
    check(
      JSON.stringify(byFile[k].probabilities) === JSON.stringify(byIndex.probabilities),
      `${files[k]}: predicted ${byFile[k].predicted} ${byFile[k].probabilities}, --index ${i} predicted ${byIndex.predicted} ${byIndex.probabilities}`,
    );
  }
}

Deno.test("predict: images of a 6×10 custom set as PGM and PNG files are predicted exactly as --index predicts them", async () => {
  const data = await tempDir();
  const test = await writeSet(data);
  const model = join(await tempDir(), "run");
  const train = ["--data-dir", data, "--epochs", "2", "--batch-size", "10", "--loss", "cross-entropy"];
  expectCode(await mnist("train", ...train, "--backend", "cpu", "--quiet", "--out", model), 0);
  const image = (i: number) => test.subarray(i * ROWS * COLS, (i + 1) * ROWS * COLS);
  const files: string[] = [];
  for (let i = 0; i < 4; i++) {
    files.push(join(data, `test${i}.pgm`));
    await Deno.writeFile(files[i], pgm(image(i), ROWS, COLS, i !== 1));
  }
  // The same gray image as an RGB PNG.
  const rgb = new Uint8Array(ROWS * COLS * 3);
  for (const [p, v] of image(4).entries()) rgb.fill(v, 3 * p, 3 * p + 3);
  files.push(join(data, "test4.png"));
  await Deno.writeFile(files[4], await encodePng(COLS, ROWS, rgb));
  await expectSameAsIndex(model, files, [0, 1, 2, 3, 4]);

  const text = await mnist("predict", "--model", model, files[0]);
  expectCode(text, 0);
  check(text.stdout.startsWith(`${files[0]} (10×6, no preprocessing): predicted `), text.stdout);

  // Another size (here the transpose): one line naming the file and both sizes, exit 2.
  const turned = join(data, "turned.pgm");
  await Deno.writeFile(turned, pgm(image(0), COLS, ROWS));
  const refused = await mnist("predict", "--model", model, files[0], turned);
  expectCode(refused, 2);
  check(
    refused.stderr.trim().split("\n").length === 1 &&
      refused.stderr.includes(
        `Cannot predict ${turned}: the image is 6×10, expected the model's 10×6 (width×height)`,
      ) &&
      refused.stdout === "",
    refused.stderr,
  );
  // --preprocess mnist fits any size; with --index it is refused (test-set images are used as they are).
  const fitted = await mnist("predict", "--model", model, turned, "--preprocess", "mnist");
  expectCode(fitted, 0);
  check(fitted.stdout.startsWith(`${turned} (6×10, MNIST preprocessing`), fitted.stdout);
  const onIndex = await mnist("predict", "--model", model, "--index", "0", "--preprocess", "none");
  expectCode(onIndex, 2);
  check(onIndex.stderr.includes("Cannot use --preprocess none with --index"), onIndex.stderr);
});

Deno.test("predict: Fashion-MNIST test images as PGM files are predicted exactly as --index predicts them", async () => {
  const model = join(await tempDir(), "fashion");
  const train = ["--data-dir", FASHION, "--epochs", "1", "--limit", "3000", "--loss", "cross-entropy"];
  expectCode(await mnist("train", ...train, "--backend", "cpu", "--quiet", "--out", model), 0);
  const raw = gunzipSync(await Deno.readFile(join(FASHION, "t10k-images-idx3-ubyte.gz"))).subarray(16);
  const dir = await tempDir();
  const indices = [0, 1, 2, 3, 4, 5];
  const files = indices.map((i) => join(dir, `fashion-${i}.pgm`));
  for (const [k, i] of indices.entries()) {
    await Deno.writeFile(files[k], pgm(raw.subarray(i * 784, (i + 1) * 784), 28, 28));
  }
  await expectSameAsIndex(model, files, indices);
});
