import { formatRecord } from "@mnist/metrics";

Deno.test("formatRecord writes one JSON line", () => {
  const line = formatRecord({ type: "checkpoint", epoch: 1, path: "a" });
  if (!line.endsWith("\n") || JSON.parse(line).epoch !== 1) throw new Error(line);
});
