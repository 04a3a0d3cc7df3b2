/**
 * The built package, as a dependency loads it: `dist/mod.js` with `threads: 2` must find its helper
 * Worker (`dist/cpu/_simd_worker.js`, named by the literal `new URL(…, import.meta.url)` that bundlers
 * follow) and give the same numbers as one thread. `pnpm test` builds before it tests.
 */
// Untyped on purpose: dist's declarations still name `.ts` files (issue 16 covers them).
import * as dist from "../../dist/mod.js";
import type { Backend } from "../backend.ts";
import type { CpuBackendOptions } from "../cpu/cpu_backend.ts";
import { mnistLike, Rng } from "../testing/_fixtures.ts";

const createCpuBackend = (dist as { createCpuBackend: (o: CpuBackendOptions) => Backend }).createCpuBackend;

Deno.test("dist: the CPU backend's threads: 2 starts its Worker from dist/ and matches one thread", async () => {
  const distDir = new URL("../../dist/cpu/", import.meta.url);
  const source = await Deno.readTextFile(new URL("_helper_thread.js", distDir));
  if (!source.includes('new Worker(new URL("./_simd_worker.js", import.meta.url)'))
    throw new Error(
      "dist/cpu/_helper_thread.js does not start new Worker(new URL(./_simd_worker.js)) literally",
    );
  await Deno.stat(new URL("_simd_worker.js", distDir)); // throws NotFound when it is missing
  const two = createCpuBackend({ kernel: "simd", threads: 2, splitRows: 2 });
  const one = createCpuBackend({ kernel: "simd" });
  const helper = (two as unknown as { simd: { ready: boolean; handoffs: number } }).simd;
  try {
    for (let i = 0; i < 3000 && !helper.ready; i++) await new Promise((r) => setTimeout(r, 10));
    if (!helper.ready) throw new Error("Cannot start the helper Worker from dist/ within 30 s");
    const rng = new Rng(7);
    const [F, C, count] = [784, 10, 600];
    const host = mnistLike(rng, { count, features: F, classes: C });
    const w = rng.floats(F * C, 0.05);
    const b = rng.floats(C, 0.05);
    const outs = [one, two].map((be) => {
      const ds = be.uploadDataset(host.images, host.labels, F, C);
      const out = be.zeros("f32", count * C);
      be.linearForward(ds, { order: null, offset: 0, count }, be.upload("f32", w), be.upload("f32", b), out);
      return be.read(out);
    });
    const [z1, z2] = await Promise.all(outs);
    for (let i = 0; i < z1.length; i++) {
      if (!Object.is(z1[i], z2[i]))
        throw new Error(`z[${i}]: two threads gave ${z2[i]}, one thread ${z1[i]}`);
    }
    if (helper.handoffs === 0) throw new Error("the helper Worker took no work");
  } finally {
    two.destroy();
    one.destroy();
  }
});
