/**
 * A program that destroys its two-thread CPU backend right after the helper's last op must end: the
 * helper's stop must not be lost in a race with that op's end (it was once: the helper, writing
 * "idle" after its op, overwrote the main thread's "quit" and spun on, keeping the process alive).
 * Twelve such programs at once on a small machine make the race likely (it failed 2 runs of 3 with
 * eight before the fix).
 */
Deno.test("two threads: a program that destroys the backend right after the helper's last op exits, twelve at once", async () => {
  const backend = new URL("./cpu_backend.ts", import.meta.url).href;
  const fixtures = new URL("../testing/_fixtures.ts", import.meta.url).href;
  const program = `
    import { createCpuBackend } from "${backend}";
    import { mnistLike, Rng } from "${fixtures}";
    const be = createCpuBackend({ kernel: "simd", threads: 2, splitRows: 2 });
    const simd = be.simd;
    for (let i = 0; i < 3000 && !simd.ready; i++) await new Promise((r) => setTimeout(r, 10));
    if (!simd.ready) throw new Error("the helper Worker did not start within 30 s");
    const rng = new Rng(1);
    const host = mnistLike(rng, { count: 64, features: 784, classes: 10 });
    const ds = be.uploadDataset(host.images, host.labels, 784, 10);
    const [w, b, out] = [be.upload("f32", rng.floats(7840, 0.05)), be.zeros("f32", 10), be.zeros("f32", 640)];
    for (let i = 0; i < 20; i++) be.linearForward(ds, { order: null, offset: 0, count: 64 }, w, b, out);
    if (simd.handoffs === 0) throw new Error("the helper took no op");
    be.destroy();
  `;
  const runs = Array.from({ length: 12 }, () =>
    new Deno.Command(Deno.execPath(), {
      args: ["eval", "--ext=ts", program],
      stdout: "null",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output(),
  );
  const results = await Promise.allSettled(runs);
  const problems = results.flatMap((r, i) => {
    if (r.status === "rejected") return [`program ${i}: ${r.reason}`];
    if (r.value.signal !== null)
      return [`program ${i}: did not exit within 60 s (killed: ${r.value.signal})`];
    if (r.value.code !== 0)
      return [`program ${i}: exit ${r.value.code}: ${new TextDecoder().decode(r.value.stderr)}`];
    return [];
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
});
