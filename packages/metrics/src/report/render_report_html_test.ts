import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without types
import { uplotAssetsModule, uplotDist } from "../../scripts/generate_uplot_assets.mjs";
import { sampleRun } from "../_test_fixtures.ts";
import type { RunLogRecord } from "../run_log.ts";
import { UPLOT_CSS, UPLOT_JS } from "./_uplot_assets.ts";
import { renderReportHtml } from "./mod.ts";

const FASHION_START = {
  ...(sampleRun(1, 0)[0] as object),
  dataset: {
    name: "fashion-mnist",
    dir: "/data/fashion",
    files: Object.fromEntries(
      ["trainImages", "trainLabels", "testImages", "testLabels"].map((r, i) => [
        r,
        { name: `${r}.gz`, sha256: String(i).repeat(64) },
      ]),
    ),
    imageShape: [28, 28],
    classCount: 10,
    classNames: [
      "T-shirt/top",
      "Trouser",
      "Pullover",
      "Dress",
      "Coat",
      "Sandal",
      "Shirt",
      "Sneaker",
      "Bag",
      "Ankle boot",
    ],
  },
} as RunLogRecord;

describe("renderReportHtml", () => {
  it("names the dataset in the title, the summary and every class of the confusion matrix", () => {
    const html = renderReportHtml([FASHION_START, ...sampleRun(3, 0).slice(1)]);
    expect(html).toContain("<title>Fashion-MNIST run report</title>");
    expect(html).toContain("<th>dataset</th><td>Fashion-MNIST (/data/fashion), 28×28, 10 classes</td>");
    expect(html).toContain("<th>Ankle boot</th>");
    expect(html).toMatch(/<td>T-shirt\/top<\/td><td>[\d.]+%<\/td>/);
    expect(html).not.toMatch(/digit/i);
    // A log that does not record its data claims none.
    const old = renderReportHtml(sampleRun(3, 0));
    expect(old).toContain("<title>Run report</title>");
    expect(old).toContain("<th>dataset</th><td>not recorded</td>");
  });

  it("inlines uPlot, its stylesheet and the data, and references nothing external", () => {
    const html = renderReportHtml(sampleRun(10, 5), { source: "runs/demo" });
    expect(html).toContain(UPLOT_JS.slice(0, 2000));
    expect(html).toContain(UPLOT_CSS.slice(0, 200));
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const json = html.split('<script type="application/json" id="run-data">')[1].split("</script>")[0];
    const data = JSON.parse(json);
    expect(data.charts.map((c: { kind: string }) => c.kind)).toEqual(["accuracy", "loss", "step-loss", "lr"]);
    expect(data.charts[0].x).toHaveLength(10);
    expect(html).toContain('data-role="confusion"');
    expect(html).toMatch(/<li>\d read as \d: \d+<\/li>/);
  });

  it("escapes markup from the log in text and in the inlined data", () => {
    const evil = "</script><script>window.pwned=1</script><img src=x onerror=alert(1)>";
    const records: RunLogRecord[] = [
      { ...(sampleRun(1, 0)[0] as object), config: { [evil]: evil }, backend: evil } as RunLogRecord,
      { type: "error", time: evil, message: evil },
    ];
    const html = renderReportHtml(records, { title: evil, source: evil });
    expect(html).not.toContain("<script>window.pwned");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;window.pwned=1");
    expect(html).toMatch(/status<\/th><td>failed: &lt;\/script&gt;/);
  });

  it("names the backend once, whether or not the reason already starts with it", () => {
    const [start, ...rest] = sampleRun(2, 5);
    const plain = renderReportHtml([start, ...rest]);
    expect(plain).toContain("cpu (no WebGPU adapter)");
    const spelled = { ...start, backendReason: "cpu (requested)" } as RunLogRecord;
    const html = renderReportHtml([spelled, ...rest]);
    expect(html).toContain("cpu (requested)");
    expect(html).not.toContain("cpu (cpu (requested))");
  });

  it("marks an interrupted run and still draws what it has", () => {
    const html = renderReportHtml(sampleRun(3, 2).slice(0, -1));
    expect(html).toContain("interrupted (no run-end record)");
  });

  it("calls a run stopped with Ctrl-C interrupted, not failed, as the run list does", () => {
    const stopped: RunLogRecord[] = [
      ...sampleRun(3, 2).slice(0, -1),
      { type: "error", time: "t", message: "Interrupted by Ctrl-C; the last checkpoint is after epoch 2" },
    ];
    const html = renderReportHtml(stopped);
    expect(html).toMatch(/status<\/th><td>interrupted by Ctrl-C; the last checkpoint is after epoch 2</);
    expect(html).not.toContain('class="summary failed"');
    const failed = renderReportHtml([
      ...stopped.slice(0, -1),
      { type: "error", time: "t", message: "Disk full" },
    ]);
    expect(failed).toMatch(/status<\/th><td>failed: Disk full</);
    expect(failed).toContain('class="summary failed"');
  });
});

describe("src/report/_uplot_assets.ts", () => {
  it("matches the installed uPlot (regenerate with `pnpm --filter @mnist/metrics generate`)", () => {
    const dist = uplotDist();
    expect(UPLOT_JS).toBe(readFileSync(join(dist, "uPlot.iife.min.js"), "utf8").trim());
    expect(UPLOT_CSS).toBe(readFileSync(join(dist, "uPlot.min.css"), "utf8").trim());
    const committed = readFileSync(new URL("./_uplot_assets.ts", import.meta.url), "utf8");
    expect(uplotAssetsModule(dist)).toBe(committed);
  });
});
