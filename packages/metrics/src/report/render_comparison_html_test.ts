import { describe, expect, it } from "vitest";
import { sampleRun } from "../_test_fixtures.ts";
import type { RunDataset, RunLogRecord, RunStartRecord } from "../run_log.ts";
import { renderComparisonHtml } from "./mod.ts";

function run(config: Record<string, unknown>, epochs = 3, dataset?: RunDataset): RunLogRecord[] {
  const [start, ...rest] = sampleRun(epochs, 2);
  const s = start as RunStartRecord;
  return [{ ...s, config: { ...s.config, ...config }, ...(dataset ? { dataset } : {}) }, ...rest];
}

const dataset = (name: string, sum: string): RunDataset => ({
  name,
  dir: `/data/${name}`,
  files: { trainImages: { name: "t", sha256: sum.repeat(64) } },
  imageShape: [28, 28],
  classCount: 10,
  classNames: Array.from({ length: 10 }, (_, i) => String(i)),
});

/** The inlined chart data of a page. */
function chartsOf(
  html: string,
): { kind: string; series: { label: string; color: string; dash?: number[] }[] }[] {
  return JSON.parse(html.split('<script type="application/json" id="run-data">')[1].split("</script>")[0])
    .charts;
}

describe("renderComparisonHtml", () => {
  it("overlays both runs, highlights the differing settings and shows final metrics side by side", () => {
    const html = renderComparisonHtml([
      { name: "lr-0.1", records: run({ lr: 0.1 }), source: "runs/lr-0.1" },
      { name: "lr-0.5", records: run({ lr: 0.5, batchSize: 50 }, 4), source: "runs/lr-0.5" },
    ]);
    expect(html).toContain("<title>Comparison of 2 runs</title>");
    expect(html).toMatch(
      /<tr class="differs" data-differs="true" data-key="lr"><th scope="row">lr<\/th><td>0.1<\/td><td>0.5<\/td><\/tr>/,
    );
    expect(html).toMatch(/<tr class="differs" data-differs="true" data-key="batchSize">/);
    expect(html).toMatch(/<tr data-key="loss"><th scope="row">loss<\/th><td>mse<\/td><td>mse<\/td><\/tr>/);
    // lr, batchSize and epochs (the fixture records its epoch count).
    expect(html).toContain("3 settings differ (highlighted, marked ≠).");
    expect(html).toMatch(/<tr data-metric="epochs"><th scope="row">epochs<\/th><td>3<\/td><td>4<\/td><\/tr>/);
    // 0.9 - 0.1/4 = 87.50% beats 0.9 - 0.1/3 = 86.67% and is marked best.
    expect(html).toContain(
      '<th scope="row">best test accuracy</th><td>86.67% (epoch 3)</td><td class="best">87.50% (epoch 4)</td>',
    );
    const charts = chartsOf(html);
    expect(charts.map((c) => c.kind)).toEqual(["accuracy", "loss"]);
    expect(charts[0].series.map((s) => s.label)).toEqual([
      "lr-0.1 train 84.00%",
      "lr-0.1 test 86.67%",
      "lr-0.5 train 85.00%",
      "lr-0.5 test 87.50%",
    ]);
    expect(charts[0].series[1].dash).toBeDefined();
    expect(charts[0].series[0].color).not.toBe(charts[0].series[2].color);
    expect(html).toContain("runs/lr-0.1");
    expect(html).not.toContain('data-role="data-note"');
    // No external references: the page works offline.
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });

  it("compares runs on different data under a banner instead of refusing", () => {
    const html = renderComparisonHtml([
      { name: "digits", records: run({}, 2, dataset("mnist", "a")) },
      { name: "clothes", records: run({}, 2, dataset("fashion-mnist", "b")) },
    ]);
    expect(html).toMatch(
      /<p class="banner" role="note" data-role="data-note">These runs trained on different data: MNIST \(digits\); Fashion-MNIST \(clothes\)\./,
    );
    expect(html).toMatch(
      /data-key="dataset"><th scope="row">dataset<\/th><td>MNIST<\/td><td>Fashion-MNIST<\/td>/,
    );
    const same = renderComparisonHtml([
      { name: "a", records: run({ lr: 1 }, 2, dataset("mnist", "a")) },
      { name: "b", records: run({ lr: 2 }, 2, dataset("mnist", "a")) },
    ]);
    expect(same).toContain("<title>MNIST: comparison of 2 runs</title>");
  });

  it("escapes run names and configuration from the logs", () => {
    const evil = "</script><img src=x onerror=alert(1)>";
    const html = renderComparisonHtml([
      { name: evil, records: run({ [evil]: evil }) },
      { name: "b", records: run({}) },
    ]);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html.match(/<\/script>/g)?.length).toBe(3);
  });
});
