// The same core, unchanged, under Deno: parsing, gzip via DecompressionStream, and MNIST through the fs adapter.

import { fileStream, loadEmbeddedMnist, mnistDataDir } from "./fs.ts";
import { decodeIdx, encodeIdx, MNIST, parseIdx, streamIdx } from "./mod.ts";

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

Deno.test("parseIdx reads big-endian i16 in Deno", () => {
  const idx = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]));
  assert(idx.data[0] === 0x0102 && idx.data[1] === -2, `got ${Array.from(idx.data)}`);
});

Deno.test("decodeIdx inflates gzip in Deno", async () => {
  const raw = encodeIdx({ type: "f32", dims: [2], data: new Float32Array([1.5, -2]) });
  const gz = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer(),
  );
  const idx = await decodeIdx(gz, "x.gz");
  assert(idx.data[0] === 1.5 && idx.data[1] === -2, `got ${Array.from(idx.data)}`);
});

Deno.test("loadEmbeddedMnist verifies the four files in Deno", async () => {
  const ds = await loadEmbeddedMnist();
  assert(ds.known === MNIST, "expected MNIST to be recognised");
  assert(ds.train.count === 60000 && ds.test.count === 10000, `got ${ds.train.count}/${ds.test.count}`);
});

Deno.test("streamIdx reads a file stream in batches in Deno", async () => {
  let labels = 0;
  let batches = 0;
  const path = `${mnistDataDir()}/t10k-labels-idx1-ubyte`;
  for await (const b of streamIdx(fileStream(path, 4096), { batchRecords: 3000 })) {
    labels += b.count;
    batches++;
  }
  assert(labels === 10000 && batches === 4, `got ${labels} labels in ${batches} batches`);
});
