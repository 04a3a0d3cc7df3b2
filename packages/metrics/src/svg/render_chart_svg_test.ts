import { describe, expect, it } from "vitest";
import { sampleRun } from "../_test_fixtures.ts";
import type { RunStartRecord } from "../run_log.ts";
import { chartData, RunSeries } from "../run_series.ts";
import { niceTicks } from "./_ticks.ts";
import { renderAccuracySvg, renderChartSvg, renderLossSvg, renderStepLossSvg } from "./mod.ts";

const count = (s: string, sub: string) => s.split(sub).length - 1;

describe("chart titles", () => {
  it("name the dataset the run log records, and claim none when it records none", () => {
    const [start, ...rest] = sampleRun(3, 0);
    const dataset = {
      name: "custom",
      dir: "data/shapes",
      files: Object.fromEntries(
        ["trainImages", "trainLabels", "testImages", "testLabels"].map((r) => [
          r,
          { name: r, sha256: "a".repeat(64) },
        ]),
      ),
      imageShape: [16, 16] as [number, number],
      classCount: 3,
      classNames: ["a", "b", "c"],
    };
    const svg = renderAccuracySvg([{ ...(start as RunStartRecord), dataset }, ...rest]);
    expect(svg).toContain("<title>Accuracy per epoch — custom dataset data/shapes</title>");
    expect(renderLossSvg(sampleRun(3, 0))).toContain("<title>Loss per epoch</title>");
  });
});

describe("renderAccuracySvg", () => {
  const svg = renderAccuracySvg(sampleRun(10, 3));

  it("draws train and test with one marker per epoch, labelled axes and a legend", () => {
    for (const label of ["train", "test"]) {
      const group = svg.split(`<g data-series="${label}" data-points="10">`)[1]?.split("</g>\n</g>")[0];
      expect(group, label).toBeDefined();
      expect(count(group!, "<circle")).toBe(10);
      expect(count(group!.split('d="')[1].split('"')[0], "L")).toBe(9);
    }
    expect(svg).toContain(">epoch</text>");
    expect(svg).toContain(">accuracy</text>");
    expect(svg).toMatch(/<g data-role="legend"[\s\S]*>train<[\s\S]*>test</);
    expect(svg).toMatch(/>\d+%<\/text>/);
  });

  it("maps the highest accuracy to the top half of the plot", () => {
    const s = RunSeries.from(sampleRun(10, 0));
    const data = chartData(s, "accuracy");
    const out = renderChartSvg(data, { width: 400, height: 300 });
    const ys = [...out.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(20);
    // test accuracy rises every epoch, so its y coordinate (growing downwards) falls.
    const test = ys.slice(10);
    for (let i = 1; i < test.length; i++) expect(test[i]).toBeLessThan(test[i - 1]);
  });
});

describe("renderChartSvg", () => {
  it("escapes every piece of text", () => {
    const svg = renderChartSvg({
      kind: "loss",
      title: "<script>alert(1)</script>",
      xLabel: 'x" onload="alert(1)',
      yLabel: "&",
      yFormat: "number",
      x: [1, 2],
      series: [{ label: "<b>", color: '"/><script>', values: [1, 2] }],
    });
    expect(svg).not.toMatch(/<script|<b>|onload="/);
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps a dense series' envelope in a bounded number of vertices and breaks lines at gaps", () => {
    const svg = renderStepLossSvg(sampleRun(100, 600), { width: 500, height: 300 });
    const d = svg.split('<path d="')[1].split('"')[0];
    expect(count(d, "L")).toBeLessThan(4 * 500);
    expect(svg).toContain('data-points="60000"');
    const gap = renderChartSvg({
      kind: "loss",
      title: "t",
      xLabel: "x",
      yLabel: "y",
      yFormat: "number",
      x: [1, 2, 3, 4],
      series: [{ label: "a", color: "#000", values: [1, null, 3, 4] }],
    });
    expect(gap.split('<path d="')[1].split('"')[0]).toMatch(/^M[\d. ]+M[\d. ]+L[\d. ]+$/);
  });

  it("renders an empty log without throwing", () => {
    expect(renderLossSvg([])).toContain("no data yet");
  });
});

describe("niceTicks", () => {
  it("covers the data with round steps", () => {
    expect(niceTicks(0.83, 0.91, 5)).toMatchObject({
      step: 0.02,
      values: [0.82, 0.84, 0.86, 0.88, 0.9, 0.92],
    });
    expect(niceTicks(1, 10, 5, true).values).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(3, 3, 4, true).values).toEqual([2, 3, 4]);
  });
});

describe("dashed series and a long legend", () => {
  it("dash a series that asks for it, wrap the legend and move the plot down by the extra rows", () => {
    const series = Array.from({ length: 6 }, (_, i) => ({
      label: `run-number-${i} test 88.88%`,
      color: "#123456",
      values: [0.5, 0.6],
      ...(i % 2 ? { dash: [8, 5] } : {}),
    }));
    const data = {
      kind: "accuracy",
      title: "t",
      xLabel: "epoch",
      yLabel: "y",
      yFormat: "percent",
      x: [1, 2],
    } as const;
    const svg = renderChartSvg({ ...data, series }, { width: 640, height: 400 });
    // Three dashed paths and three dashed legend swatches.
    expect(count(svg, 'stroke-dasharray="8 5"')).toBe(6);
    const rows = new Set([...svg.matchAll(/<line x1="[\d.]+" y1="([\d.]+)"/g)].map((m) => m[1]));
    expect(rows.size).toBeGreaterThan(1);
    const plot = /data-role="plot-area" x="72" y="([\d.]+)"/.exec(svg)!;
    expect(Number(plot[1])).toBe(62 + 20 * (rows.size - 1));
    // A short legend keeps one row and the plot where it was.
    const one = renderChartSvg({ ...data, series: series.slice(0, 1) });
    expect(one).toContain('data-role="plot-area" x="72" y="62"');
  });
});
