// Under Deno: special files refused without blocking, and a multi-member gzip (which Deno's
// DecompressionStream cannot continue past) refused in one line.
import { readWholeFile } from "./fs.ts";
import { gunzip } from "./mod.ts";

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

async function gz(bytes: Uint8Array): Promise<Uint8Array> {
  return await new Response(
    new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip")),
  ).bytes();
}

Deno.test("readWholeFile refuses a FIFO at once in Deno", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fifo = `${dir}/fifo`;
    const made = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert(made.success, "mkfifo failed");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve("still blocked after 2000 ms"), 2000);
    });
    const outcome = await Promise.race([
      readWholeFile(fifo).then(
        () => "read",
        (e: Error) => e.message,
      ),
      hang,
    ]);
    clearTimeout(timer);
    const want = `Cannot read ${fifo}: it is a FIFO, expected a regular file (a file)`;
    assert(outcome === want, `got ${outcome}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("gunzip refuses a two-member gzip in one line in Deno", async () => {
  const a = await gz(new Uint8Array([1, 2, 3]));
  const b = await gz(new Uint8Array([4, 5]));
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  const message = await gunzip(both, { name: "two.gz" }).then(
    (out) => `inflated ${Array.from(out)}`,
    (e: Error) => `${e.name}: ${e.message}`,
  );
  const want =
    "SyntaxError: Cannot decompress gzip data of two.gz: data follows the end of the first gzip member (a multi-member gzip or trailing bytes), expected a single gzip member";
  assert(message === want, `got ${message}`);
});
