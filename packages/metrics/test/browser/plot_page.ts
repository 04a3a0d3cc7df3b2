/**
 * The in-browser half of the live-chart test: feeds `LiveRunCharts` records the way a training loop
 * would and reports how many frames were requested and how many redraws happened.
 */
import { sampleRun } from "../../src/_test_fixtures.ts";
import { LiveRunCharts } from "../../src/plot/mod.ts";

export interface LiveResults {
  readonly framesRequested: number;
  readonly redrawsAfterBurst: number;
  readonly redrawsAfterFrames: number;
  readonly drawHooks: number;
  readonly points: Record<string, number>;
  readonly xLegends: Record<string, string | null>;
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

async function run(): Promise<LiveResults> {
  const target = document.createElement("div");
  target.id = "live";
  target.style.width = "620px";
  document.body.append(target);
  let framesRequested = 0;
  const live = new LiveRunCharts(target, {
    width: 600,
    height: 280,
    requestFrame: (cb) => {
      framesRequested++;
      return requestAnimationFrame(cb);
    },
  });
  let drawHooks = 0;
  for (const u of live.charts.values()) u.hooks.draw = [...(u.hooks.draw ?? []), () => drawHooks++];
  const records = sampleRun(10, 60);
  // A burst: all of the run appended between two frames, record by record.
  for (const r of records.slice(0, -60)) live.append(r);
  await nextFrame();
  await nextFrame();
  const redrawsAfterBurst = live.redraws;
  // Then a few records per frame, as a live run produces them.
  for (const r of records.slice(-60)) {
    live.append(r);
    await nextFrame();
  }
  await nextFrame();
  const points = Object.fromEntries([...live.charts].map(([k, u]) => [k, u.data[0].length]));
  const xLegends = Object.fromEntries(
    [...live.charts].map(([k, u]) => [k, u.root.querySelector(".u-legend .u-label")?.textContent ?? null]),
  );
  return {
    xLegends,
    framesRequested,
    redrawsAfterBurst,
    redrawsAfterFrames: live.redraws,
    drawHooks,
    points,
  };
}

(globalThis as { __live?: Promise<LiveResults> }).__live = run();
