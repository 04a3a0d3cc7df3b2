/**
 * The gallery of one confusion-matrix cell: its test images as thumbnails with the model's confidence
 * in the predicted class, sortable, each opening its explanation (explain_view.ts).
 * @module
 */
import { SoftmaxRegression } from "@mnist/softmax";
import { renderExplanation } from "./explain_view.ts";
import { digitCanvas } from "./images.ts";
import type { WireModel } from "./protocol.ts";
import type { Evaluation } from "./results.ts";
import { classLabel } from "./run_data.ts";

/** At most this many thumbnails (the least or most confident, as sorted). */
const LIMIT = 120;

/** The cell to show. */
export interface CellGalleryOptions {
  readonly evaluation: Evaluation;
  /** The model that made the predictions (null: thumbnails without confidence or explanations). */
  readonly model: WireModel | null;
  /** True and predicted class. */
  readonly t: number;
  readonly p: number;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** Renders the gallery of cell (t, p) into `box`. */
export function showCellGallery(box: HTMLElement, { evaluation: ev, model, t, p }: CellGalleryOptions): void {
  const names = ev.identity.classNames;
  const name = (c: number) => classLabel(names, c);
  const size = ev.shape[0] * ev.shape[1];
  const image = (i: number) => ev.images.subarray(i * size, (i + 1) * size);
  const matches: number[] = [];
  for (let i = 0; i < ev.labels.length; i++) {
    if (ev.labels[i] === t && ev.predictions[i] === p) matches.push(i);
  }
  const linear =
    model && model.features === size
      ? new SoftmaxRegression(model.features, model.classes, model.weight, model.bias)
      : null;
  const confidence = new Map<number, number>();
  if (linear) {
    const batch = new Uint8Array(matches.length * size);
    for (const [k, i] of matches.entries()) batch.set(image(i), k * size);
    const probs = linear.probabilities(batch);
    for (const [k, i] of matches.entries()) confidence.set(i, probs[k * linear.classes + p]);
  }

  const what = t === p ? "correctly classified" : `misclassified as ${name(p)}`;
  const shown = Math.min(LIMIT, matches.length);
  const heading = el("h4");
  const controls = el("div", undefined, "gallery-controls");
  const sort = el("select");
  sort.id = "cell-sort";
  for (const [value, text] of [
    ["ascending", "least confident first"],
    ["descending", "most confident first"],
    ["index", "test-set order"],
  ]) {
    sort.append(Object.assign(el("option", text), { value }));
  }
  sort.value = linear ? "ascending" : "index";
  sort.disabled = !linear;
  const sortLabel = el("label", "Sort ");
  sortLabel.append(sort);
  controls.append(sortLabel);
  const explainBox = el("div", undefined, "cell-explain");
  explainBox.id = "cell-explain";
  const thumbs = el("div", undefined, "cell-thumbs");
  thumbs.style.display = "contents";

  const render = () => {
    const order = [...matches];
    const c = (i: number) => confidence.get(i) ?? 0;
    if (sort.value === "ascending") order.sort((a, b) => c(a) - c(b) || a - b);
    else if (sort.value === "descending") order.sort((a, b) => c(b) - c(a) || a - b);
    const chosen = order.slice(0, LIMIT);
    const which = matches.length > shown ? ` (${shown} ${sort.value === "index" ? "first" : "shown"})` : "";
    heading.textContent = `True ${name(t)}, ${what}: ${matches.length} test image${matches.length === 1 ? "" : "s"}${which}`;
    thumbs.replaceChildren(
      ...chosen.map((i) => {
        const canvas = digitCanvas(image(i), ev.shape);
        const conf = confidence.get(i);
        const percent = conf === undefined ? "" : `${(conf * 100).toFixed(1)}%`;
        const text = `test image ${i}: label ${name(t)}, predicted ${name(p)}${percent ? ` with ${percent} confidence` : ""}`;
        if (!linear) {
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", text);
          canvas.title = text;
          return canvas;
        }
        const button = el("button", undefined, "thumb");
        button.type = "button";
        button.dataset.index = String(i);
        button.dataset.confidence = String(conf);
        button.setAttribute("aria-pressed", "false");
        button.setAttribute("aria-label", `${text}; show why`);
        button.title = text;
        button.append(canvas, el("span", percent));
        button.addEventListener("click", () => {
          for (const b of thumbs.querySelectorAll("button")) b.setAttribute("aria-pressed", "false");
          button.setAttribute("aria-pressed", "true");
          renderExplanation(explainBox, {
            model: linear,
            image: image(i),
            shape: ev.shape,
            names,
            title: `test image ${i}`,
            label: t,
          });
          explainBox.scrollIntoView({ block: "nearest" });
        });
        return button;
      }),
    );
  };
  sort.addEventListener("change", render);
  render();
  const hint = linear ? el("p", "Select an image to see why the model predicted its class.", "hint") : null;
  box.replaceChildren(heading, ...(hint ? [hint] : []), controls, explainBox, thumbs);
}
