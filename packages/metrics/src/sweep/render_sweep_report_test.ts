import { describe, expect, it } from "vitest";
import { logTicks } from "../svg/_ticks.ts";
import { sampleSweep } from "./_sweep_fixtures.ts";
import {
  renderSweepCurvesSvg,
  renderSweepHeatmapSvg,
  renderSweepReportHtml,
  renderSweepScatterSvg,
} from "./mod.ts";

const count = (s: string, sub: string) => s.split(sub).length - 1;
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

describe("logTicks", () => {
  it("puts the powers of ten on an axis spanning decades, and 2× 5× on a narrow one", () => {
    expect(logTicks(0.001, 1)).toEqual({ min: 0.001, max: 1, values: [0.001, 0.01, 0.1, 1] });
    expect(logTicks(0.01, 0.3)).toEqual({ min: 0.01, max: 0.5, values: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5] });
  });
  it("gives a single value ticks either side", () => {
    const t = logTicks(0.05, 0.05);
    expect(t.min).toBeLessThan(0.05);
    expect(t.max).toBeGreaterThan(0.05);
  });
});

describe("renderSweepScatterSvg", () => {
  const { manifest } = sampleSweep(LRS);
  const svg = renderSweepScatterSvg(manifest, "lr");

  it("draws one point per configuration, the best one marked", () => {
    expect(count(svg, "<circle data-run=")).toBe(LRS.length);
    for (const r of manifest.runs) expect(svg).toContain(`data-run="${r.id}"`);
    expect(count(svg, " data-best ")).toBe(1);
    expect(svg).toContain(`data-run="${manifest.best}" data-best`);
  });

  it("places lr on a log axis: equal ratios, equal distances", () => {
    expect(svg).toContain('data-scale="log"');
    expect(svg).toContain("learning rate (log scale)");
    const ticks = svg.split('data-role="x-ticks"')[1].split("</g>")[0];
    expect([...ticks.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(["0.001", "0.01", "0.1", "1"]);
    const cx = [...svg.matchAll(/<circle data-run="[^"]+"(?: data-best)? cx="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    // 0.001 → 0.01 is one decade, as is 0.01 → 0.1.
    expect(cx[2] - cx[0]).toBeCloseTo(cx[4] - cx[2], 1);
    expect(cx[1] - cx[0]).toBeLessThan(cx[2] - cx[1]); // 3× is more than half a decade
  });

  it("is higher for the better configuration", () => {
    const cy = (id: string) => Number(new RegExp(`data-run="${id}"[^>]* cy="([\\d.]+)"`).exec(svg)?.[1]);
    expect(cy(manifest.best as string)).toBeLessThan(cy(manifest.runs[0].id));
  });

  it("uses a linear axis for momentum, categories for batch sizes and names", () => {
    const { manifest: m } = sampleSweep([0.1], [50, 100, 200]);
    expect(renderSweepScatterSvg(m, "batchSize")).toContain('data-scale="category"');
    const momenta = {
      ...m,
      keys: ["momentum"],
      runs: m.runs.map((r, i) => ({ ...r, values: { momentum: i * 0.45 } })),
    };
    expect(renderSweepScatterSvg(momenta, "momentum")).toContain('data-scale="linear"');
    const named = {
      ...m,
      keys: ["loss"],
      runs: m.runs.map((r, i) => ({ ...r, values: { loss: i % 2 ? "mse" : "cross-entropy" } })),
    };
    const s = renderSweepScatterSvg(named, "loss");
    expect(s).toContain('data-scale="category"');
    expect(s).toContain(">cross-entropy</text>");
  });
});

describe("renderSweepHeatmapSvg", () => {
  it("draws one cell per configuration on the grid of the two values", () => {
    const { manifest } = sampleSweep([0.01, 0.1, 1], [50, 100]);
    const svg = renderSweepHeatmapSvg(manifest, "lr", "batchSize");
    expect(count(svg, '<rect data-role="cell"')).toBe(6);
    const cells = [...svg.matchAll(/data-role="cell" data-run="([^"]+)" x="([\d.]+)" y="([\d.]+)"/g)];
    expect(new Set(cells.map((c) => c[2])).size).toBe(3);
    expect(new Set(cells.map((c) => c[3])).size).toBe(2);
    // The best cell is the darkest: its colour is the top of the scale.
    const best = new RegExp(`data-run="${manifest.best}"[^>]* fill="([^"]+)"`).exec(svg)?.[1];
    expect(best).toBe("rgb(37,52,148)");
  });
});

describe("renderSweepCurvesSvg", () => {
  it("overlays one validation curve per configuration, without a legend", () => {
    const { manifest, logs } = sampleSweep([0.01, 0.1, 1]);
    const svg = renderSweepCurvesSvg(manifest, logs, "valAccuracy");
    for (const r of manifest.runs) expect(svg).toContain(`<g data-series="${r.id}" data-points="3">`);
    expect(svg).not.toContain('data-role="legend" font-size="13" fill="#333333">\n<line');
  });
});

describe("renderSweepReportHtml", () => {
  it("holds a chart per swept value, the heat map for two, both curve charts and a row per configuration", () => {
    const { manifest, logs } = sampleSweep([0.01, 0.1], [50, 100]);
    const html = renderSweepReportHtml(manifest, logs, { source: "sweeps/a" });
    expect(count(html, "<svg ")).toBe(2 + 1 + 2);
    expect(count(html, "<tr data-run=") + count(html, '<tr class="best" data-run=')).toBe(4);
    expect(html).toContain(`href="${encodeURI(`${manifest.runs[0].dir}/report.html`)}"`);
    expect(html).not.toContain("<script");
  });

  it("escapes what comes from the files", () => {
    const { manifest, logs } = sampleSweep([0.1]);
    const evil = { ...manifest, runs: [{ ...manifest.runs[0], id: "<img src=x onerror=alert(1)>" }] };
    const html = renderSweepReportHtml(evil, logs);
    expect(html).not.toContain("<img");
  });
});
