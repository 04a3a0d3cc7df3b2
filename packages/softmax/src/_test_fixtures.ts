// Test helper (excluded from the build): real MNIST, loaded once per test file.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type DatasetSplits, loadMnist, subset } from "@mnist/idx";
import { mnistDataDir } from "@mnist/idx/fs";

const dataDir = mnistDataDir(import.meta.url);
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
