/**
 * The sweep view: validation accuracy against a swept value (the sweep report's chart, inline SVG),
 * one point per configuration; selecting a point opens that configuration's run in the run view.
 * Shows sweeps opened from files or a URL, and the small sweep trained in the browser as it goes.
 * @module
 */
import { renderSweepScatterSvg, type SweepManifest, sweepKeyLabel } from "@mnist/metrics/sweep";

/** What selecting a configuration does. */
export type SelectRun = (id: string) => void;

/** Renders a sweep into its box. */
export class SweepPanel {
  readonly #box: HTMLElement;
  #manifest: SweepManifest | null = null;
  #key = "";

  /**
   * @param box the element the view fills (shown once a sweep is set).
   * @param select called with a configuration's id when its point is clicked or chosen by keyboard.
   */
  constructor(box: HTMLElement, select: SelectRun) {
    this.#box = box;
    const pick = (target: EventTarget | null) => {
      const id = (target as Element | null)?.closest?.("[data-run]")?.getAttribute("data-run");
      if (id) select(id);
    };
    box.addEventListener("click", (e) => pick(e.target));
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        pick(e.target);
      }
    });
    box.addEventListener("change", (e) => {
      const t = e.target as HTMLSelectElement;
      if (t.name === "sweep-key" && this.#manifest) this.#render(this.#manifest, t.value);
    });
  }

  /** The sweep shown, if any. */
  get manifest(): SweepManifest | null {
    return this.#manifest;
  }

  /** Shows a sweep (again, as results come in); the chart is of the learning rate when it is swept. */
  show(manifest: SweepManifest): void {
    const key = manifest.keys.includes(this.#key)
      ? this.#key
      : manifest.keys.includes("lr")
        ? "lr"
        : (manifest.keys[0] ?? "lr");
    this.#render(manifest, key);
  }

  #render(manifest: SweepManifest, key: string): void {
    this.#manifest = manifest;
    this.#key = key;
    const box = this.#box;
    box.hidden = false;
    box.dataset.runs = String(manifest.runs.length);
    box.dataset.key = key;
    const best = manifest.runs.find((r) => r.id === manifest.best);
    const head = document.createElement("p");
    head.className = "sweep-head";
    head.textContent = `${manifest.runs.length} configurations, ${manifest.runs.filter((r) => r.status === "done").length} done; best: ${best ? `${best.id} (${((best.bestValAccuracy ?? 0) * 100).toFixed(2)}% validation accuracy)` : "none yet"}. Select a point to open that run.`;
    const nodes: Node[] = [head];
    if (manifest.keys.length > 1) {
      const label = document.createElement("label");
      label.textContent = "Swept value ";
      const select = document.createElement("select");
      select.name = "sweep-key";
      for (const k of manifest.keys) select.append(new Option(sweepKeyLabel(k), k, false, k === key));
      label.append(select);
      nodes.push(label);
    }
    const chart = document.createElement("div");
    chart.className = "sweep-chart";
    // The SVG is built by @mnist/metrics from escaped text; its points become keyboard targets here.
    chart.innerHTML = renderSweepScatterSvg(
      { ...manifest, keys: manifest.keys.length ? manifest.keys : [key] },
      key,
    );
    for (const point of chart.querySelectorAll("[data-run]")) {
      point.setAttribute("tabindex", "0");
      point.setAttribute("role", "button");
      point.setAttribute("aria-label", `open ${point.getAttribute("data-run")}`);
    }
    nodes.push(chart);
    box.replaceChildren(...nodes);
  }
}
