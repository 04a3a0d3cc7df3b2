import { parseIdx } from "@mnist/idx";

Deno.test("parseIdx reads big-endian i16 in Deno", () => {
  const idx = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]));
  if (idx.data[0] !== 0x0102 || idx.data[1] !== -2) throw new Error(`got ${Array.from(idx.data)}`);
});
