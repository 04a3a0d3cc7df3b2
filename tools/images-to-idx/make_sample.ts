/**
 * Writes a small folder of PNGs to try tools/images-to-idx on: 16×16 dark strokes on white paper —
 * horizontal, vertical and diagonal — with seeded noise, 100 train and 30 test images per class.
 *
 * Usage: deno run --allow-write tools/images-to-idx/make_sample.ts OUT
 * @module
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { encodePng } from "../docs/png.ts";

const SIDE = 16;
const out = Deno.args[0];
if (!out) {
  console.error("Cannot write the sample: expected one argument, the output folder");
  Deno.exit(2);
}
let seed = 1;
/** A small linear congruential generator: the same folder on every run. */
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const strokes: Record<string, (x: number, y: number, at: number) => boolean> = {
  horizontal: (_x, y, at) => Math.abs(y - at) <= 1,
  vertical: (x, _y, at) => Math.abs(x - at) <= 1,
  diagonal: (x, y, at) => Math.abs(x - y - (at - SIDE / 2)) <= 1,
};
for (const [split, count] of [
  ["train", 100],
  ["test", 30],
] as const) {
  for (const [name, stroke] of Object.entries(strokes)) {
    const dir = join(out, split, name);
    await mkdir(dir, { recursive: true });
    for (let n = 0; n < count; n++) {
      const at = 3 + Math.floor(random() * (SIDE - 6));
      const px = new Uint8Array(SIDE * SIDE);
      for (let i = 0; i < px.length; i++) {
        const ink = stroke(i % SIDE, Math.floor(i / SIDE), at) ? 200 : 0;
        px[i] = Math.max(0, Math.min(255, 255 - ink - Math.floor(random() * 60)));
      }
      await writeFile(join(dir, `${String(n).padStart(3, "0")}.png`), encodePng(SIDE, SIDE, px, 1));
    }
  }
}
console.log(`wrote ${out}: train/ and test/, classes ${Object.keys(strokes).join(", ")}`);
