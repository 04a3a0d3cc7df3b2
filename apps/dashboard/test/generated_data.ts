/**
 * Data generated at test time: a small custom IDX set (3 classes of 16×16 shapes, with classes.txt)
 * and run logs of any length. Nothing here is committed as a file.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeIdx } from "@mnist/idx";
import { Random } from "@mnist/tensor";

/** The custom set's class names, in label order. */
export const SHAPE_CLASSES = ["bar", "column", "ring"] as const;
export const SIDE = 16;

/** A deterministic stream of numbers in [0, 1), from the project's one generator. */
function prng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

/** One 16×16 image of class `c`, shifted by up to ±2 pixels, with background noise. */
function shape(c: number, rand: () => number): Uint8Array {
  const img = new Uint8Array(SIDE * SIDE);
  const dx = Math.floor(rand() * 5) - 2;
  const dy = Math.floor(rand() * 5) - 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const u = x - dx;
      const v = y - dy;
      const on =
        c === 0
          ? v >= 6 && v <= 9 && u >= 2 && u <= 13
          : c === 1
            ? u >= 6 && u <= 9 && v >= 2 && v <= 13
            : (u === 3 || u === 12 || v === 3 || v === 12) && u >= 3 && u <= 12 && v >= 3 && v <= 12;
      img[y * SIDE + x] = on ? 200 + Math.floor(rand() * 56) : Math.floor(rand() * 40);
    }
  }
  return img;
}

function split(perClass: readonly number[], rand: () => number): { images: Uint8Array; labels: Uint8Array } {
  const labels = perClass.flatMap((n, c) => Array.from({ length: n }, () => c));
  // Shuffled, so that no batch holds one class only.
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [labels[i], labels[j]] = [labels[j], labels[i]];
  }
  const images = new Uint8Array(labels.length * SIDE * SIDE);
  labels.forEach((c, i) => {
    images.set(shape(c, rand), i * SIDE * SIDE);
  });
  return { images, labels: Uint8Array.from(labels) };
}

/** A written custom set: its files (the four IDX files and classes.txt) and their SHA-256 sums. */
export interface CustomSet {
  readonly dir: string;
  readonly files: string[];
  /** SHA-256 of each IDX file, by file name. */
  readonly sha256: Record<string, string>;
  /** Test images per class. */
  readonly testSupport: readonly number[];
}

/**
 * Writes a custom set to `dir`: 100 training images per class and 25/30/35 test images (so that the
 * supports say which set they came from), raw IDX under MNIST's file names, and classes.txt.
 */
export function writeShapesSet(dir: string, seed: number): CustomSet {
  mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const testSupport = [25, 30, 35];
  const train = split([100, 100, 100], rand);
  const test = split(testSupport, rand);
  const idx = (images: Uint8Array, n: number) =>
    encodeIdx({ type: "u8", dims: [n, SIDE, SIDE], data: images });
  const lab = (labels: Uint8Array) => encodeIdx({ type: "u8", dims: [labels.length], data: labels });
  const contents: Record<string, Uint8Array> = {
    "train-images-idx3-ubyte": idx(train.images, train.labels.length),
    "train-labels-idx1-ubyte": lab(train.labels),
    "t10k-images-idx3-ubyte": idx(test.images, test.labels.length),
    "t10k-labels-idx1-ubyte": lab(test.labels),
  };
  const sha256: Record<string, string> = {};
  const files: string[] = [];
  for (const [name, bytes] of Object.entries(contents)) {
    writeFileSync(join(dir, name), bytes);
    sha256[name] = createHash("sha256").update(bytes).digest("hex");
    files.push(join(dir, name));
  }
  writeFileSync(join(dir, "classes.txt"), `${SHAPE_CLASSES.join("\n")}\n`);
  files.push(join(dir, "classes.txt"));
  return { dir, files, sha256, testSupport };
}

/** SHA-256 of a file. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
