/**
 * Writes a larger MNIST-family set for trying big-data paths (a WebGPU dataset split across buffers):
 * COUNT training images, each a seeded random MNIST training image moved by up to 2 pixels in x and y,
 * with its label; the test set is copied unchanged. Same SEED, same bytes. Not an augmentation method
 * (that is `mnist augment`): only a quick way to get more than 128 MiB of real digits.
 *
 * Usage: deno run --allow-read --allow-write tools/scripts/shifted-mnist.ts DATA_DIR COUNT OUT [SEED]
 * @module
 */
import { join } from "node:path";
import { encodeIdxHeader, parseIdx } from "@mnist/idx";
import { Random } from "@mnist/tensor";

const [dataDir, countText, out, seedText = "1"] = Deno.args;
const count = Number(countText);
if (!dataDir || !out || !Number.isInteger(count) || count < 1) {
  console.error("Cannot write the set: expected DATA_DIR COUNT OUT [SEED], COUNT a positive integer");
  Deno.exit(2);
}

/** Writes `parts` to `path` through a temporary file in the same folder, so a reader never sees half. */
async function writeAtomically(path: string, parts: readonly Uint8Array[]): Promise<void> {
  const temp = `${path}.tmp-${Deno.pid}`;
  const file = await Deno.open(temp, { write: true, create: true, truncate: true });
  try {
    for (const part of parts) {
      for (let done = 0; done < part.length; ) done += await file.write(part.subarray(done));
    }
  } finally {
    file.close();
  }
  await Deno.rename(temp, path);
}

const images = parseIdx(await Deno.readFile(join(dataDir, "train-images-idx3-ubyte")));
const labels = parseIdx(await Deno.readFile(join(dataDir, "train-labels-idx1-ubyte")));
const [n, rows, cols] = images.dims;
const source = images.data as Uint8Array;
const sourceLabels = labels.data as Uint8Array;
const size = rows * cols;
const rng = new Random(Number(seedText));
const outImages = new Uint8Array(count * size);
const outLabels = new Uint8Array(count);
for (let i = 0; i < count; i++) {
  const k = rng.int(n);
  const dx = rng.int(5) - 2;
  const dy = rng.int(5) - 2;
  outLabels[i] = sourceLabels[k];
  const from = source.subarray(k * size, (k + 1) * size);
  const to = outImages.subarray(i * size, (i + 1) * size);
  for (let y = 0; y < rows; y++) {
    const sy = y - dy;
    if (sy < 0 || sy >= rows) continue;
    for (let x = 0; x < cols; x++) {
      const sx = x - dx;
      if (sx >= 0 && sx < cols) to[y * cols + x] = from[sy * cols + sx];
    }
  }
}
await Deno.mkdir(out, { recursive: true });
await writeAtomically(join(out, "train-images-idx3-ubyte"), [
  encodeIdxHeader("u8", [count, rows, cols]),
  outImages,
]);
await writeAtomically(join(out, "train-labels-idx1-ubyte"), [encodeIdxHeader("u8", [count]), outLabels]);
for (const name of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) {
  await writeAtomically(join(out, name), [await Deno.readFile(join(dataDir, name))]);
}
console.log(
  `${out}: ${count} training images (${count * size} bytes) shifted from ${dataDir}, seed ${seedText}`,
);
