/**
 * The explanation panel of one prediction: the input, the contribution maps `W_c ⊙ x` of the
 * predicted class and the runner-up on one symmetric diverging scale with its legend, and the logit
 * breakdown per class (bias + Σ contributions = logit → probability). The model is linear, so this is
 * the whole story of the prediction, not an approximation. All text goes in through `textContent`.
 * @module
 */
import "./explain.css";
import { diverging, divergingGradientCss, divergingLegend } from "@mnist/metrics";
import { type Explanation, explain, type LinearParameters } from "@mnist/softmax";
import type { Shape } from "./images.ts";
import { classLabel } from "./run_data.ts";

/** What to explain and how to name it. */
export interface ExplainTarget {
  readonly model: LinearParameters;
  /** The pixel bytes the model sees, `rows × cols`. */
  readonly image: Uint8Array;
  readonly shape: Shape;
  readonly names?: readonly string[];
  /** The image in words, e.g. "test image 1234" or "your drawing". */
  readonly title: string;
  /** The true class, when known. */
  readonly label?: number;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function rgbCanvas([rows, cols]: Shape, colour: (i: number) => readonly number[], label: string) {
  const canvas = document.createElement("canvas");
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext("2d")!;
  const img = ctx.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    img.data.set(colour(i), i * 4);
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  canvas.style.aspectRatio = `${cols} / ${rows}`;
  return canvas;
}

const fixed = (v: number) => v.toFixed(4);

/**
 * Renders the explanation of `target` into `box` (replacing what was there).
 * @returns the explanation shown
 */
export function renderExplanation(box: HTMLElement, target: ExplainTarget): Explanation {
  const { model, image, shape, names, title, label } = target;
  const e = explain(model, image, { shape, top: 0 });
  const name = (c: number) => classLabel(names, c);
  const { predicted, runnerUp } = e;
  const limit = e.scale > 0 ? e.scale : 1;
  const panel = el("div", undefined, "explain");
  panel.dataset.predicted = String(predicted);
  panel.dataset.runnerUp = String(runnerUp);

  const truth = label === undefined ? "" : ` (true class ${name(label)})`;
  const p = e.classes[predicted].probability;
  panel.append(
    el("h4", `Why ${title}${truth} is predicted ${name(predicted)} (${(p * 100).toFixed(1)}%)`),
    el(
      "p",
      "Each class's score (logit) is its bias plus one contribution per pixel: weight × pixel value / 255. The maps show those contributions for the predicted class and the runner-up on the same scale.",
      "hint",
    ),
  );

  const maps = el("div", undefined, "explain-maps");
  const figure = (canvas: HTMLCanvasElement, caption: string, role: string) => {
    const fig = el("figure");
    fig.dataset.role = role;
    fig.append(canvas, el("figcaption", caption));
    maps.append(fig);
  };
  figure(
    rgbCanvas(shape, (i) => [image[i], image[i], image[i]], `${title}: the ${shape[0]}×${shape[1]} input`),
    "Input",
    "input",
  );
  for (const [c, role] of [
    [predicted, "predicted"],
    [runnerUp, "runner-up"],
  ] as const) {
    if (c < 0) continue;
    const map = e.classes[c].contributions;
    const canvas = rgbCanvas(
      shape,
      (i) => diverging(map[i] / limit),
      `Contributions to the logit of ${name(c)}: red raises it, blue lowers it`,
    );
    figure(canvas, `${name(c)} (${role})`, role);
  }
  panel.append(maps);

  const legend = el("div", undefined, "explain-legend");
  const ramp = el("span", undefined, "ramp");
  ramp.style.background = divergingGradientCss();
  ramp.setAttribute("aria-hidden", "true");
  const [low, , high] = divergingLegend(limit).ticks;
  legend.append(
    el("span", low[1]),
    ramp,
    el("span", high[1]),
    el("span", "per pixel: blue lowers the logit, red raises it, white has no effect", "hint"),
  );
  panel.append(legend);
  // A narrow screen scrolls the table, not the page.
  const tableBox = el("div", undefined, "explain-table-box");
  tableBox.append(breakdownTable(e, name));
  panel.append(tableBox);
  box.replaceChildren(panel);
  return e;
}

function breakdownTable(e: Explanation, name: (c: number) => string): HTMLTableElement {
  const table = el("table", undefined, "explain-table");
  table.append(
    el(
      "caption",
      "Logit breakdown: bias + Σ contributions = logit; softmax of the logits = probability. Red row: predicted; blue row: runner-up.",
    ),
  );
  const head = el("tr");
  for (const h of ["class", "bias", "+ Σ contrib.", "= logit", "probability"]) {
    const th = el("th", h);
    th.scope = "col";
    head.append(th);
  }
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const c of e.classes) {
    const tr = el("tr");
    tr.dataset.class = String(c.class);
    const role = c.class === e.predicted ? "predicted" : c.class === e.runnerUp ? "runner-up" : "";
    if (role) tr.className = role;
    const th = el("th", name(c.class));
    th.scope = "row";
    if (role) th.append(el("span", ` ${role}`, "role"));
    tr.append(
      th,
      Object.assign(el("td", fixed(c.bias)), { className: "bias" }),
      Object.assign(el("td", fixed(c.contributionSum)), { className: "sum" }),
      Object.assign(el("td", fixed(c.logit)), { className: "logit" }),
      Object.assign(el("td", `${(c.probability * 100).toFixed(2)}%`), { className: "probability" }),
    );
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}
