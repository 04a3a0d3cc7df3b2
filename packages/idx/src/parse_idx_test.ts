import { describe, expect, it } from "vitest";
import { parseIdx } from "./parse_idx.ts";

describe("parseIdx", () => {
  it("parses u8 labels zero-copy", () => {
    const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    const idx = parseIdx(bytes);
    expect(idx.type).toBe("u8");
    expect(idx.dims).toEqual([3]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3]);
    expect((idx.data as Uint8Array).buffer).toBe(bytes.buffer);
  });
  it("names the file and the sizes when data is truncated", () => {
    const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2]);
    expect(() => parseIdx(bytes, "labels")).toThrow(
      "Cannot parse IDX header of labels: data is 2 bytes, expected 3 for 3 u8",
    );
  });
  it("rejects an unknown type code", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]))).toThrow(SyntaxError);
  });
});
