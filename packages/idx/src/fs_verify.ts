// Re-verifying a directory against a recorded dataset identity (node:fs; Node and Deno).
import { stat } from "node:fs/promises";
import { type DatasetIdentity, verifyDatasetFiles } from "./dataset_identity.ts";
import { dirSource } from "./fs.ts";

/**
 * Checks that `dir` (default: the recorded one) still holds the recorded files, byte for byte.
 * @param identity the recorded identity.
 * @param dir where to look instead of `identity.dir` (data that moved).
 * @throws {Error} `Cannot verify dataset in <dir>: directory not found, expected the directory holding
 * <name>'s files`, or the first file that is missing or whose SHA-256 differs, by name.
 */
export async function verifyDatasetDir(identity: DatasetIdentity, dir: string = identity.dir): Promise<void> {
  const s = await stat(dir).catch(() => undefined);
  if (s === undefined || !s.isDirectory()) {
    throw new Error(
      `Cannot verify dataset in ${dir}: ${s === undefined ? "directory not found" : "not a directory"}, expected the directory holding the files of ${identity.name}`,
    );
  }
  await verifyDatasetFiles(dirSource(dir).read, identity, dir);
}
