import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gzip } from "./_test_fixtures.ts";
import { describeIdx } from "./describe_idx.ts";
import { encodeIdx } from "./encode_idx.ts";
import { mnistDataDir } from "./fs.ts";
import { MNIST } from "./known_datasets.ts";

describe("describeIdx", () => {
  it("describes the MNIST test labels: type, dims, SHA-256, match, histogram", async () => {
    const bytes = await readFile(join(mnistDataDir(), "t10k-labels-idx1-ubyte"));
    const d = await describeIdx(bytes, "t10k-labels-idx1-ubyte");
    expect([d.type, d.dims, d.gzip, d.storedBytes]).toEqual(["u8", [10000], false, 10008]);
    expect(d.sha256).toBe(MNIST.files.testLabels.sha256);
    expect(d.known).toEqual({ dataset: MNIST, role: "testLabels" });
    expect(d.labelHistogram).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it("describes a gzip image file of an unknown dataset, hashing the uncompressed bytes", async () => {
    const raw = encodeIdx({ type: "u8", dims: [2, 2, 2], data: new Uint8Array(8) });
    const d = await describeIdx(await gzip(raw), "x.gz");
    expect([d.gzip, d.type, d.dims, d.known, d.labelHistogram]).toEqual([
      true,
      "u8",
      [2, 2, 2],
      undefined,
      undefined,
    ]);
    expect(d.sha256).toBe(createHash("sha256").update(raw).digest("hex"));
  });

  it("throws the parser's error for a malformed file", async () => {
    await expect(describeIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 1]), "bad")).rejects.toThrow(
      "Cannot parse IDX header of bad: data is 1 bytes, expected 2 for 2 u8",
    );
  });
});
