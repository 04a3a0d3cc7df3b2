/**
 * The picture of `@mnist/idx/augment` in the READMEs: a few test digits (top row) and, below them,
 * two seeded deformations of each by every kind — elastic, affine, both — as `mnist augment` makes them.
 * Developers and CI only.
 * @module
 */
import { AUGMENT_KINDS, createAugmenter } from "@mnist/idx/augment";
import { Random } from "@mnist/tensor";
import { encodePng } from "./png.ts";

/** Deformations drawn per kind (rows of the picture). */
const PER_KIND = 2;

/**
 * The first `count` images of `images` (`side × side` each) and their deformations as a grayscale PNG,
 * dark ink on white, each image magnified `scale` times with a white gutter between images and a wider
 * one between the kinds.
 */
export function augmentDigitsPng(images: Uint8Array, side: number, count = 12, scale = 2): Uint8Array {
  const rowsOfImages: Uint8Array[][] = [[]];
  for (let i = 0; i < count; i++)
    rowsOfImages[0].push(images.subarray(i * side * side, (i + 1) * side * side));
  AUGMENT_KINDS.forEach((kind, k) => {
    const augmenter = createAugmenter({ kind, rows: side, cols: side });
    const random = new Random(k + 1);
    for (let r = 0; r < PER_KIND; r++) {
      rowsOfImages.push(
        rowsOfImages[0].map((src) => {
          const dst = new Uint8Array(side * side);
          augmenter.deform(src, dst, random);
          return dst;
        }),
      );
    }
  });
  const cell = side * scale;
  const gap = 2;
  const groupGap = 8;
  const width = count * cell + (count - 1) * gap;
  const rowTop = (r: number) =>
    r * (cell + gap) + (r === 0 ? 0 : Math.floor((r - 1) / PER_KIND) + 1) * groupGap;
  const height = rowTop(rowsOfImages.length - 1) + cell;
  const px = new Uint8Array(width * height).fill(255);
  rowsOfImages.forEach((row, r) => {
    row.forEach((image, c) => {
      const ox = c * (cell + gap);
      const oy = rowTop(r);
      for (let y = 0; y < cell; y++) {
        for (let x = 0; x < cell; x++) {
          px[(oy + y) * width + ox + x] = 255 - image[Math.floor(y / scale) * side + Math.floor(x / scale)];
        }
      }
    });
  });
  return encodePng(width, height, px, 1);
}
