import { describe, expect, it } from "vitest";
import { SoftmaxRegression } from "./model.ts";
import { decodeModelJson, encodeModelJson, MODEL_JSON_FORMAT } from "./model_json.ts";

// Values exact in float32, so a round trip through JSON numbers compares equal.
const model = () => SoftmaxRegression.fromTorchLayout([0.5, -1, 2, 0.25, 3, -4], [0.125, -0.5], 3);

describe("JSON model", () => {
  it("encodes PyTorch-layout rows, one line", () => {
    const text = encodeModelJson(model());
    expect(text).toBe(
      `{"format":"${MODEL_JSON_FORMAT}","features":3,"classes":2,"weight":[[0.5,-1,2],[0.25,3,-4]],"bias":[0.125,-0.5]}\n`,
    );
  });

  it("round-trips", () => {
    const m = model();
    const back = decodeModelJson(encodeModelJson(m), "m.json");
    expect(back.features).toBe(3);
    expect(back.classes).toBe(2);
    expect(Array.from(back.weight)).toEqual(Array.from(m.weight));
    expect(Array.from(back.bias)).toEqual(Array.from(m.bias));
  });

  it("also reads a flat weight array in PyTorch layout", () => {
    const m = decodeModelJson(JSON.stringify({ weight: [1, 2, 3, 4, 5, 6], bias: [7, 8] }));
    expect(m.features).toBe(3);
    // input-major: W[k×C]; torch weight row c = class c.
    expect(Array.from(m.weight)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it("names the file and the field when the content is wrong", () => {
    expect(() => decodeModelJson("{", "a.json")).toThrow(/^Cannot read model a\.json: not valid JSON/);
    expect(() => decodeModelJson('{"format":"x"}', "b.json")).toThrow(
      /Cannot read model b\.json: found no weight and bias arrays/,
    );
    expect(() => decodeModelJson('{"weight":[[1,2],[3]],"bias":[1,2]}', "c.json")).toThrow(
      /Cannot read model c\.json: weight has 2 rows of 2 and 1 values/,
    );
    expect(() => decodeModelJson('{"weight":[[1,2]],"bias":[1,2]}', "d.json")).toThrow(/expected 2 rows/);
    expect(() => decodeModelJson('{"weight":[1,2,3],"bias":[1,2]}', "e.json")).toThrow(
      /weight has 3 values, expected a multiple of 2/,
    );
    expect(() => decodeModelJson('{"weight":[1,null,3,4],"bias":[1,2]}', "f.json")).toThrow(
      /Cannot read model f\.json: weight\[1\] is null, expected a finite number/,
    );
    expect(() => decodeModelJson('{"weight":[1,2,3,4],"bias":["1",2]}', "g.json")).toThrow(
      /bias\[0\] is "1"/,
    );
  });
});
