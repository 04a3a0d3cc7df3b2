// Dataset identity: the real Fashion-MNIST (Debian's dataset-fashion-mnist), MNIST, and a custom
// 16×16 set of 3 classes generated here; the record, its validator, sameData and re-verification.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzip, syntheticSplit } from "./_test_fixtures.ts";
import { type DatasetIdentity, sameData, validateDatasetIdentity } from "./dataset_identity.ts";
import { dirSource, loadDatasetDir, loadEmbeddedMnist, mnistDataDir, verifyDatasetDir } from "./fs.ts";
import { DATASET_ROLES, FASHION_MNIST, MNIST } from "./known_datasets.ts";
import { type LoadedDataset, loadDataset } from "./load_dataset.ts";

const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
const work = mkdtempSync(join(tmpdir(), "idx-identity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("Fashion-MNIST (dataset-fashion-mnist)", () => {
  let fashion: LoadedDataset;
  beforeAll(async () => {
    fashion = await loadDatasetDir(FASHION_DIR);
  }, 60_000);

  it("has the sums the constants pin, computed here from the .gz files", async () => {
    for (const role of DATASET_ROLES) {
      const f = FASHION_MNIST.files[role];
      const raw = gunzipSync(await readFile(join(FASHION_DIR, `${f.name}.gz`)));
      expect(createHash("sha256").update(raw).digest("hex"), f.name).toBe(f.sha256);
    }
  });

  it("is recognised with its name and class names, and its identity is plain JSON", () => {
    expect(fashion.known).toBe(FASHION_MNIST);
    const id = fashion.identity;
    expect(id.name).toBe("fashion-mnist");
    expect(id.dir).toBe(FASHION_DIR);
    expect(id.imageShape).toEqual([28, 28]);
    expect(id.classCount).toBe(10);
    expect(id.classNames[0]).toBe("T-shirt/top");
    expect(id.classNames[9]).toBe("Ankle boot");
    expect(id.files.trainImages).toEqual({
      name: "train-images-idx3-ubyte.gz",
      sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    });
    const back = JSON.parse(JSON.stringify(id));
    expect(back).toEqual(id);
    expect(validateDatasetIdentity(back)).toEqual(id);
    expect([fashion.train.count, fashion.test.count, fashion.train.classes]).toEqual([60000, 10000, 10]);
  });

  it("re-verifies against the recorded identity, and names the file whose sum differs", async () => {
    await verifyDatasetDir(fashion.identity);
    const copy = join(work, "fashion");
    mkdirSync(copy);
    for (const role of DATASET_ROLES) {
      const name = fashion.identity.files[role].name;
      copyFileSync(join(FASHION_DIR, name), join(copy, name));
    }
    await verifyDatasetDir(fashion.identity, copy);
    // Another valid gzip of other bytes in place of the test labels.
    const labels = gunzipSync(await readFile(join(copy, "t10k-labels-idx1-ubyte.gz")));
    labels[8 + 5] = (labels[8 + 5] + 1) % 10;
    writeFileSync(join(copy, "t10k-labels-idx1-ubyte.gz"), await gzip(labels));
    await expect(verifyDatasetDir(fashion.identity, copy)).rejects.toThrow(
      new RegExp(
        `^Cannot verify ${copy}/t10k-labels-idx1-ubyte\\.gz: SHA-256 is [0-9a-f]{64}, expected 0402a96d[0-9a-f]{56} \\(recorded for testLabels of fashion-mnist\\)$`,
      ),
    );
    await expect(verifyDatasetDir(fashion.identity, join(work, "gone"))).rejects.toThrow(
      `Cannot verify dataset in ${join(work, "gone")}: directory not found, expected the directory holding the files of fashion-mnist`,
    );
  });

  it("is the same data as itself from another directory, not the same as MNIST", async () => {
    const mnist = await loadEmbeddedMnist();
    expect(mnist.identity.name).toBe("mnist");
    expect(mnist.identity.classNames).toEqual(MNIST.classNames);
    expect(sameData(fashion.identity, { ...fashion.identity, dir: "elsewhere" })).toBe(true);
    expect(sameData(fashion.identity, mnist.identity)).toBe(false);
  });
});

/** Writes a 16×16 set of 3 classes (optionally with classes.txt) and returns its directory. */
function writeCustom(name: string, classesTxt?: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const train = syntheticSplit(30, (i) => i % 3, 16, 16);
  const test = syntheticSplit(9, (i) => (i * 2) % 3, 16, 16);
  const files: Record<string, Uint8Array> = {
    "train-images-idx3-ubyte": train.images,
    "train-labels-idx1-ubyte": train.labels,
    "t10k-images-idx3-ubyte": test.images,
    "t10k-labels-idx1-ubyte": test.labels,
  };
  for (const [n, bytes] of Object.entries(files)) writeFileSync(join(dir, n), bytes);
  if (classesTxt !== undefined) writeFileSync(join(dir, "classes.txt"), classesTxt);
  return dir;
}

describe("a custom 16×16 set of 3 classes", () => {
  it("loads with class names from classes.txt beside the IDX files", async () => {
    const dir = writeCustom("shapes", "circle\r\nsquare\ntriangle\n");
    const ds = await loadDatasetDir(dir);
    expect(ds.known).toBeUndefined();
    expect([ds.train.rows, ds.train.cols, ds.train.features, ds.train.classes]).toEqual([16, 16, 256, 3]);
    const id: DatasetIdentity = ds.identity;
    expect(id).toMatchObject({ name: "custom", dir, imageShape: [16, 16], classCount: 3 });
    expect(id.classNames).toEqual(["circle", "square", "triangle"]);
    expect(id.files.testLabels.sha256).toMatch(/^[0-9a-f]{64}$/);
    await verifyDatasetDir(id);
  });

  it("takes class names from the classNames option, and numbers them without either", async () => {
    const dir = writeCustom("plain");
    expect((await loadDatasetDir(dir)).identity.classNames).toEqual(["0", "1", "2"]);
    const named = await loadDatasetDir(dir, { classNames: ["a", "b", "c"] });
    expect(named.identity.classNames).toEqual(["a", "b", "c"]);
    const wider = await loadDatasetDir(dir, { classNames: ["a", "b", "c", "d"] });
    expect([wider.train.classes, wider.identity.classCount]).toEqual([4, 4]);
  });

  it("refuses class names that do not cover the labels or do not match the count", async () => {
    const dir = writeCustom("two-names", "circle\nsquare\n");
    await expect(loadDatasetDir(dir)).rejects.toThrow(
      "Cannot load dataset from train-labels-idx1-ubyte: label 2 in row 2, expected labels below 2 (the 2 class names)",
    );
    const blank = writeCustom("blank-line", "circle\n\ntriangle\n");
    await expect(loadDatasetDir(blank)).rejects.toThrow(
      `Cannot read ${blank}/classes.txt: line 2 is blank, expected one class name per line`,
    );
    await expect(loadDatasetDir(writeCustom("count", "a\nb\nc\n"), { classes: 4 })).rejects.toThrow(
      "Cannot load dataset: classes.txt has 3 class names, expected 4 (one per class)",
    );
  });
});

describe("labels of data shaped like a known dataset", () => {
  // MNIST with one label set to 255: the sums no longer match, the shape still does.
  const corrupt = async (name: string) => {
    const bytes = await readFile(join(mnistDataDir(), name));
    if (name.startsWith("train-labels")) bytes[8 + 1234] = 255;
    return bytes;
  };
  const source = () => ({ ...dirSource(mnistDataDir()), read: corrupt });

  it("are an error naming the file and row", async () => {
    await expect(loadDataset(source())).rejects.toThrow(
      "Cannot load dataset from train-labels-idx1-ubyte: label 255 in row 1234, expected labels below 10 (the 10 classes of data shaped like MNIST; pass the classes option for more)",
    );
  }, 30_000);

  it("load with an explicit class count, as custom data", async () => {
    const ds = await loadDataset(source(), { classes: 256 });
    expect([ds.train.classes, ds.identity.name, ds.identity.classCount]).toEqual([256, "custom", 256]);
    expect(ds.train.labels[1234]).toBe(255);
  }, 30_000);
});

describe("validateDatasetIdentity", () => {
  const sum = "a".repeat(64);
  const good = {
    name: "custom",
    dir: "d",
    files: Object.fromEntries(DATASET_ROLES.map((r) => [r, { name: r, sha256: sum }])),
    imageShape: [16, 16],
    classCount: 3,
    classNames: ["a", "b", "c"],
  };

  it("names the first bad field in one line", () => {
    const bad = (patch: object) => () =>
      validateDatasetIdentity({ ...good, ...patch }, "model.json field dataset");
    expect(bad({ files: { ...good.files, trainLabels: { name: "x", sha256: "ABC" } } })).toThrow(
      'Cannot read model.json field dataset: field files.trainLabels.sha256 is "ABC", expected 64 lowercase hex digits',
    );
    expect(bad({ imageShape: [16] })).toThrow("field imageShape is [16], expected [rows, columns]");
    expect(bad({ classNames: ["a", "b"] })).toThrow(
      'field classNames is ["a","b"], expected an array of 3 names',
    );
    expect(bad({ classCount: undefined })).toThrow(
      "field classCount is missing, expected an integer from 1 to 256",
    );
    expect(() => validateDatasetIdentity(null)).toThrow(
      "Cannot read dataset identity: field (the record) is null",
    );
    expect(validateDatasetIdentity({ ...good, extra: 1 })).toEqual(good);
  });

  it("sameData ignores the directory and file names but not a sum, the shape or the class count", () => {
    const a = validateDatasetIdentity(good);
    const renamed = validateDatasetIdentity({ ...good, dir: "e", classNames: ["x", "y", "z"] });
    expect(sameData(a, renamed)).toBe(true);
    const other = { ...a, files: { ...a.files, testImages: { name: "t", sha256: "b".repeat(64) } } };
    expect(sameData(a, other)).toBe(false);
    expect(sameData(a, { ...a, imageShape: [8, 32] })).toBe(false);
    expect(sameData(a, { ...a, classCount: 4, classNames: ["a", "b", "c", "d"] })).toBe(false);
  });
});
