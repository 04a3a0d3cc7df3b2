/**
 * The checks the CPU and WebGPU backends' `uploadDataset` make before they store anything.
 *
 * Runtime-neutral.
 * @module
 */

/**
 * Checks that `images` hold `labels.length × features` bytes and every label is below `classes`.
 * @throws {RangeError} naming the size found, or the first label out of range and its row.
 */
export function checkDatasetUpload(
  images: Uint8Array,
  labels: Uint8Array,
  features: number,
  classes: number,
): void {
  const count = labels.length;
  if (images.length !== count * features) {
    throw new RangeError(
      `Cannot upload dataset: images hold ${images.length} bytes, expected ${count}×${features} = ${count * features}`,
    );
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classes) {
      throw new RangeError(
        `Cannot upload dataset: label ${labels[i]} at row ${i} is not below ${classes} classes`,
      );
    }
  }
}
