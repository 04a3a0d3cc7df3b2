/**
 * How `mnist predict` turns a decoded image file into a model's input: MNIST's own preparation for a
 * model trained on MNIST, the pixels as they are (only the size checked) for any other data, so that a
 * file holding one of the model's data's images is predicted exactly as that image is.
 * @module
 */
import type { DatasetIdentity } from "@mnist/idx";
import { mnistify, type RasterImage, toBytes, toGray } from "@mnist/idx/image";
import { UsageError } from "../usage_error.ts";

/** The values of `--preprocess`. */
export const PREPROCESS_CHOICES = ["auto", "mnist", "none"] as const;

/** A `--preprocess` value. */
export type PreprocessChoice = (typeof PREPROCESS_CHOICES)[number];

/** What is done to an image file before the model sees it. */
export type Preprocess = Exclude<PreprocessChoice, "auto">;

/** Pixels of an MNIST image (28×28). */
const MNIST_FEATURES = 784;

/**
 * What `--preprocess auto` means for a model: MNIST's preparation when it was trained on MNIST (or
 * records no data and is MNIST-shaped, as `eval` then assumes MNIST), otherwise none.
 * @param dataset the data the model records, if any.
 * @param features the model's pixel count.
 */
export function preprocessFor(dataset: DatasetIdentity | undefined, features: number): Preprocess {
  if (dataset === undefined) return features === MNIST_FEATURES ? "mnist" : "none";
  return dataset.name === "mnist" ? "mnist" : "none";
}

/** An image file as a model's input. */
export interface ModelInput {
  /** `rows × columns` bytes, row-major. */
  readonly pixels: Uint8Array;
  /** What was done, for the output, e.g. `60×48, MNIST preprocessing, inverted`. */
  readonly note: string;
}

/**
 * Converts a decoded image into the input of a model of `size` (rows, columns).
 * - `mnist`: grayscale, inverted on a light background, the ink fitted into 20/28 of the size and
 *   centred by its centre of mass ({@link mnistify}); any image size.
 * - `none`: the gray bytes as they are (colour as luminance, alpha over white); the image must be the
 *   model's size.
 * @param image the decoded file.
 * @param path the file, for messages.
 * @param size the model's rows and columns.
 * @param preprocess what to do.
 * @throws {UsageError} with `none`, when the image is not the model's size (naming the file and both).
 */
export function modelInput(
  image: RasterImage,
  path: string,
  size: readonly [number, number],
  preprocess: Preprocess,
): ModelInput {
  const { width, height } = image;
  if (preprocess === "mnist") {
    const { pixels, inverted } = mnistify(image, { size });
    return { pixels, note: `${width}×${height}, MNIST preprocessing${inverted ? ", inverted" : ""}` };
  }
  const [rows, cols] = size;
  if (width !== cols || height !== rows) {
    throw new UsageError(
      `Cannot predict ${path}: the image is ${width}×${height}, expected the model's ${cols}×${rows} (width×height): without MNIST preprocessing an image is used as it is (--preprocess mnist fits any size)`,
    );
  }
  const pixels = image.channels === 1 ? Uint8Array.from(image.data) : toBytes(toGray(image));
  return { pixels, note: `${width}×${height}, no preprocessing` };
}
