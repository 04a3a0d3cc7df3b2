import { describe, expect, it } from "vitest";
import { encodeIdx } from "./encode_idx.ts";
import { parseIdxHeader } from "./parse_header.ts";
import { decodeIdxData, parseIdx } from "./parse_idx.ts";

const header = (type: number, dims: number[]) => {
  const b = new Uint8Array(4 + 4 * dims.length);
  b[2] = type;
  b[3] = dims.length;
  const view = new DataView(b.buffer);
  for (let i = 0; i < dims.length; i++) view.setUint32(4 + 4 * i, dims[i]);
  return b;
};
const file = (type: number, dims: number[], data: number[]) =>
  new Uint8Array([...header(type, dims), ...data]);

describe("parseIdx", () => {
  it("parses u8 labels zero-copy", () => {
    const bytes = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    const idx = parseIdx(bytes);
    expect(idx.type).toBe("u8");
    expect(idx.dims).toEqual([3]);
    expect(Array.from(idx.data)).toEqual([1, 2, 3]);
    expect((idx.data as Uint8Array).buffer).toBe(bytes.buffer);
  });

  it("decodes every element type from big-endian", () => {
    expect(Array.from(parseIdx(file(0x09, [2], [0x80, 0x7f])).data)).toEqual([-128, 127]);
    expect(Array.from(parseIdx(file(0x0b, [2], [0x01, 0x02, 0xff, 0xfe])).data)).toEqual([0x0102, -2]);
    expect(Array.from(parseIdx(file(0x0c, [1], [0x80, 0, 0, 1])).data)).toEqual([-0x7fffffff]);
    expect(Array.from(parseIdx(file(0x0d, [1], [0x3f, 0xc0, 0, 0])).data)).toEqual([1.5]);
    expect(Array.from(parseIdx(file(0x0e, [1], [0xc0, 0x04, 0, 0, 0, 0, 0, 0])).data)).toEqual([-2.5]);
  });

  it("parses a rank-255 header", () => {
    const dims = Array.from({ length: 255 }, (_, i) => (i === 0 ? 2 : 1));
    const idx = parseIdx(file(0x08, dims, [4, 5]));
    expect(idx.dims.length).toBe(255);
    expect(Array.from(idx.data)).toEqual([4, 5]);
  });

  it("reads data from a view that does not start at offset 0", () => {
    const backing = new Uint8Array(3 + 10);
    backing.set(file(0x0b, [1], [0x12, 0x34]), 3);
    expect(parseIdx(backing.subarray(3, 13)).data[0]).toBe(0x1234);
  });

  it("names the file and the sizes when data is truncated", () => {
    expect(() => parseIdx(file(8, [3], [1, 2]), "labels")).toThrow(
      new RangeError("Cannot parse IDX header of labels: data is 2 bytes, expected 3 for 3 u8"),
    );
  });

  it("reports a truncated MNIST image file as the issue words it", () => {
    const bytes = new Uint8Array(16 + 47039000);
    bytes.set(header(8, [60000, 28, 28]));
    expect(() => parseIdx(bytes, "train-images-idx3-ubyte")).toThrow(
      "Cannot parse IDX header of train-images-idx3-ubyte: data is 47039000 bytes, expected 47040000 for 60000×28×28 u8",
    );
  });

  it("rejects trailing bytes", () => {
    expect(() => parseIdx(file(8, [2], [1, 2, 3]), "x")).toThrow(
      "Cannot parse IDX header of x: data is 3 bytes, expected 2 for 2 u8",
    );
  });

  it("rejects a file shorter than the magic", () => {
    expect(() => parseIdx(new Uint8Array([0, 0]), "f")).toThrow(
      new RangeError("Cannot parse IDX header of f: file is 2 bytes, expected at least 4"),
    );
  });

  it("rejects non-zero leading magic bytes", () => {
    expect(() => parseIdx(new Uint8Array([0, 1, 8, 1, 0, 0, 0, 0]), "f")).toThrow(
      new SyntaxError(
        "Cannot parse IDX header of f: magic is 0x00010801, expected 0x0000TTRR with type TT in 08, 09, 0B, 0C, 0D, 0E",
      ),
    );
  });

  it("rejects an unknown type code", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]))).toThrow(SyntaxError);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]))).toThrow(/magic is 0x00000a01/);
  });

  it("rejects rank 0", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 0]), "f")).toThrow(
      new RangeError("Cannot parse IDX header of f: rank is 0, expected at least 1"),
    );
  });

  it("rejects a header cut short of its dimensions", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), "f")).toThrow(
      new RangeError("Cannot parse IDX header of f: file is 8 bytes, expected at least 16 for rank 3"),
    );
  });

  it("rejects dimensions whose product overflows", () => {
    const dims = [0xffffffff, 0xffffffff];
    expect(() => parseIdxHeader(header(0x0e, dims), "f")).toThrow(
      new RangeError(
        "Cannot parse IDX header of f: dimensions 4294967295×4294967295 f64 overflow, expected at most 2^53 bytes of data",
      ),
    );
  });

  it("rejects dimensions that declare more data than the input holds, without allocating it", () => {
    const bytes = header(0x0e, [0xffffffff, 0x1000]);
    expect(() => parseIdx(bytes, "f")).toThrow(
      "Cannot parse IDX header of f: data is 0 bytes, expected 140737488322560 for 4294967295×4096 f64",
    );
  });

  it("accepts a zero dimension even after huge ones", () => {
    const idx = parseIdx(header(8, [0xffffffff, 0xffffffff, 0]));
    expect(idx.data.length).toBe(0);
  });

  it("omits the file name when none is given", () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8]))).toThrow(
      "Cannot parse IDX header: file is 3 bytes, expected at least 4",
    );
  });
});

describe("decodeIdxData", () => {
  it("converts f64 data bit for bit, NaN payloads included", () => {
    const bits = new Uint8Array([0x7f, 0xf0, 0, 0, 0, 0, 0, 0x01]);
    const out = decodeIdxData(bits, "f64");
    expect(Array.from(new Uint8Array(out.buffer).reverse())).toEqual(Array.from(bits));
  });
  it("round-trips through encodeIdx for a f32 array", () => {
    const data = new Float32Array([1, -0, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(parseIdx(encodeIdx({ type: "f32", dims: [4], data })).data).toEqual(data);
  });
});
