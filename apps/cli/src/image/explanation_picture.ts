/**
 * The picture of an explained prediction, as raw RGB: the input (dark ink on white), the contribution
 * map of the predicted class and of the runner-up on one symmetric diverging scale, and under the two
 * maps a legend strip labelled −scale, 0 and +scale. Pixels are blocks `scale`× the image's, so the
 * PNG stays a few KB.
 *
 * Runtime-neutral.
 * @module
 */
import { diverging, divergingLegend } from "@mnist/metrics";
import type { Explanation } from "@mnist/softmax";

/** An RGB raster, row-major, three bytes a pixel. */
export interface RgbRaster {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

// 3×5 glyphs, rows top to bottom, for the legend's numbers only (so no font file is needed).
const GLYPHS: Record<string, string> = {
  "0": "111101101101111",
  "1": "010110010010111",
  "2": "111001111100111",
  "3": "111001111001111",
  "4": "101101111001001",
  "5": "111100111001111",
  "6": "111100111101111",
  "7": "111001010010010",
  "8": "111101111101111",
  "9": "111101111001111",
  ".": "000000000000010",
  "+": "000010111010000",
  "-": "000000111000000",
  e: "000111101110011",
};
const GLYPH_SCALE = 2;
const GLYPH_W = 4 * GLYPH_SCALE;
const GLYPH_H = 5 * GLYPH_SCALE;

const MARGIN = 8;
const GAP = 16;
const STRIP = 12;
const FRAME: readonly [number, number, number] = [150, 150, 150];

/**
 * Lays out the picture of `explanation` for `image` (its pixel bytes).
 * @param explanation what {@link explain} returned for `image`
 * @param image the pixel bytes, `rows × cols`
 * @param blockSize screen pixels per image pixel (default: about 224 px per panel, at least 1)
 * @returns the raster
 * @throws {RangeError} when the image does not match the explanation's shape.
 */
export function explanationPicture(
  explanation: Explanation,
  image: Uint8Array,
  blockSize?: number,
): RgbRaster {
  const [rows, cols] = explanation.shape;
  if (image.length !== rows * cols) {
    throw new RangeError(
      `Cannot draw the explanation: the image has ${image.length} pixels, expected ${rows}×${cols}`,
    );
  }
  const s = blockSize ?? Math.max(1, Math.floor(224 / Math.max(rows, cols)));
  const pw = cols * s;
  const ph = rows * s;
  const width = 2 * MARGIN + 3 * pw + 2 * GAP;
  const height = 2 * MARGIN + ph + 6 + STRIP + 4 + GLYPH_H;
  const rgb = new Uint8Array(width * height * 3).fill(255);
  const put = (x: number, y: number, c: readonly number[]) => rgb.set(c, (y * width + x) * 3);
  const block = (x0: number, y0: number, w: number, h: number, c: readonly number[]) => {
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) put(x, y, c);
  };
  const panel = (x0: number, colour: (i: number) => readonly number[]) => {
    block(x0 - 1, MARGIN - 1, pw + 2, ph + 2, FRAME);
    for (let i = 0; i < rows * cols; i++) {
      block(x0 + (i % cols) * s, MARGIN + Math.floor(i / cols) * s, s, s, colour(i));
    }
  };
  const limit = explanation.scale > 0 ? explanation.scale : 1;
  panel(MARGIN, (i) => [255 - image[i], 255 - image[i], 255 - image[i]]);
  const maps = [explanation.predicted, explanation.runnerUp].filter((c) => c >= 0);
  maps.forEach((c, k) => {
    const map = explanation.classes[c].contributions;
    panel(MARGIN + (k + 1) * (pw + GAP), (i) => diverging(map[i] / limit));
  });

  const x0 = MARGIN + pw + GAP;
  const stripW = 2 * pw + GAP;
  const y0 = MARGIN + ph + 6;
  block(x0 - 1, y0 - 1, stripW + 2, STRIP + 2, FRAME);
  for (let x = 0; x < stripW; x++) block(x0 + x, y0, 1, STRIP, diverging((2 * x) / (stripW - 1) - 1));
  const { ticks } = divergingLegend(limit);
  ticks.forEach(([value, label]) => {
    const text = label.replace("−", "-");
    const at = x0 + Math.round(((value / limit + 1) / 2) * (stripW - 1));
    const textW = text.length * GLYPH_W - GLYPH_SCALE;
    const left = Math.max(x0, Math.min(x0 + stripW - textW, at - Math.floor(textW / 2)));
    drawText(text, left, y0 + STRIP + 4, (x, y) => put(x, y, [0, 0, 0]));
  });
  return { width, height, rgb };
}

function drawText(text: string, x0: number, y0: number, dot: (x: number, y: number) => void): void {
  [...text].forEach((ch, k) => {
    const glyph = GLYPHS[ch];
    if (glyph === undefined) return;
    for (let g = 0; g < 15; g++) {
      if (glyph[g] !== "1") continue;
      const gx = x0 + k * GLYPH_W + (g % 3) * GLYPH_SCALE;
      const gy = y0 + Math.floor(g / 3) * GLYPH_SCALE;
      for (let dy = 0; dy < GLYPH_SCALE; dy++) for (let dx = 0; dx < GLYPH_SCALE; dx++) dot(gx + dx, gy + dy);
    }
  });
}
