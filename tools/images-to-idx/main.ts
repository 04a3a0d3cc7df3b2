/**
 * Turns a folder of PNG images into the four IDX files (+ classes.txt) that `mnist train --data-dir`
 * reads: one sub-folder per class under `train/` and `test/`, the class names being the folder names
 * in sorted order. All images must share one size (any H×W); colour is reduced to gray (ITU-R BT.601,
 * alpha over white). `--invert` makes dark ink on light paper into MNIST's light ink on black.
 *
 * Usage: deno run --allow-read --allow-write tools/images-to-idx/main.ts SRC OUT [--invert]
 *   SRC/train/<class>/*.png, SRC/test/<class>/*.png  →  OUT/{train,t10k}-{images-idx3,labels-idx1}-ubyte, OUT/classes.txt
 * @module
 */
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { encodeIdx } from "@mnist/idx";
import { decodePng } from "../../apps/cli/src/image/png.ts";

interface Split {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly height: number;
  readonly width: number;
}

async function sortedDirs(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Reads SRC/<split>/<class>/*.png in sorted order, as one u8 image stack and its labels. */
async function readSplit(root: string, classes: readonly string[], invert: boolean): Promise<Split> {
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  let size: [number, number] | null = null;
  for (const [label, name] of classes.entries()) {
    const files = (await readdir(join(root, name))).filter((f) => f.toLowerCase().endsWith(".png")).sort();
    for (const file of files) {
      const path = join(root, name, file);
      const image = await decodePng(new Uint8Array(await readFile(path)), path);
      size ??= [image.height, image.width];
      if (image.height !== size[0] || image.width !== size[1]) {
        throw new Error(
          `Cannot convert ${path}: ${image.width}×${image.height}, expected ${size[1]}×${size[0]} like the first image`,
        );
      }
      const gray = new Uint8Array(image.width * image.height);
      const c = image.channels;
      for (let i = 0; i < gray.length; i++) {
        const d = image.data;
        const rgb = c >= 3 ? 0.299 * d[i * c] + 0.587 * d[i * c + 1] + 0.114 * d[i * c + 2] : d[i * c];
        const alpha = c === 2 || c === 4 ? d[i * c + c - 1] / 255 : 1;
        const v = Math.round(rgb * alpha + 255 * (1 - alpha));
        gray[i] = invert ? 255 - v : v;
      }
      pixels.push(gray);
      labels.push(label);
    }
  }
  if (!size)
    throw new Error(`Cannot convert ${root}: no .png files in its class folders, expected at least one`);
  const images = new Uint8Array(pixels.length * size[0] * size[1]);
  for (const [i, p] of pixels.entries()) images.set(p, i * p.length);
  return { images, labels: Uint8Array.from(labels), height: size[0], width: size[1] };
}

async function writeAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await writeFile(`${path}.tmp`, bytes);
  await rename(`${path}.tmp`, path);
}

const { positionals, values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { invert: { type: "boolean" } },
});
if (positionals.length !== 2) {
  console.error("Cannot convert: expected two arguments, SRC (with train/ and test/) and OUT");
  Deno.exit(2);
}
const [src, out] = positionals;
const classes = await sortedDirs(join(src, "train"));
const testClasses = await sortedDirs(join(src, "test"));
if (classes.join("\n") !== testClasses.join("\n")) {
  throw new Error(
    `Cannot convert ${src}: test/ has classes ${testClasses.join(", ")}, expected train/'s ${classes.join(", ")}`,
  );
}
await mkdir(out, { recursive: true });
for (const [split, prefix] of [
  ["train", "train"],
  ["test", "t10k"],
] as const) {
  const s = await readSplit(join(src, split), classes, values.invert ?? false);
  const count = s.labels.length;
  await writeAtomic(
    join(out, `${prefix}-images-idx3-ubyte`),
    encodeIdx({ type: "u8", dims: [count, s.height, s.width], data: s.images }),
  );
  await writeAtomic(
    join(out, `${prefix}-labels-idx1-ubyte`),
    encodeIdx({ type: "u8", dims: [count], data: s.labels }),
  );
  console.log(`${split}: ${count} images of ${s.width}×${s.height}, ${classes.length} classes`);
}
await writeAtomic(join(out, "classes.txt"), `${classes.join("\n")}\n`);
console.log(`wrote ${out}: 4 IDX files and classes.txt (${classes.join(", ")})`);
