import { describe, expect, it } from "vitest";
import { sampleRun } from "./_test_fixtures.ts";
import { renderReportHtml } from "./report/render_report_html.ts";
import type { RunLogRecord } from "./run_log.ts";
import { chartData, RunSeries } from "./run_series.ts";
import { renderAccuracySvg, renderLossSvg } from "./svg/mod.ts";

/** The sample run with a validation split: val metrics per epoch, a kept epoch and an early stop. */
function withValidation(): RunLogRecord[] {
  return sampleRun(3, 2).map((r) => {
    if (r.type === "run-start") return { ...r, config: { ...r.config, val: 500 } };
    if (r.type === "epoch") return { ...r, valAccuracy: 0.5 + r.epoch / 10, valLoss: 1 / r.epoch };
    if (r.type === "run-end") return { ...r, keptEpoch: 2, stopped: "no validation improvement in 1 epoch" };
    return r;
  });
}

describe("validation series", () => {
  it("adds a val line beside train and test only for a run with a split", () => {
    const plain = RunSeries.from(sampleRun(3, 2));
    expect(chartData(plain, "accuracy").series.map((s) => s.label)).toEqual(["train", "test"]);
    const val = RunSeries.from(withValidation());
    expect(chartData(val, "accuracy").series.map((s) => s.label)).toEqual(["train", "val", "test"]);
    expect(chartData(val, "accuracy").series[1].values).toEqual([0.6, 0.7, 0.8]);
    expect(chartData(val, "loss").series[1].values).toEqual([1, 0.5, 1 / 3]);
    // Fixed from the run-start on, so a live chart does not change its series at the first epoch.
    expect(RunSeries.from(withValidation().slice(0, 1)).hasValidation).toBe(true);
  });

  it("draws the val series in the SVG charts", () => {
    for (const svg of [renderAccuracySvg(withValidation()), renderLossSvg(withValidation())]) {
      const series = [...svg.matchAll(/<g data-series="(\w+)" data-points="(\d+)">/g)].map(
        (m) => `${m[1]}:${m[2]}`,
      );
      expect(series).toEqual(["train:3", "val:3", "test:3"]);
    }
    expect(renderAccuracySvg(sampleRun(3, 2))).not.toContain('data-series="val"');
  });

  it("shows val columns, the best val epoch, the kept epoch and the stop reason in the report", () => {
    const html = renderReportHtml(withValidation());
    expect(html).toContain("<th>val accuracy</th>");
    expect(html).toContain("<th>val loss</th>");
    expect(html).toMatch(/best validation accuracy<\/th><td>80\.00% \(epoch 3\)/);
    expect(html).toMatch(/final model<\/th><td>epoch 2 \(best validation accuracy\)/);
    expect(html).toContain("no validation improvement in 1 epoch");
    expect(renderReportHtml(sampleRun(3, 2))).not.toContain("val accuracy");
  });
});
