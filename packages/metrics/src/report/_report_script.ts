/**
 * The browser script of the HTML report: reads the inlined chart data and draws each chart with the
 * inlined uPlot. Plain JavaScript in a string, because it runs inside the report, not in this package.
 *
 * Runtime-neutral.
 * @module
 */

/** Script that expects `uPlot` global and a `<script type="application/json" id="run-data">`. */
export const REPORT_SCRIPT = /* js */ `
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("run-data").textContent);
  const decimals = (step) => {
    let d = 0;
    while (d < 10 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-9 * 10 ** d) d++;
    return d;
  };
  const num = (v) => {
    if (v == null || !Number.isFinite(v)) return "–";
    const a = Math.abs(v);
    return a !== 0 && (a >= 1e6 || a < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  };
  const charts = [];
  for (const c of data.charts) {
    const box = document.querySelector('[data-chart="' + c.kind + '"] .chart');
    if (!box) continue;
    box.textContent = "";
    const pct = c.yFormat === "percent";
    const value = (v) => (v == null ? (data.quietLegend ? "" : "–") : pct ? (v * 100).toFixed(2) + "%" : num(v));
    const ticks = (u, splits) => {
      const d = decimals(splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1);
      return splits.map((v) => (pct ? (v * 100).toFixed(Math.max(0, d - 2)) + "%" : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : v.toFixed(d)));
    };
    const integerX = c.x.every((x) => Number.isInteger(x));
    const grid = { stroke: "#e6e6e6", width: 1 };
    const opts = {
      title: c.title,
      width: Math.max(240, box.clientWidth),
      height: 320,
      scales: { x: { time: false } },
      series: [{ label: c.xLabel, value: (u, v) => (v == null ? (data.quietLegend ? "" : "–") : String(v)) }].concat(
        c.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2.5,
          value: (u, v) => value(v),
          points: { show: c.x.length <= 60, size: 7, fill: s.color, stroke: "#ffffff" },
          ...(s.dash ? { dash: s.dash } : {}),
        })),
      ),
      axes: [
        { label: c.xLabel, labelSize: 24, stroke: "#444", grid, ticks: grid, incrs: integerX ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000] : undefined },
        { label: c.yLabel, labelSize: 24, stroke: "#444", grid, ticks: grid, size: 64, values: ticks },
      ],
      cursor: { drag: { x: true, y: false } },
      legend: { markers: { dash: (u, i) => (u.series[i].dash ? "dashed" : "solid") } },
    };
    const u = new uPlot(opts, [c.x].concat(c.series.map((s) => s.values)), box);
    box.dataset.points = String(c.x.length);
    charts.push(u);
  }
  let pending = 0;
  addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      for (const u of charts) u.setSize({ width: Math.max(240, u.root.parentElement.clientWidth), height: 320 });
    });
  });
  window.mnistReport = { charts, data };
})();
`;
