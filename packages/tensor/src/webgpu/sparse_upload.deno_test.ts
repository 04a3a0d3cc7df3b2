/**
 * The sparse pixel list uploaded a chunk of rows at a time holds exactly the words of the whole list
 * built at once, for chunks smaller than a row, cut inside runs of empty rows, and larger than the list.
 */
import { Rng } from "../testing/_fixtures.ts";
import { BufferPool } from "./_resources.ts";
import { sparseImageWords, uploadSparseImages } from "./_sparse_images.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

/** `count` rows with about `density` of their pixels nonzero, rows 3–5 all zero. */
function images(count: number, features: number, density: number, seed: number): Uint8Array {
  const r = new Rng(seed);
  const out = new Uint8Array(count * features);
  for (let i = 0; i < out.length; i++) {
    const row = Math.floor(i / features);
    if (row >= 3 && row <= 5) continue;
    if (r.next() < density) out[i] = 1 + Math.floor(r.next() * 255);
  }
  return out;
}

Deno.test("webgpu: the sparse list uploaded in chunks equals the list built whole", options, async () => {
  const adapter = await navigator.gpu.requestAdapter();
  if (adapter === null) throw new Error("No WebGPU adapter in Deno (install mesa-vulkan-drivers)");
  const device = await adapter.requestDevice();
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const pool = new BufferPool(device, usage);
  // No device.destroy() at the end: in Deno it has once crashed the process (a double free) while
  // buffers were being collected.
  for (const [count, features, density] of [
    [40, 16, 0.3],
    [40, 13, 0.5],
    [25, 784, 0.2],
    [9, 8, 1],
  ] as const) {
    const pixels = images(count, features, density, count * features);
    const want = sparseImageWords(pixels, count, features)!;
    for (const chunkWords of [1, 7, 64, 1 << 20]) {
      const buffer = uploadSparseImages(device.queue, pool, pixels, count, features, 1 << 30, chunkWords);
      if (buffer === null) throw new Error("Cannot upload the list: null, expected a buffer");
      const read = device.createBuffer({
        size: buffer.size,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(buffer, 0, read, 0, buffer.size);
      device.queue.submit([encoder.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const got = new Uint32Array(read.getMappedRange().slice(0));
      read.destroy();
      pool.drop(buffer);
      const name = `${count}×${features} at density ${density}, chunks of ${chunkWords}`;
      if (got.length !== want.length)
        throw new Error(`${name}: ${got.length} words, expected ${want.length}`);
      const i = got.findIndex((w, k) => w !== want[k]);
      if (i >= 0) throw new Error(`${name}: word ${i} is ${got[i]}, expected ${want[i]}`);
    }
  }
  const tooBig = uploadSparseImages(device.queue, pool, images(4, 16, 1, 1), 4, 16, 64);
  if (tooBig !== null)
    throw new Error("Cannot refuse a list over the binding size: got a buffer, expected null");
});
