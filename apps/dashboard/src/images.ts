/**
 * Drawing H×W images into canvases: dataset images in grey, weight vectors with a diverging colour scale.
 * @module
 */
import { diverging } from "@mnist/metrics";

type Rgb = readonly [number, number, number];

/** Rows and columns of an image. */
export type Shape = readonly [rows: number, cols: number];

/** A `rows × cols` canvas whose pixel `i` (row-major) has colour `color(i)`. */
function rgbCanvas([rows, cols]: Shape, color: (i: number) => Rgb): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = color(i);
    img.data[i * 4] = r;
    img.data[i * 4 + 1] = g;
    img.data[i * 4 + 2] = b;
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/** Creates a canvas showing `pixels` (bytes, 0 = black) of a `rows × cols` image. */
export function digitCanvas(pixels: Uint8Array, shape: Shape = [28, 28]): HTMLCanvasElement {
  return rgbCanvas(shape, (i) => [pixels[i], pixels[i], pixels[i]]);
}

/**
 * The image shape a model's inputs most likely have when nothing recorded it: 28×28 for 784 inputs,
 * a square when the count is one, else a single row.
 */
export function guessShape(features: number): Shape {
  const side = Math.round(Math.sqrt(features));
  return side * side === features ? [side, side] : [1, features];
}

/**
 * Draws the weight column of class `c` (input-major `W[F×C]`) as an image, scaled symmetrically by `limit`.
 */
export function weightCanvas(
  weight: Float32Array,
  classes: number,
  c: number,
  limit: number,
  shape: Shape = [28, 28],
): HTMLCanvasElement {
  return rgbCanvas(shape, (k) => diverging(weight[k * classes + c] / limit));
}

/** A robust symmetric colour limit: the 99th percentile of |w|, so a few outliers don't wash it out. */
export function weightLimit(weight: Float32Array): number {
  const abs = Float32Array.from(weight, Math.abs).sort();
  return abs[Math.floor(0.99 * (abs.length - 1))] || 1;
}
