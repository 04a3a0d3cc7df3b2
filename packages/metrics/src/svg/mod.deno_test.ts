// The headless charts and the run-log reader run in Deno (the CLI renders charts with them).
import { formatRecord, parseRunLog } from "@mnist/metrics";
import { sampleRun } from "../_test_fixtures.ts";
import { renderAccuracySvg, renderLossSvg } from "./mod.ts";

Deno.test("renderAccuracySvg and renderLossSvg draw a parsed run log in Deno", () => {
  const { records } = parseRunLog(sampleRun(5, 2).map(formatRecord).join(""));
  for (const svg of [renderAccuracySvg(records), renderLossSvg(records)]) {
    for (const label of ["train", "test"]) {
      if (!svg.includes(`<g data-series="${label}" data-points="5">`)) throw new Error(`no ${label} series`);
    }
    if (!svg.includes(">epoch</text>")) throw new Error("no x-axis label");
  }
});
